package org.syndicate.process.daemon;

import java.time.Instant;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.process.OutputLine;

/**
 * The {@code $log} messages for a daemon's output (reference note syndicate-server.md §7.6,
 * Appendix A): {@code <log "RFC3339-TIMESTAMP" {pid: PID, service: <daemon ID>, stream:
 * stdout|stderr, line: LINE}>}. LINE is a string that includes its trailing {@code "\n"} (the last
 * line before end of file may lack it; bug B12 copied), or a byte string when the bytes are not
 * UTF-8. A line cut at the driver's length limit is sent as several messages, each a piece
 * without a newline but the last.
 */
public final class ProcessLog {
  private ProcessLog() {}

  /**
   * @param at the wall-clock time stamp
   * @param pid the child's pid
   * @param service {@code <daemon ID>}
   * @param line the line as read
   * @return the {@code <log …>} message body
   */
  public static Value line(Instant at, int pid, Value service, OutputLine line) {
    String text = line.text();
    Value body = text != null ? StringValue.of(text) : ByteString.of(line.bytes());
    Dictionary d = Dictionary.builder()
        .put("pid", SignedInteger.of(pid))
        .put("service", service)
        .put("stream", Symbol.of(line.stream().symbol()))
        .put("line", body)
        .build();
    return RecordValue.of("log", StringValue.of(at.toString()), d);
  }

  /**
   * A line of the supervisor's own about one process (ours, e.g. a start timeout), in the same
   * shape with {@code stream: supervisor}, so that it shows among the process's output.
   *
   * @param at the wall-clock time stamp
   * @param pid the child's pid
   * @param service {@code <daemon ID>}
   * @param text the line, without a trailing newline
   * @return the {@code <log …>} message body
   */
  public static Value note(Instant at, int pid, Value service, String text) {
    Dictionary d = Dictionary.builder()
        .put("pid", SignedInteger.of(pid))
        .put("service", service)
        .put("stream", Symbol.of("supervisor"))
        .put("line", StringValue.of(text))
        .build();
    return RecordValue.of("log", StringValue.of(at.toString()), d);
  }
}
