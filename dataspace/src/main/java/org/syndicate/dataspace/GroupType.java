package org.syndicate.dataspace;

import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;

/**
 * The kind of compound a {@link Pattern.Group} matches (dataspacePatterns.prs {@code GroupType}):
 * {@code <rec LABEL>} a record with that label (any arity), {@code <arr>} a sequence, {@code
 * <dict>} a dictionary.
 */
public sealed interface GroupType {
  /** @return the wire form: {@code <rec LABEL>}, {@code <arr>} or {@code <dict>}. */
  Value toValue();

  /**
   * Records labelled {@code label}.
   *
   * @param label any value (usually a symbol)
   */
  record Rec(Value label) implements GroupType {
    @Override
    public Value toValue() {
      return RecordValue.of("rec", label);
    }
  }

  /** Sequences. */
  record Arr() implements GroupType {
    /** The one instance. */
    public static final Arr INSTANCE = new Arr();

    @Override
    public Value toValue() {
      return RecordValue.of("arr");
    }
  }

  /** Dictionaries. */
  record Dict() implements GroupType {
    /** The one instance. */
    public static final Dict INSTANCE = new Dict();

    @Override
    public Value toValue() {
      return RecordValue.of("dict");
    }
  }
}
