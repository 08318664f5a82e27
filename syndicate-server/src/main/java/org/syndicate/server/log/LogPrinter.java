package org.syndicate.server.log;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.server.During;

/**
 * The {@code $log} printer (reference note syndicate-server.md §7.6): observes {@code <log TS
 * DICT>} <em>messages</em> in {@code $log} (assertions are ignored) and prints each at INFO through
 * SLF4J (logger {@value #LOGGER}) as {@code TS SERVICE[PID] STREAM: LINE}, values in Preserves text
 * syntax, {@code -} for a missing field or a non-string TS; extra dictionary keys are appended as
 * one dictionary, as the reference prints them (checked against syndicate-server 0.51.0-rc.4). A DICT that is not a dictionary prints nothing. Lines longer than {@link
 * #maxLineChars} characters are cut and marked with {@code …}.
 */
public final class LogPrinter {
  /** The SLF4J logger name the lines are printed to. */
  public static final String LOGGER = "syndicate.log";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final List<String> KNOWN = List.of("service", "pid", "stream", "line");

  /** Default longest printed line, in characters. */
  public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024;

  private static volatile int maxLineChars = Integer.getInteger("syndicate.log.maxLineChars", DEFAULT_MAX_LINE_CHARS);

  private LogPrinter() {}

  /** @return the current line-length limit, in characters. */
  public static int maxLineChars() {
    return maxLineChars;
  }

  /**
   * Starts printing from the current facet.
   *
   * @param t the running turn
   * @param log the {@code $log} dataspace
   */
  public static void start(Turn t, Ref log) {
    During.onMessage(
        t,
        log,
        Patterns.rec("log", Patterns.bind(), Patterns.bind()),
        (mt, c) -> {
          String line = format(c.get(0), c.get(1));
          if (line != null) LOG.info(line);
        });
  }

  /**
   * Renders one log record.
   *
   * @param ts the timestamp field
   * @param dict the details field
   * @return the line, or null when {@code dict} is not a dictionary
   */
  public static String format(Value ts, Value dict) {
    if (!(dict instanceof Dictionary d)) return null;
    StringBuilder sb = new StringBuilder();
    sb.append(ts instanceof StringValue s ? s.value() : "-").append(' ');
    sb.append(render(d.get("service"))).append('[').append(render(d.get("pid"))).append("] ");
    sb.append(render(d.get("stream"))).append(": ").append(render(d.get("line")));
    Dictionary.Builder extra = Dictionary.builder();
    int extras = 0;
    for (Map.Entry<Value, Value> e : d.toMap().entrySet()) {
      if (e.getKey() instanceof Symbol k && KNOWN.contains(k.name())) continue;
      extra.put(e.getKey(), e.getValue());
      extras++;
    }
    if (extras > 0) sb.append(' ').append(render(extra.build()));
    int max = maxLineChars;
    if (sb.length() > max) {
      sb.setLength(max);
      sb.append('…');
    }
    return sb.toString();
  }

  private static String render(Value v) {
    return v == null ? "-" : v.toString();
  }
}
