package org.syndicate.preserves.tool;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.preserves.text.TextWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code preserves-tool convert}: reads every value on standard input and writes each to standard
 * output in the chosen syntax.
 *
 * <ul>
 *   <li>Input {@code text}: a stream of values in the text syntax (UTF-8; whitespace and trailing
 *       comments allowed at the end). {@code binary}: values back to back. {@code auto} (default):
 *       binary when the first byte that is not space, tab, CR or LF is {@code >= 0x80}, else text
 *       (preserves.md §2.1, the relay's test).
 *   <li>Output {@code binary}: canonical form ({@link BinaryWriter.Mode#CANONICAL}); with {@code
 *       --annotations}, canonical order with annotations kept ({@link
 *       BinaryWriter.Mode#CANONICAL_WITH_ANNOTATIONS}: {@code samples.pr} converts to exactly {@code
 *       samples.bin}). {@code text} (default): one value per line, or indented with {@code
 *       --indent}, annotations only with {@code --annotations}.
 * </ul>
 *
 * <p>On bad input: the values before it are written, then one line {@code preserves-tool: <stdin>:
 * LINE:COLUMN: message} (text) or {@code ...: byte N: message} (binary) goes to stderr, exit 1.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = "Reads every Preserves value on stdin and writes each to stdout.")
final class ConvertCommand implements Callable<Integer> {
  static final String SOURCE = "<stdin>";

  /** Input syntaxes. */
  enum InputFormat {
    TEXT,
    BINARY,
    AUTO
  }

  /** Output syntaxes. */
  enum OutputFormat {
    TEXT,
    BINARY
  }

  @Option(
      names = "--input-format",
      paramLabel = "text|binary|auto",
      description = "Syntax of stdin (default: auto: binary if the first non-whitespace byte is >= 0x80).")
  InputFormat inputFormat = InputFormat.AUTO;

  @Option(names = "--output-format", paramLabel = "text|binary", description = "Syntax of stdout (default: text).")
  OutputFormat outputFormat = OutputFormat.TEXT;

  @Option(
      names = "--annotations",
      description = "Keep annotations (comments included); binary output then uses canonical order with annotations.")
  boolean annotations;

  @Option(names = "--indent", description = "Indented text output (2 spaces per level) instead of one value per line.")
  boolean indent;

  private final InputStream in;
  private final OutputStream stdout;
  private final PrintStream stderr;

  ConvertCommand(InputStream in, OutputStream stdout, PrintStream stderr) {
    this.in = in;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    byte[] input = in.readAllBytes();
    OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
    try {
      boolean binary =
          switch (inputFormat) {
            case BINARY -> true;
            case TEXT -> false;
            case AUTO -> looksBinary(input);
          };
      if (binary) {
        BinaryReader.Options opts = BinaryReader.Options.DEFAULT.withKeepAnnotations(annotations);
        BinaryReader r = new BinaryReader(input, opts);
        while (!r.atEnd()) emit(r.next(), out);
      } else {
        TextReader.Options opts =
            TextReader.Options.DEFAULT.withKeepAnnotations(annotations).withSourceName(SOURCE);
        TextReader r = new TextReader(decodeUtf8(input), opts);
        Value v;
        while ((v = r.next()) != null) emit(v, out);
      }
      return 0;
    } catch (PreservesException e) {
      out.flush();
      String msg = e.getMessage();
      if (!msg.startsWith(SOURCE)) msg = SOURCE + ": " + msg;
      stderr.println("preserves-tool: " + msg.replace('\n', ' '));
      return 1;
    } finally {
      out.flush();
    }
  }

  private void emit(Value v, OutputStream out) throws IOException {
    if (outputFormat == OutputFormat.BINARY) {
      BinaryWriter.Mode mode = annotations ? BinaryWriter.Mode.CANONICAL_WITH_ANNOTATIONS : BinaryWriter.Mode.CANONICAL;
      out.write(BinaryWriter.encode(v, mode));
    } else {
      TextWriter.Options o = TextWriter.Options.DEFAULT.withAnnotations(annotations).withIndent(indent ? 2 : 0);
      String s = TextWriter.toText(v, o) + "\n";
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** @return true when the first byte that is not space, tab, CR or LF is {@code >= 0x80}. */
  static boolean looksBinary(byte[] input) {
    for (byte b : input) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
      return (b & 0xff) >= 0x80;
    }
    return false;
  }

  /** Strict UTF-8 decoding; invalid bytes are a PreservesException naming the byte offset. */
  static String decodeUtf8(byte[] input) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bb = ByteBuffer.wrap(input);
    CharBuffer cb = CharBuffer.allocate(input.length);
    CoderResult r = dec.decode(bb, cb, true);
    if (!r.isError()) r = dec.flush(cb);
    if (r.isError()) {
      throw new PreservesException(SOURCE + ": byte " + bb.position() + ": invalid UTF-8 in text input");
    }
    cb.flip();
    return cb.toString();
  }
}
