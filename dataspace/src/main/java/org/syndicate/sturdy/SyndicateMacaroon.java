package org.syndicate.sturdy;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.preserves.text.TextWriter;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/syndicate-macaroon}: the sturdy-ref tool of syndicate-rs ({@code syndicate-tools},
 * {@code syndicate-macaroon mint}; reference note syndicate-server.md §4.1).
 *
 * <pre>
 *   syndicate-macaroon mint --oid OID (--phrase TEXT | --hex HEX) [--caveat CAVEAT]…
 * </pre>
 *
 * <p>OID and each CAVEAT are Preserves text. The key is the UTF-8 bytes of the phrase (not a
 * hash of it, as in the reference), or the bytes of the hex digits (whitespace ignored). Caveats
 * are appended in the order given (so the last one runs first). Prints the sturdy ref in
 * Preserves text on one line.
 *
 * <p>Exit status: 0 on success; 1 when OID, a CAVEAT or HEX cannot be read or a caveat is invalid
 * (the message says which argument and where); 2 for a usage error.
 */
@Command(
    name = "syndicate-macaroon",
    mixinStandardHelpOptions = true,
    version = "syndicate-macaroon (Java) 0.1",
    description = "Mint sturdy refs (macaroons) for a Syndicate server.",
    subcommands = {SyndicateMacaroon.Mint.class})
public final class SyndicateMacaroon implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand: a usage error. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (try: mint)");
  }

  /** The {@code mint} subcommand. */
  @Command(name = "mint", mixinStandardHelpOptions = true, description = "Mint a fresh sturdy ref.")
  static final class Mint implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--oid", required = true, paramLabel = "OID", description = "Preserves value to use as the sturdy ref's oid")
    String oid;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    @Option(names = "--caveat", paramLabel = "CAVEAT", description = "Preserves caveat to append (repeatable; the last runs first)")
    List<String> caveats = new ArrayList<>();

    static final class Key {
      @Option(names = "--phrase", paramLabel = "TEXT", description = "Key phrase (its UTF-8 bytes are the key)")
      String phrase;

      @Option(names = "--hex", paramLabel = "HEX", description = "Key bytes, encoded as hex")
      String hex;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        Value oidValue = readText("oid", oid);
        byte[] keyBytes;
        if (key.hex != null) {
          try {
            keyBytes = Hex.parse(key.hex);
          } catch (IllegalArgumentException e) {
            err.println("Could not parse hex key: " + e.getMessage());
            return 1;
          }
        } else {
          keyBytes = key.phrase.getBytes(StandardCharsets.UTF_8);
        }
        List<Value> caveatValues = new ArrayList<>();
        for (int i = 0; i < caveats.size(); i++) caveatValues.add(readText("caveat " + i, caveats.get(i)));
        SturdyRef ref = SturdyRef.mint(oidValue, keyBytes).attenuate(caveatValues);
        out.println(TextWriter.toText(ref.toValue()));
        out.flush();
        return 0;
      } catch (BadArgument e) {
        err.println(e.getMessage());
        return 1;
      } catch (CaveatException e) {
        err.println("Invalid caveat: " + e.getMessage());
        return 1;
      } finally {
        err.flush();
      }
    }

    private static Value readText(String what, String text) {
      try {
        return TextReader.parse(text);
      } catch (PreservesException e) {
        throw new BadArgument("Could not parse " + what + ": " + e.getMessage());
      }
    }
  }

  private static final class BadArgument extends RuntimeException {
    BadArgument(String message) {
      super(message);
    }
  }

  /**
   * Runs the tool in-process.
   *
   * @param out standard output
   * @param err standard error
   * @param args command-line arguments
   * @return the exit status
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SyndicateMacaroon());
    cl.setOut(out);
    cl.setErr(err);
    int status = cl.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /** Entry point of {@code bin/syndicate-macaroon}. */
  public static void main(String[] args) {
    System.exit(
        run(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            args));
  }
}
