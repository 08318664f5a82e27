package org.syndicate.preserves;

/**
 * The eleven kinds of Preserves value, declared in the order of the Preserves total order
 * across kinds (Preserves data model 0.996, "Total order"; reference note preserves.md §4):
 * atoms (Boolean &lt; Double &lt; SignedInteger &lt; String &lt; ByteString &lt; Symbol) before
 * compounds (Record &lt; Sequence &lt; Set &lt; Dictionary) before Embedded.
 */
public enum Kind {
  BOOLEAN,
  DOUBLE,
  SIGNED_INTEGER,
  STRING,
  BYTE_STRING,
  SYMBOL,
  RECORD,
  SEQUENCE,
  SET,
  DICTIONARY,
  EMBEDDED;

  /** @return true for the six atomic kinds. */
  public boolean isAtom() {
    return ordinal() <= SYMBOL.ordinal();
  }

  /** @return true for Record, Sequence, Set and Dictionary. */
  public boolean isCompound() {
    return ordinal() >= RECORD.ordinal() && ordinal() <= DICTIONARY.ordinal();
  }
}
