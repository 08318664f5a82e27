package org.syndicate.process;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of a child's stdout or stderr, as raw bytes.
 *
 * <p>Following the reference (syndicate-server.md §7.6), {@code bytes} <em>includes</em> its
 * trailing {@code '\n'}; the last line before end of file may lack it. A line longer than the
 * driver's limit ({@link ProcessDriver.Options#maxLineBytes()}) is split into pieces of at most
 * that many bytes, cut before a UTF-8 sequence rather than inside it where possible; every piece
 * but the last has {@code continued = true} and no newline.
 *
 * @param stream    where it was read
 * @param bytes     the line's bytes (owned by this record; do not modify)
 * @param continued true if the line was cut at the length limit and goes on in the next line
 */
public record OutputLine(StdStream stream, byte[] bytes, boolean continued) {

    /** Whether the line ends with {@code '\n'} (false for a cut piece or an unterminated last line). */
    public boolean endsWithNewline() {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    /** Whether the bytes are well-formed UTF-8 (the reference logs a byte string otherwise). */
    public boolean isUtf8() {
        return text() != null;
    }

    /** The bytes decoded as UTF-8, or null if they are not well-formed UTF-8. */
    public String text() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputLine l && l.stream == stream && l.continued == continued
                && Arrays.equals(l.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return stream.hashCode() * 31 + Arrays.hashCode(bytes) + (continued ? 1 : 0);
    }

    @Override
    public String toString() {
        String t = text();
        return stream.symbol() + (continued ? "+" : "") + ": "
                + (t != null ? t.replace("\n", "\\n") : "#x" + java.util.HexFormat.of().formatHex(bytes));
    }
}
