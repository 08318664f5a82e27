package org.syndicate.process.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.process.LaunchSpec;
import org.syndicate.process.Signals;

/**
 * One process of a daemon, parsed from the SPEC of {@code <daemon ID SPEC>} with every default
 * filled in (reference note syndicate-server.md §7.2; externalServices.prs {@code
 * DaemonProcessSpec}; our extra keys from supervision.prs {@code SupervisionOptions} and DESIGN.md
 * "Our extensions").
 *
 * <p>Forms: a string (run by {@code sh -c}), a list {@code [program arg…]} (program searched in
 * PATH, no shell), {@code <one-shot CMDLINE>} (= {@code {argv: CMDLINE, readyOnStart: #f,
 * restart: on-error}}), or a dictionary with {@code argv} (required) and the optional keys
 * {@code env}, {@code dir}, {@code clearEnv}, {@code readyOnStart} (#t), {@code restart}
 * (always), {@code protocol} (none), and ours: {@code stopSignal} ("SIGTERM"), {@code
 * stopTimeout} (5.0 s), {@code readyOnNotify} (fd ≥ 3), {@code notify} (#f), {@code
 * restartMaxDelay} (30.0 s), {@code restartLimit} ({@code {count: int, period: double}}, none),
 * {@code startTimeout} (seconds, more than 0.0; none = wait for readiness forever, as the
 * reference). Unknown keys are ignored, as the reference does.
 *
 * @param source the SPEC exactly as asserted
 * @param argv the program and arguments ({@code ["sh", "-c", STRING]} for the string form)
 * @param env variables to set (value) or remove (null), in order, applied after {@code clearEnv}
 * @param dir working directory, or null to inherit the server's
 * @param clearEnv start from an empty environment
 * @param readyOnStart the process counts as ready while it runs (ignored, as false, when
 *     readyOnNotify or notify is given)
 * @param restart the restart policy
 * @param protocol what stdin/stdout carry
 * @param stopSignal signal sent to the process group to stop it
 * @param stopTimeout time before SIGKILL after {@code stopSignal} (zero: SIGKILL at once, the
 *     reference's behaviour)
 * @param readyOnNotify fd number for s6-style readiness, or -1
 * @param notifySocket ({@code notify} key) whether the process gets a {@code NOTIFY_SOCKET} (sd_notify readiness)
 * @param restartMaxDelay the cap of the growing restart delay
 * @param restartLimitCount give up after more than this many restarts within {@code
 *     restartLimitPeriod}, or -1 for never (the reference)
 * @param restartLimitPeriod the window of the restart limit (null when there is no limit)
 * @param startTimeout how long a process that is not ready as soon as it runs ({@link
 *     #readyWhenRunning()} false) may take to become ready (or, for a one-shot, to complete)
 *     before it is stopped and its run counted as a failure; null to wait forever (the
 *     reference)
 */
public record DaemonSpec(
    Value source,
    List<String> argv,
    Map<String, String> env,
    Path dir,
    boolean clearEnv,
    boolean readyOnStart,
    RestartPolicy restart,
    DaemonProtocol protocol,
    int stopSignal,
    Duration stopTimeout,
    int readyOnNotify,
    boolean notifySocket,
    Duration restartMaxDelay,
    int restartLimitCount,
    Duration restartLimitPeriod,
    Duration startTimeout) {

  /** Default {@code stopTimeout}: 5 s. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
  /** Default {@code restartMaxDelay}: 30 s. */
  public static final Duration DEFAULT_RESTART_MAX_DELAY = Duration.ofSeconds(30);
  /** Longest accepted duration in a spec (one year), so that conversions cannot overflow. */
  static final double MAX_SECONDS = 365.0 * 24 * 3600;

  /** Copies the collections. */
  public DaemonSpec {
    argv = List.copyOf(argv);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /**
   * @return true when the process counts as ready as soon as it runs (readyOnStart and no
   *     notification mechanism)
   */
  public boolean readyWhenRunning() {
    return readyOnStart && readyOnNotify < 0 && !notifySocket;
  }

  /** @return true when readiness comes from the process (readyOnNotify or notify). */
  public boolean readyByNotification() {
    return readyOnNotify >= 0 || notifySocket;
  }

  /** @return true when a start timeout applies: one is set and the process is not ready on start. */
  public boolean hasStartTimeout() {
    return startTimeout != null && !readyWhenRunning();
  }

  /** @return the restart limit, or false when there is none. */
  public boolean hasRestartLimit() {
    return restartLimitCount >= 0;
  }

  /**
   * @return what to hand the process driver: argv, environment, directory, readiness channels,
   *     and for the relay protocols a stdin pipe and raw stdout
   */
  public LaunchSpec launchSpec() {
    LaunchSpec.Builder b = LaunchSpec.command(argv).clearEnv(clearEnv).dir(dir);
    env.forEach((k, v) -> {
      if (v == null) b.removeEnv(k);
      else b.env(k, v);
    });
    if (readyOnNotify >= 0) b.readinessFd(readyOnNotify);
    b.notifySocket(notifySocket);
    if (protocol.isRelay()) b.stdinPipe(true).rawStdout(true);
    return b.build();
  }

  /**
   * Parses a SPEC.
   *
   * @param spec the third field of {@code <daemon ID SPEC>}
   * @return the specification with defaults
   * @throws DaemonSpecException naming the key and what was expected, when the spec does not
   *     parse (a number; a dictionary without {@code argv}; an argv that is neither a string nor
   *     a non-empty list of strings) or an entry has the wrong type or an impossible value
   */
  public static DaemonSpec parse(Value spec) {
    Value v = spec.strip();
    if (v instanceof StringValue || v instanceof Sequence) {
      return new Builder(spec).argv(v, "argv").build();
    }
    if (v instanceof RecordValue r && r.label().equals(Symbol.of("one-shot"))) {
      if (r.arity() < 1) throw new DaemonSpecException(spec, null, "<one-shot …> needs a command line");
      Builder b = new Builder(spec).argv(r.field(0), "argv");
      b.readyOnStart = false;
      b.restart = RestartPolicy.ON_ERROR;
      return b.build();
    }
    if (v instanceof Dictionary d) return parseFull(spec, d);
    throw new DaemonSpecException(
        spec, null, "expected a command line (string or [program arg…]), <one-shot CMDLINE> or a dictionary with argv, got " + kindOf(v));
  }

  private static DaemonSpec parseFull(Value spec, Dictionary d) {
    Value argv = d.get("argv");
    if (argv == null) throw new DaemonSpecException(spec, null, "a dictionary spec needs an argv entry");
    Builder b = new Builder(spec).argv(argv, "argv");
    Value env = d.get("env");
    if (env != null) {
      if (!(env.strip() instanceof Dictionary ed)) throw bad(spec, "env", "a dictionary {NAME: VALUE …}", env);
      for (var e : ed.toMap().entrySet()) {
        String name =
            switch (e.getKey().strip()) {
              case StringValue s -> s.value();
              case Symbol s -> s.name();
              default -> throw bad(spec, "env", "variable names that are strings or symbols", e.getKey());
            };
        String key = "env." + name;
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
          throw new DaemonSpecException(spec, key, "not a valid environment variable name");
        }
        switch (e.getValue().strip()) {
          case StringValue s -> {
            if (s.value().indexOf('\0') >= 0) throw new DaemonSpecException(spec, key, "value contains a NUL character");
            b.env.put(name, s.value());
          }
          case BooleanValue bv when !bv.value() -> b.env.put(name, null);
          default -> throw bad(spec, key, "a string (set) or #f (remove)", e.getValue());
        }
      }
    }
    Value dir = d.get("dir");
    if (dir != null) {
      if (!(dir.strip() instanceof StringValue s)) throw bad(spec, "dir", "a string", dir);
      if (s.value().isEmpty() || s.value().indexOf('\0') >= 0) {
        throw new DaemonSpecException(spec, "dir", "not a usable directory name: " + dir);
      }
      b.dir = Path.of(s.value());
    }
    b.clearEnv = bool(spec, d, "clearEnv", false);
    b.readyOnStart = bool(spec, d, "readyOnStart", true);
    Value restart = d.get("restart");
    if (restart != null) {
      RestartPolicy p = restart.strip() instanceof Symbol s ? RestartPolicy.fromSymbol(s.name()) : null;
      if (p == null) throw bad(spec, "restart", "always, on-error, all or never", restart);
      b.restart = p;
    }
    Value protocol = d.get("protocol");
    if (protocol != null) {
      DaemonProtocol p = protocol.strip() instanceof Symbol s ? DaemonProtocol.fromSymbol(s.name()) : null;
      if (p == null) throw bad(spec, "protocol", "none, application/syndicate or text/syndicate", protocol);
      b.protocol = p;
    }
    Value stopSignal = d.get("stopSignal");
    if (stopSignal != null) {
      if (!(stopSignal.strip() instanceof StringValue s)) throw bad(spec, "stopSignal", "a signal name such as \"SIGTERM\"", stopSignal);
      try {
        b.stopSignal = Signals.parse(s.value());
      } catch (IllegalArgumentException e) {
        throw new DaemonSpecException(spec, "stopSignal", e.getMessage());
      }
    }
    Duration stopTimeout = seconds(spec, d, "stopTimeout", true);
    if (stopTimeout != null) b.stopTimeout = stopTimeout;
    Value fd = d.get("readyOnNotify");
    if (fd != null) {
      if (!(fd.strip() instanceof SignedInteger n)) throw bad(spec, "readyOnNotify", "an fd number", fd);
      if (!n.fitsInt() || n.intValue() < 3 || n.intValue() > 1023) {
        throw new DaemonSpecException(spec, "readyOnNotify", "fd must be 3..1023 (0-2 are stdio), got " + n);
      }
      b.readyOnNotify = n.intValue();
    }
    b.notify = bool(spec, d, "notify", false);
    Duration maxDelay = seconds(spec, d, "restartMaxDelay", true);
    if (maxDelay != null) b.restartMaxDelay = maxDelay;
    Value limit = d.get("restartLimit");
    if (limit != null) {
      if (!(limit.strip() instanceof Dictionary ld)
          || !(ld.get("count") instanceof Value c && c.strip() instanceof SignedInteger count)
          || !(ld.get("period") instanceof Value p && p.strip() instanceof DoubleValue)) {
        throw bad(spec, "restartLimit", "{count: int, period: double}", limit);
      }
      if (!count.fitsInt() || count.intValue() < 0) {
        throw new DaemonSpecException(spec, "restartLimit.count", "must be 0.." + Integer.MAX_VALUE + ", got " + count);
      }
      Duration period = seconds(spec, ld, "period", false);
      b.restartLimitCount = count.intValue();
      b.restartLimitPeriod = period;
    }
    b.startTimeout = seconds(spec, d, "startTimeout", false);
    return b.build();
  }

  private static boolean bool(Value spec, Dictionary d, String key, boolean dflt) {
    Value x = d.get(key);
    if (x == null) return dflt;
    if (!(x.strip() instanceof BooleanValue b)) throw bad(spec, key, "#t or #f", x);
    return b.value();
  }

  private static Duration seconds(Value spec, Dictionary d, String key, boolean zeroOk) {
    Value x = d.get(key);
    if (x == null) return null;
    if (!(x.strip() instanceof DoubleValue dv)) throw bad(spec, key, "seconds as a double, e.g. 10.0", x);
    double s = dv.value();
    if (Double.isNaN(s) || s < 0 || (!zeroOk && s == 0) || s > MAX_SECONDS) {
      throw new DaemonSpecException(spec, key, "must be " + (zeroOk ? "0.0" : "more than 0.0") + " to " + MAX_SECONDS + " seconds, got " + x);
    }
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private static DaemonSpecException bad(Value spec, String key, String expected, Value got) {
    return new DaemonSpecException(spec, key, "expected " + expected + ", got " + got);
  }

  private static String kindOf(Value v) {
    return v.kind().toString().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }

  /** Mutable defaults while parsing. */
  private static final class Builder {
    final Value source;
    List<String> argv;
    final Map<String, String> env = new LinkedHashMap<>();
    Path dir;
    boolean clearEnv;
    boolean readyOnStart = true;
    RestartPolicy restart = RestartPolicy.ALWAYS;
    DaemonProtocol protocol = DaemonProtocol.NONE;
    int stopSignal = Signals.SIGTERM;
    Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    int readyOnNotify = -1;
    boolean notify;
    Duration restartMaxDelay = DEFAULT_RESTART_MAX_DELAY;
    int restartLimitCount = -1;
    Duration restartLimitPeriod;
    Duration startTimeout;

    Builder(Value source) {
      this.source = source;
    }

    Builder argv(Value v, String key) {
      switch (v.strip()) {
        case StringValue s -> {
          if (s.value().indexOf('\0') >= 0) throw new DaemonSpecException(source, key, "command line contains a NUL character");
          argv = List.of("sh", "-c", s.value());
        }
        case Sequence seq -> {
          if (seq.size() == 0) throw new DaemonSpecException(source, key, "an argv list needs at least the program");
          List<String> out = new ArrayList<>(seq.size());
          for (int i = 0; i < seq.size(); i++) {
            if (!(seq.get(i).strip() instanceof StringValue s)) {
              throw new DaemonSpecException(source, key, "element " + i + " is not a string: " + seq.get(i));
            }
            if (s.value().indexOf('\0') >= 0) throw new DaemonSpecException(source, key, "element " + i + " contains a NUL character");
            out.add(s.value());
          }
          if (out.get(0).isEmpty()) throw new DaemonSpecException(source, key, "the program name is empty");
          argv = out;
        }
        default -> throw new DaemonSpecException(source, key, "expected a string (run with sh -c) or [program arg…], got " + v);
      }
      return this;
    }

    DaemonSpec build() {
      return new DaemonSpec(
          source, argv, env, dir, clearEnv, readyOnStart, restart, protocol, stopSignal, stopTimeout,
          readyOnNotify, notify, restartMaxDelay, restartLimitCount, restartLimitPeriod, startTimeout);
    }
  }
}
