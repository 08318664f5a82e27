/**
 * The Preserves text syntax (reference note preserves.md §3; Preserves 0.996).
 *
 * <ul>
 *   <li>{@link org.syndicate.preserves.text.TextReader}: text to values, single-document,
 *       stream/document and incremental-buffer modes, errors with line:column.
 *   <li>{@link org.syndicate.preserves.text.TextWriter}: values to text, compact (one line) or
 *       indented, with or without annotations.
 * </ul>
 */
package org.syndicate.preserves.text;
