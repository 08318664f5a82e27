package org.syndicate.preserves.text;

/**
 * Character classes and token rules of the Preserves text syntax shared by {@link TextReader} and
 * {@link TextWriter} (reference note preserves.md §3, "Symbol characters" and "Numbers and bare
 * symbols").
 */
final class TextSyntax {
  private TextSyntax() {}

  /** The ASCII punctuation allowed in bare symbols. */
  private static final String SYMBOL_PUNCTUATION = "~!$%^&*?_=+-/.";

  /**
   * @param c a code point
   * @return true when {@code c} is text-syntax whitespace: space, tab, CR or LF (not comma)
   */
  static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /**
   * @param c a code point
   * @return true when {@code c} may appear in a bare symbol (or number): ASCII letters and digits,
   *     {@code ~!$%^&*?_=+-/.}, and non-ASCII letters, marks, numbers, connector/dash/other
   *     punctuation, symbols and private-use characters
   */
  static boolean isSymbolChar(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || (c >= 0 && SYMBOL_PUNCTUATION.indexOf(c) >= 0);
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.CURRENCY_SYMBOL,
          Character.MATH_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL,
          Character.PRIVATE_USE ->
          true;
      default -> false;
    };
  }

  /** What a run of symbol characters denotes. */
  enum TokenKind {
    INTEGER,
    DOUBLE,
    SYMBOL
  }

  /**
   * Classifies a maximal run of symbol characters: {@code [+-]?[0-9]+} is an integer; {@code
   * [+-]?[0-9]+ ( \.[0-9]+ EXP? | EXP )} with {@code EXP = [eE][+-]?[0-9]+} is a double; anything
   * else is a symbol. Only ASCII digits count.
   *
   * @param t the token (non-empty)
   * @return its kind
   */
  static TokenKind classify(CharSequence t) {
    int n = t.length();
    int i = 0;
    if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
    int digitsStart = i;
    while (i < n && isAsciiDigit(t.charAt(i))) i++;
    if (i == digitsStart) return TokenKind.SYMBOL;
    if (i == n) return TokenKind.INTEGER;
    boolean fraction = false;
    if (t.charAt(i) == '.') {
      i++;
      int fs = i;
      while (i < n && isAsciiDigit(t.charAt(i))) i++;
      if (i == fs) return TokenKind.SYMBOL;
      fraction = true;
      if (i == n) return TokenKind.DOUBLE;
    }
    if (t.charAt(i) == 'e' || t.charAt(i) == 'E') {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
      int es = i;
      while (i < n && isAsciiDigit(t.charAt(i))) i++;
      if (i == es || i != n) return TokenKind.SYMBOL;
      return TokenKind.DOUBLE;
    }
    return fraction && i == n ? TokenKind.DOUBLE : TokenKind.SYMBOL;
  }

  static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** @return the value of an ASCII hex digit, or -1. */
  static int hexValue(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
}
