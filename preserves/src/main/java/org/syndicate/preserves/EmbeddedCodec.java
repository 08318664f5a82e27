package org.syndicate.preserves;

/**
 * Maps the payloads of {@link Embedded} values to and from plain Preserves values, for encoders
 * and decoders. The relay supplies one per connection (payload = entity ref, wire form =
 * {@code [0 oid]} / {@code [1 oid caveats...]}); files and tests use {@link #IDENTITY}.
 */
public interface EmbeddedCodec {
  /**
   * @param payload an embedded payload
   * @return its wire/text form
   * @throws PreservesException if the payload cannot be written
   */
  Value encode(Object payload);

  /**
   * @param wire the value that followed {@code 0x86} (binary) or {@code #:} (text)
   * @return the payload to embed
   * @throws PreservesException if the wire form is not acceptable
   */
  Object decode(Value wire);

  /** Payloads are Values and are written as they are. Non-Value payloads cannot be encoded. */
  EmbeddedCodec IDENTITY =
      new EmbeddedCodec() {
        @Override
        public Value encode(Object payload) {
          if (payload instanceof Value v) return v;
          throw new PreservesException("cannot encode embedded payload of " + payload.getClass().getName());
        }

        @Override
        public Object decode(Value wire) {
          return wire;
        }
      };
}
