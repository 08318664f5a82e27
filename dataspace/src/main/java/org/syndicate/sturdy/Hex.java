package org.syndicate.sturdy;

import java.io.ByteArrayOutputStream;

/**
 * Hex text to bytes, as the sturdy-ref tooling reads it (syndicate-rs reads such arguments with
 * a "liberal" hex parser): upper- or lower-case digits, whitespace anywhere ignored. Unlike the
 * reference, any other character is an error rather than silently skipped.
 */
final class Hex {
  private Hex() {}

  /**
   * @param text hex digits, possibly with whitespace
   * @return the bytes
   * @throws IllegalArgumentException naming the index of a non-hex character, or an odd digit count
   */
  static byte[] parse(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
    int high = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) continue;
      int d = Character.digit(c, 16);
      if (d < 0 || c > 'f') throw new IllegalArgumentException("not a hex digit at index " + i + ": '" + c + "'");
      if (high < 0) {
        high = d;
      } else {
        out.write(high << 4 | d);
        high = -1;
      }
    }
    if (high >= 0) throw new IllegalArgumentException("odd number of hex digits");
    return out.toByteArray();
  }
}
