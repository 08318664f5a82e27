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

  private static int offsetToIndex(String text, long cps) {
    return text.offsetByCodePoints(0, (int) cps);
  }
}
