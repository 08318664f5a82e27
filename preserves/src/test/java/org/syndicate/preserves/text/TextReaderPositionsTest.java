package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.Value;

/**
 * Positions reported by {@link TextReader#recordPositions} agree with a brute-force count of lines
 * (LF, CR, CRLF) and code points, on random documents (seed printed).
 */
class TextReaderPositionsTest {
  static Position bruteForce(String text, int index) {
    int line = 1, col = 1;
    long offset = 0;
    for (int i = 0; i < index; ) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        col = 1;
        i++;
      } else {
        i += Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
        col++;
      }
      offset++;
    }
    return Position.ofText(null, offset, line, col);
  }

  @Test
  void positionsMatchABruteForceCount() {
    long seed = System.nanoTime();
    System.out.println("TextReaderPositionsTest seed: " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    String[] pieces = {"a", "<b 1>", "[", "]", " ", "\n", "\r", "\r\n", "\"\uD83D\uDE00\"", "\uD83D\uDE00", "# c\n", "@x "};
    for (int n = 0; n < 500; n++) {
      StringBuilder sb = new StringBuilder("[");
      int open = 1;
      for (int i = r.nextInt(40); i > 0; i--) {
        String p = pieces[r.nextInt(pieces.length)];
        if (p.equals("[")) {
          sb.append("[x ");
          open++;
        } else if (p.equals("]")) {
          if (open > 1) {
            sb.append(" y]");
            open--;
          }
        }
        else if (p.equals("\uD83D\uDE00")) sb.append(" |\uD83D\uDE00| ");
        else sb.append(p).append(p.equals("a") || p.startsWith("@") || p.startsWith("#") ? " z " : "");
      }
      sb.append(" ]".repeat(open));
      String text = sb.toString();
      IdentityHashMap<Value, Position> got = new IdentityHashMap<>();
      TextReader reader = new TextReader(text).recordPositions(got::put);
      while (reader.next() != null) {}
      assertThat(got).isNotEmpty();
      got.forEach(
          (v, p) -> {
            Position expected = bruteForce(text, offsetToIndex(text, p.offset()));
            assertThat(p).as("%s in %s", v, text).isEqualTo(expected);
          });
    }
  }

  /** A document of {@code lines} lines, each a record of a few atoms, grouped in nested sequences. */
  static String bigDocument(int lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      if (i % 50 == 0) sb.append("[\n");
      sb.append("  <item ").append(i).append(" \"line ").append(i).append(" of the document\" [a b c]>\n");
      if (i % 50 == 49) sb.append("]\n");
    }
    if (lines % 50 != 0) sb.append("]\n");
    return sb.toString();
  }

  /**
   * Position tracking does linear work: on a document of many lines, reporting every value's
   * start (each record's start is asked for after its fields', i.e. behind the scan) scans each
   * character a bounded number of times, counted by the reader, not timed.
   */
  @Test
  void positionTrackingScansLinearly() {
    String text = bigDocument(4000);
    int[] reported = {0};
    TextReader reader = new TextReader(text).recordPositions((v, p) -> reported[0]++);
    int values = 0;
    while (reader.next() != null) values++;
    assertThat(values).isEqualTo(80);
    assertThat(reported[0]).isGreaterThan(4000 * 6);
    assertThat(reader.charsScannedForPositions())
        .as("characters scanned for %d positions in %d chars", reported[0], text.length())
        .isLessThanOrEqualTo(3L * text.length());
  }

  /** Brute-force positions of every char index of {@code text} (and of its end), in one pass. */
  static Position[] allPositions(String text) {
    Position[] out = new Position[text.length() + 1];
    int line = 1, col = 1;
    long offset = 0;
    for (int i = 0; i <= text.length(); ) {
      out[i] = Position.ofText(null, offset, line, col);
      if (i == text.length()) break;
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        col = 1;
        i++;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out[i + 1] = null; // not a code-point boundary
        col++;
        i += 2;
      } else {
        col++;
        i++;
      }
      offset++;
    }
    return out;
  }

  /** Positions asked in random order (forwards, backwards, repeated) over a long random text. */
  @Test
  void positionsInAnyOrderMatchABruteForceCount() {
    long seed = System.nanoTime();
    System.out.println("TextReaderPositionsTest (any order) seed: " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    String[] pieces = {"a", " ", "\n", "\r", "\r\n", "\uD83D\uDE00", "\u00e9", "xyz", "\n\n"};
    for (int n = 0; n < 20; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(5000); i > 0; i--) sb.append(pieces[r.nextInt(pieces.length)]);
      String text = sb.toString();
      Position[] expected = allPositions(text);
      TextReader reader = new TextReader(text);
      for (int q = 0; q < 3000; q++) {
        int index = r.nextInt(4) == 0 ? text.length() - r.nextInt(Math.min(50, text.length() + 1)) : r.nextInt(text.length() + 1);
        if (expected[index] == null) continue;
        assertThat(reader.positionAt(index)).as("seed %d: index %d of %d", seed, index, text.length()).isEqualTo(expected[index]);
      }
    }
  }

  private static int offsetToIndex(String text, long cps) {
    return text.offsetByCodePoints(0, (int) cps);
  }
}
