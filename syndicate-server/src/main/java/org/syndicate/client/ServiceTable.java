package org.syndicate.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * What {@code syndicate services} prints: one row per service seen in {@code $config} through
 * {@code <require-service NAME>}, {@code <run-service NAME>}, {@code <service-state NAME STATE>}
 * (service.prs; reference note syndicate-server.md §6), {@code <process-status NAME SPEC INFO>}
 * and {@code <service-problem NAME DETAIL>} (our supervision.prs).
 *
 * <p>Columns, separated by two or more spaces, the name last (it may contain spaces):
 *
 * <pre>
 * STATE          PID    RESTARTS  WANTED    SERVICE
 * started,ready  4242   0         required  &lt;daemon web&gt;
 * </pre>
 *
 * <ul>
 *   <li>STATE: every asserted state, comma-separated, in the order started, ready, failed,
 *       complete, then others (user-defined states) in Preserves order; {@code -} for none;
 *   <li>PID: the pids of the service's processes (comma-separated; {@code -} for none);
 *   <li>RESTARTS: the sum of the processes' restart counts ({@code -} without process-status);
 *   <li>WANTED: {@code required} (a require-service exists), {@code run} (only run-service), or
 *       {@code -};
 *   <li>a further line {@code   problem: DETAIL} under a service with a service-problem.
 * </ul>
 *
 * <p>Rows are sorted by the Preserves order of the names. Values print as {@link ClientText}
 * writes them (embedded references as {@code #:<ref N>}). {@link #entries()} gives the same rows
 * as values, for {@code --format=preserves} and {@code json}. Not thread-safe.
 */
public final class ServiceTable {
  private static final List<String> STATE_ORDER = List.of("started", "ready", "failed", "complete");

  private final TreeMap<Value, Row> rows = new TreeMap<>();
  private final ClientText text;

  /** A table writing values with a fresh {@link ClientText}. */
  public ServiceTable() {
    this(new ClientText());
  }

  /** @param text how names, states and problems are written */
  public ServiceTable(ClientText text) {
    this.text = text;
  }

  private static final class Row {
    final TreeSet<Value> states = new TreeSet<>();
    final List<Dictionary> processes = new ArrayList<>();
    final List<Value> problems = new ArrayList<>();
    int required;
    int run;
  }

  private Row row(Value name) {
    return rows.computeIfAbsent(name, k -> new Row());
  }

  /** @param name a service with a {@code <require-service NAME>}; @param up asserted or retracted */
  public void required(Value name, boolean up) {
    row(name).required += up ? 1 : -1;
  }

  /** @param name a service with a {@code <run-service NAME>}; @param up asserted or retracted */
  public void run(Value name, boolean up) {
    row(name).run += up ? 1 : -1;
  }

  /** @param name a service; @param state one of its states; @param up asserted or retracted */
  public void state(Value name, Value state, boolean up) {
    if (up) row(name).states.add(state);
    else row(name).states.remove(state);
  }

  /** @param name a daemon service; @param info a process-status dictionary; @param up asserted or retracted */
  public void process(Value name, Value info, boolean up) {
    if (!(info instanceof Dictionary d)) return;
    if (up) row(name).processes.add(d);
    else row(name).processes.remove(d);
  }

  /** @param name a service; @param detail its problem; @param up asserted or retracted */
  public void problem(Value name, Value detail, boolean up) {
    if (up) row(name).problems.add(detail);
    else row(name).problems.remove(detail);
  }

  /**
   * @param name a service name
   * @return its states in display order, e.g. {@code [started, ready]} (empty if unknown)
   */
  public List<String> states(Value name) {
    Row r = rows.get(name);
    return r == null ? List.of() : stateList(r);
  }

  private List<String> stateList(Row r) {
    List<String> out = new ArrayList<>();
    for (Value v : stateValues(r)) out.add(v instanceof Symbol s ? s.name() : text(v));
    return out;
  }

  /** The row's states in display order: started, ready, failed, complete, then the rest. */
  private static List<Value> stateValues(Row r) {
    List<Value> out = new ArrayList<>();
    for (String s : STATE_ORDER) if (r.states.contains(Symbol.of(s))) out.add(Symbol.of(s));
    for (Value v : r.states) {
      if (!(v instanceof Symbol s && STATE_ORDER.contains(s.name()))) out.add(v);
    }
    return out;
  }

  private static boolean shown(Row r) {
    return r.required > 0 || r.run > 0 || !r.states.isEmpty() || !r.processes.isEmpty() || !r.problems.isEmpty();
  }

  private static String wanted(Row r) {
    return r.required > 0 ? "required" : r.run > 0 ? "run" : "-";
  }

  /**
   * The rows as values, in table order: one dictionary per service, {@code {name: NAME states:
   * [STATE…] wanted: required|run|none pids: [PID…] restarts: N problems: [DETAIL…] processes:
   * [INFO…]}}, where STATE is as asserted (the four standard states are symbols), {@code
   * restarts} (the sum over the processes) is present only when there are processes, and INFO is
   * each {@code process-status} dictionary as the process driver asserts it.
   *
   * @return one dictionary per row (embedded values kept as they are)
   */
  public List<Dictionary> entries() {
    List<Dictionary> out = new ArrayList<>();
    for (Map.Entry<Value, Row> e : rows.entrySet()) {
      Row r = e.getValue();
      if (!shown(r)) continue;
      List<Value> pids = new ArrayList<>();
      Set<Value> seen = new java.util.HashSet<>();
      for (Dictionary p : r.processes) {
        if (p.get(Symbol.of("pid")) instanceof SignedInteger i && seen.add(i)) pids.add(i);
      }
      Dictionary.Builder b = Dictionary.builder()
          .put("name", e.getKey())
          .put("states", Sequence.of(stateValues(r)))
          .put("wanted", Symbol.of(wanted(r).equals("-") ? "none" : wanted(r)))
          .put("pids", Sequence.of(pids))
          .put("problems", Sequence.of(r.problems))
          .put("processes", Sequence.of(r.processes));
      if (!r.processes.isEmpty()) b.put("restarts", SignedInteger.of(restarts(r)));
      out.add(b.build());
    }
    return out;
  }

  private static long restarts(Row r) {
    long restarts = 0;
    for (Dictionary p : r.processes) {
      if (p.get(Symbol.of("restarts")) instanceof SignedInteger n && n.fitsLong()) restarts += n.longValue();
    }
    return restarts;
  }

  /** @return the table as text, header first, each line ending in a newline. */
  public String render() {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"STATE", "PID", "RESTARTS", "WANTED", "SERVICE"});
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Value, Row> e : rows.entrySet()) {
      Row r = e.getValue();
      if (!shown(r)) continue;
      List<String> st = stateList(r);
      Set<String> pids = new LinkedHashSet<>();
      for (Dictionary p : r.processes) {
        Value pid = p.get(Symbol.of("pid"));
        if (pid instanceof SignedInteger i) pids.add(i.toString());
      }
      lines.add(new String[] {
        st.isEmpty() ? "-" : String.join(",", st),
        pids.isEmpty() ? "-" : String.join(",", pids),
        r.processes.isEmpty() ? "-" : Long.toString(restarts(r)),
        wanted(r),
        text(e.getKey())
      });
      StringBuilder pr = new StringBuilder();
      for (Value p : r.problems) pr.append("  problem: ").append(text(p)).append('\n');
      problems.add(pr.toString());
    }
    int[] w = new int[4];
    for (String[] l : lines) for (int i = 0; i < 4; i++) w[i] = Math.max(w[i], l[i].length());
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < lines.size(); k++) {
      String[] l = lines.get(k);
      for (int i = 0; i < 4; i++) out.append(l[i]).append(" ".repeat(w[i] - l[i].length() + 2));
      out.append(l[4]).append('\n');
      if (k > 0) out.append(problems.get(k - 1));
    }
    return out.toString();
  }

  private String text(Value v) {
    return text.text(v);
  }
}
