package org.syndicate.client;

import java.util.HashMap;
import java.util.Map;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextWriter;

/**
 * How {@code bin/syndicate} writes values for its user: Preserves text (compact, one line), with
 * every embedded value whose payload is not itself a value (in practice an entity reference the
 * server sent, such as the {@code $config} in {@code <relay-listener <unix "…"> $config>}) written
 * as {@code #:<ref N>}. N numbers the distinct references of one client run in the order they are
 * first written, from 1: the same N is the same reference (equal refs, {@link
 * org.syndicate.actor.Ref#equals}), so a {@code +} line and its later {@code -} line agree. The
 * output stays valid Preserves text (it reads back as an embedded {@code <ref N>} record) and
 * never shows a Java {@code toString}. Embedded values whose payload is a value print as {@code #:}
 * and that value.
 *
 * <p>Thread-safe. The numbering grows with the distinct references written (a few words each).
 */
public final class ClientText {
  private final Map<Object, Integer> refs = new HashMap<>();
  private final TextWriter.Options options;

  /** A fresh numbering (the first reference written is {@code #:<ref 1>}). */
  public ClientText() {
    EmbeddedCodec codec =
        new EmbeddedCodec() {
          @Override
          public Value encode(Object payload) {
            if (payload instanceof Value v) return v;
            return RecordValue.of(Symbol.of("ref"), SignedInteger.of(number(payload)));
          }

          @Override
          public Object decode(Value wire) {
            return wire;
          }
        };
    this.options = TextWriter.Options.DEFAULT.withEmbeddedCodec(codec);
  }

  private synchronized int number(Object payload) {
    return refs.computeIfAbsent(payload, k -> refs.size() + 1);
  }

  /**
   * @param v any value
   * @return its compact Preserves text, embedded references as {@code #:<ref N>}; never throws
   */
  public String text(Value v) {
    return TextWriter.toText(v, options);
  }
}
