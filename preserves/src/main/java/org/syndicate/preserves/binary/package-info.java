/**
 * The Preserves binary syntax, 0.996 (reference note preserves.md §2; tags 0x80–0x87 and
 * 0xB0–0xB7).
 *
 * <ul>
 *   <li>{@link org.syndicate.preserves.binary.BinaryReader}: bytes to values, with limits (depth,
 *       lengths, value size), annotations kept or dropped, an embedded codec, and the three
 *       outcomes value / need more bytes ({@link org.syndicate.preserves.EndOfInputException}) /
 *       {@link org.syndicate.preserves.SyntaxError} with a byte offset.
 *   <li>{@link org.syndicate.preserves.binary.BinaryWriter}: values to bytes, canonical (§2.3),
 *       canonical with annotations, or as held.
 *   <li>{@link org.syndicate.preserves.binary.BinaryFramer}: where a value ends in a stream,
 *       resumable and allocation-free, for relays.
 *   <li>{@link org.syndicate.preserves.binary.BinaryStreamReader}: values back to back from a
 *       blocking {@link java.io.InputStream}.
 *   <li>{@link org.syndicate.preserves.binary.EncodingBuffer}: the growing output buffer.
 * </ul>
 */
package org.syndicate.preserves.binary;
