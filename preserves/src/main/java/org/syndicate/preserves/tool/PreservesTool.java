package org.syndicate.preserves.tool;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/preserves-tool}: command-line utilities over Preserves data. Subcommands: {@code
 * convert} ({@link ConvertCommand}). {@code --help} on the tool or a subcommand prints usage.
 *
 * <p>Exit status: 0 on success, 1 on bad input (one line {@code preserves-tool: ...} on stderr
 * naming the position), 2 on bad usage.
 */
@Command(
    name = "preserves-tool",
    mixinStandardHelpOptions = true,
    version = "preserves-tool (Preserves 0.996 text and binary syntax)",
    description = "Converts and inspects Preserves data.",
    subcommandsRepeatable = false)
public final class PreservesTool implements Runnable {
  private final PrintStream out;

  private PreservesTool(PrintStream out) {
    this.out = out;
  }

  @Override
  public void run() {
    // No subcommand: show usage.
    new CommandLine(this).usage(out);
  }

  /**
   * Runs the tool on the process's standard streams and exits with its status.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.in, System.out, System.err);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Runs the tool in-process (used by tests).
   *
   * @param args command-line arguments
   * @param in standard input
   * @param stdout standard output (binary output is written raw)
   * @param stderr where errors and diagnostics go
   * @return the exit status
   */
  public static int run(String[] args, InputStream in, OutputStream stdout, PrintStream stderr) {
    PrintStream textOut = stdout instanceof PrintStream ps ? ps : new PrintStream(stdout, true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new PreservesTool(textOut));
    cl.addSubcommand("convert", new ConvertCommand(in, stdout, stderr));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(textOut, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
    return cl.execute(args);
  }
}
