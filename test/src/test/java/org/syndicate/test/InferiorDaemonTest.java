package org.syndicate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * Issue 8 item 2 (reference note §7.6, §10 row 73): a second server run as {@code --inferior}
 * under a {@code protocol: application/syndicate} daemon of ours, configured from files. Its
 * OID 0 (its own {@code $config}) appears as {@code <service-object <daemon child> #:ref>}; the
 * parent reads the child's service states through it; stopping the parent's service stops the
 * child server and the child's own daemons.
 */
class InferiorDaemonTest {

  @Test
  void anInferiorServerIsSupervisedAndItsDaemonsStopWithIt(@TempDir Path tmp) throws Exception {
    Path childDir = Files.createDirectories(tmp.resolve("child"));
    Path parentDir = Files.createDirectories(tmp.resolve("parent"));
    Path pidFile = tmp.resolve("grandchild.pid");
    Files.writeString(childDir.resolve("child.pr"),
        "<require-service <daemon gc>>\n"
            + "<daemon gc \"echo $$ > " + pidFile + "; exec sleep 1000\">\n");
    String java = ProcessHandle.current().info().command().orElseThrow();
    String cp = System.getProperty("java.class.path");
    Files.writeString(parentDir.resolve("parent.pr"),
        "<daemon child {argv: [" + q(java) + " \"--enable-native-access=ALL-UNNAMED\""
            // as bin/lib/run-java.sh: JVM warnings to stderr, stdout is the protocol
            + " \"-Xlog:disable\" \"-Xlog:all=warning:stderr:uptime,level,tags\" \"-cp\" " + q(cp)
            + " \"org.syndicate.server.Main\" \"--inferior\" \"-c\" " + q(childDir.toString()) + "]"
            + " protocol: application/syndicate stopTimeout: 10.0}>\n");
    Server server = Server.start(
        new ServerOptions(List.of(), "127.0.0.1", List.of(), List.of(parentDir.toString()), false, false, false, null),
        RelayEngine.INSTANCE);
    Ref config = server.refs().get(10, TimeUnit.SECONDS).config();

    List<Value> parentSeen = new ArrayList<>();
    List<Value> childSeen = new ArrayList<>();
    CompletableFuture<Ref> childConfig = new CompletableFuture<>();
    long[] runService = new long[1];
    Actor probe = Actor.boot("probe", t -> {
      t.preventInertCheck();
      Subscriptions.onAssertedRetracted(t, config, Patterns.bind(),
          (t2, c) -> {
            synchronized (parentSeen) {
              parentSeen.add(c.get(0));
            }
            if (c.get(0).isRecord("service-object", 2)
                && ((RecordValue) c.get(0)).field(0).equals(v("<daemon child>"))
                && ((RecordValue) c.get(0)).field(1) instanceof Embedded e && e.payload() instanceof Ref r) {
              childConfig.complete(r);
            }
          },
          (t2, c) -> {
            synchronized (parentSeen) {
              parentSeen.remove(c.get(0));
            }
          });
      runService[0] = t.publish(config, v("<run-service <daemon child>>"));
    });
    try {
      Ref child = childConfig.get(60, TimeUnit.SECONDS);
      // Through the service object, observe the child's own service states.
      probe.execute(t -> Subscriptions.onAssertedRetracted(t, child,
          Patterns.rec("service-state", Patterns.bind(), Patterns.bind()),
          (t2, c) -> {
            synchronized (childSeen) {
              childSeen.add(RecordValue.of(Symbol.of("service-state"), c.get(0), c.get(1)));
            }
          },
          (t2, c) -> {}));
      await("the child's daemon ready", 60, () -> contains(childSeen, v("<service-state <daemon gc> ready>")));
      await("grandchild pid", 30, () -> readPid(pidFile) > 0);
      int gc = readPid(pidFile);
      assertThat(alive(gc)).isTrue();
      // the child's process-status comes from the daemon's process facet, not with the service
      // object or the child's own states: waited for, not read at once
      await("the child's pid", 30, () -> childPid(parentSeen) > 0);
      int childPid = childPid(parentSeen);
      assertThat(alive(childPid)).isTrue();

      // Stop the parent's service: the child server and its daemon go.
      probe.execute(t -> t.retract(runService[0]));
      await("child server gone", 30, () -> !alive(childPid));
      await("grandchild gone", 30, () -> !alive(gc));
      await("service-object retracted", 30, () -> parentSeen.stream().noneMatch(x -> x.isRecord("service-object", 2)));
    } finally {
      probe.stop();
      server.refs().get().actor().stop();
    }
  }

  private static int childPid(List<Value> seen) {
    synchronized (seen) {
      for (Value x : seen) {
        if (x.isRecord("process-status", 3) && ((RecordValue) x).field(0).equals(v("<daemon child>"))
            && ((RecordValue) x).field(2) instanceof org.syndicate.preserves.Dictionary d
            && d.get("pid") instanceof org.syndicate.preserves.SignedInteger i) {
          return i.intValue();
        }
      }
    }
    return -1;
  }

  private static boolean contains(List<Value> list, Value x) {
    synchronized (list) {
      return list.contains(x);
    }
  }

  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Value v(String text) {
    return TextReader.parse(text);
  }

  private static int readPid(Path p) {
    try {
      String s = Files.readString(p).trim();
      return s.isEmpty() ? -1 : Integer.parseInt(s);
    } catch (Exception e) {
      return -1;
    }
  }

  private static boolean alive(int pid) {
    if (pid <= 0) return false;
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void await(String what, double seconds, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMillis((long) (seconds * 1000)).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }
}
