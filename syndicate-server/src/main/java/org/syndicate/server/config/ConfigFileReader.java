package org.syndicate.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.server.script.CompiledScript;
import org.syndicate.server.script.Script;
import org.syndicate.server.script.ScriptError;
import org.syndicate.server.script.ScriptParseException;

/**
 * Reads and compiles one config file into a {@link FileSnapshot} (reference note
 * syndicate-server.md §5.1, §5.9). Blocking; runs on the watcher's virtual thread, never in a turn.
 *
 * <ul>
 *   <li>Missing, or not a regular file (following symlinks): {@link FileSnapshot.Gone}.
 *   <li>Larger than {@code maxBytes}, unreadable (any I/O error other than "not found"), or not
 *       valid UTF-8: {@link FileSnapshot.Rejected} of kind {@code "read"} (position of the first
 *       bad byte for UTF-8 errors, unknown otherwise).
 *   <li>Not Preserves text: kind {@code "syntax"}; valid text but not a script: kind {@code
 *       "script"}, with every error {@link Script#load} reports (file:line:column).
 *   <li>Otherwise {@link FileSnapshot.Compiled}. A file ending in a comment loads ({@link
 *       Script#load} appends {@code "\n[]"}).
 * </ul>
 *
 * Never throws for bad content: an unexpected failure of the compiler becomes a rejection too.
 */
public final class ConfigFileReader {
  private final long maxBytes;
  private final Script.Options scriptOptions;

  /**
   * @param maxBytes the largest file accepted, in bytes (at least 1)
   * @param scriptOptions the compiler's limits
   */
  public ConfigFileReader(long maxBytes, Script.Options scriptOptions) {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
    this.maxBytes = maxBytes;
    this.scriptOptions = scriptOptions;
  }

  /**
   * @param path the file
   * @return what it holds now
   */
  public FileSnapshot read(Path path) {
    String source = path.toString();
    if (!Files.isRegularFile(path)) return new FileSnapshot.Gone(path);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new FileSnapshot.Gone(path);
    } catch (IOException | SecurityException e) {
      return readError(path, source, "cannot read the file: " + e);
    }
    if (bytes.length > maxBytes) {
      return readError(path, source, "the file is larger than the limit of " + maxBytes + " bytes");
    }
    String text;
    try {
      text = decodeUtf8(bytes, source);
    } catch (Utf8Error e) {
      return new FileSnapshot.Rejected(path, "read", List.of(new ScriptError(e.position, e.getMessage())));
    }
    CompiledScript script;
    try {
      script = Script.load(path, text, scriptOptions);
    } catch (ScriptParseException e) {
      String kind = e.kind() == ScriptParseException.Kind.SYNTAX ? "syntax" : "script";
      return new FileSnapshot.Rejected(path, kind, clampToFile(e.errors(), text, source));
    } catch (RuntimeException | StackOverflowError e) {
      return readError(path, source, "internal error while compiling: " + e);
    }
    return new FileSnapshot.Compiled(path, script, meaning(text));
  }

  /**
   * The file's values without annotations: what it means. Comments and layout do not count.
   * The text already compiled, so it reads; an unexpected failure yields a list that equals no
   * other (so the file is always reloaded).
   */
  private List<Value> meaning(String text) {
    try {
      TextReader reader =
          new TextReader(
              text,
              TextReader.Options.DEFAULT.withKeepAnnotations(false).withMaxDepth(scriptOptions.maxDepth()));
      List<Value> out = new ArrayList<>();
      for (Value v = reader.next(); v != null; v = reader.next()) out.add(v);
      return out;
    } catch (PreservesException | StackOverflowError e) {
      return List.of(org.syndicate.preserves.Embedded.of(new Object()));
    }
  }

  /**
   * Errors placed in the {@code "\n[]"} that {@link Script#load} appends (e.g. "premature end of
   * input" for an unclosed {@code <}) are moved to the end of the file as written, so that no
   * error names a line the file does not have.
   */
  private static List<ScriptError> clampToFile(List<ScriptError> errors, String text, String source) {
    long length = text.codePointCount(0, text.length());
    List<ScriptError> out = new ArrayList<>(errors.size());
    for (ScriptError e : errors) {
      Position p = e.position();
      out.add(p.offset() > length ? new ScriptError(position(p.source() == null ? source : p.source(), text, length), e.message()) : e);
    }
    return out;
  }

  private static FileSnapshot readError(Path path, String source, String message) {
    return new FileSnapshot.Rejected(
        path, "read", List.of(new ScriptError(new Position(source, -1, -1, -1), message)));
  }

  /** Strict UTF-8 (malformed or unmappable input is an error at the first bad byte). */
  private static String decodeUtf8(byte[] bytes, String source) throws Utf8Error {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = d.decode(in, out, true);
    if (r.isError()) {
      int bad = in.position();
      out.flip();
      throw new Utf8Error(position(source, out, bad), "not valid UTF-8 at byte offset " + bad);
    }
    d.flush(out);
    out.flip();
    return out.toString();
  }

  /** The position just after {@code chars} (whose length in code points is {@code codePoints}). */
  private static Position position(String source, String chars, long codePoints) {
    Position p = position(source, (CharSequence) chars, 0);
    return new Position(source, codePoints, p.line(), p.column());
  }

  /** The line and column just after the decoded prefix {@code chars}. */
  private static Position position(String source, CharSequence chars, long byteOffset) {
    int line = 1;
    int column = 1;
    long codePoints = 0;
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (Character.isHighSurrogate(c)) continue;
      codePoints++;
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Position(source, codePoints, line, column);
  }

  private static final class Utf8Error extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    final transient Position position;
    private final String message;

    Utf8Error(Position position, String message) {
      this.position = position;
      this.message = message;
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
