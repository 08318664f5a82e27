package org.syndicate.preserves.schema;

import java.util.ArrayDeque;
import java.util.Deque;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Value;

/**
 * A value does not match a schema definition: thrown by the {@code parse(Value)} methods of
 * generated types and by {@link SchemaModel}. The message names the path into the value where
 * matching failed and what was expected there, e.g. {@code at [0][1]: expected a record labelled
 * A with at least 2 fields, found <B 1>}.
 *
 * <p>Path steps: {@code [i]} is element {@code i} of a sequence or field {@code i} of a record
 * (0-based); {@code .label} is a record's label; {@code {k}} is the value under dictionary key
 * {@code k} (text syntax); {@code #{e}} is a set element; the empty path is the value itself.
 *
 * <p>The exception carries no stack trace (it is used for ordered choice between alternatives,
 * where failure is routine); the path is built while the failure propagates outwards.
 */
public final class SchemaParseException extends PreservesException {
  private static final long serialVersionUID = 1L;
  private final Deque<String> path = new ArrayDeque<>();
  private final String expected;
  private final transient Value found;

  /**
   * @param expected what the schema wanted here, e.g. {@code "a string"}
   * @param found the value found (may be null when not applicable)
   */
  public SchemaParseException(String expected, Value found) {
    super(expected);
    this.expected = expected;
    this.found = found;
  }

  /** Prepends a step to the path (called while unwinding); returns this exception. */
  public SchemaParseException at(String step) {
    path.addFirst(step);
    return this;
  }

  /** Prepends the step {@code [index]}. */
  public SchemaParseException atIndex(int index) {
    return at("[" + index + "]");
  }

  /** Prepends the step {@code {key}}. */
  public SchemaParseException atKey(Value key) {
    return at("{" + key + "}");
  }

  /** @return the path from the parsed value to the failure, e.g. {@code [0][1]}; empty at the root. */
  public String path() {
    return String.join("", path);
  }

  /** @return the number of steps in the path. */
  public int depth() {
    return path.size();
  }

  /** @return what was expected at the path. */
  public String expected() {
    return expected;
  }

  /** @return the value found at the path, or null. */
  public Value found() {
    return found;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder();
    sb.append(path.isEmpty() ? "at top level" : "at " + path()).append(": expected ").append(expected);
    if (found != null) {
      String text = found.strip().toString();
      if (text.length() > 80) text = text.substring(0, 77) + "...";
      sb.append(", found ").append(text);
    }
    return sb.toString();
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
