package org.syndicate.preserves.schema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;

/**
 * {@code bin/preserves-schemac DIR…}: compiles every {@code .prs} file under each directory into
 * one bundle {@code <bundle {[module path]: <schema …>}>} (see {@link BundleCompiler}) and writes
 * its canonical binary encoding to standard output, like the reference {@code preserves-schemac}
 * with {@code --bundle}. On error, prints {@code file:line:column: message} to standard error and
 * exits with status 1; with no arguments, prints usage and exits with status 2.
 */
public final class Schemac {
  private Schemac() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the command.
   *
   * @param args the directories
   * @param out where the bundle's bytes go
   * @return the exit status: 0 on success, 1 on a compile or I/O error, 2 on bad usage
   */
  public static int run(String[] args, OutputStream out) {
    List<Path> dirs = new ArrayList<>();
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        System.err.println("usage: preserves-schemac DIR...   (writes the canonical binary bundle to stdout)");
        return 0;
      }
      if (a.startsWith("-")) {
        System.err.println("preserves-schemac: unknown option " + a);
        return 2;
      }
      dirs.add(Path.of(a));
    }
    if (dirs.isEmpty()) {
      System.err.println("usage: preserves-schemac DIR...   (writes the canonical binary bundle to stdout)");
      return 2;
    }
    try {
      for (Path d : dirs) {
        if (!java.nio.file.Files.isDirectory(d)) throw new PreservesException(d + ": not a directory");
      }
      Value bundle = BundleCompiler.compileSources(dirs);
      out.write(BinaryWriter.canonical(bundle));
      out.flush();
      return 0;
    } catch (PreservesException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("preserves-schemac: " + e.getMessage());
      return 1;
    }
  }
}
