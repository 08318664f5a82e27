package org.syndicate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.actor.Ref;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;
import org.syndicate.server.During;
import org.syndicate.server.Probe;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * {@link SyndicateClient} in this JVM against a {@link Server} started here: a unix socket whose
 * OID 0 is {@code $config} (as the shipped config has it) and a TCP listener with the demo sturdy
 * ref bound to a dataspace. Checks each subcommand's output and the exit statuses (0, 1 for an
 * unreachable server or a rejected route step, 2 for bad input).
 */
class SyndicateClientTest {
  static final String DEMO_SIG = "69ca300c1dbfa08fba692102dd82311a";

  @TempDir static Path dir;
  static int port;
  static String unixRoute;
  static Server.Refs refs;

  @BeforeAll
  static void startServer() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path sock = dir.resolve("s.sock");
    unixRoute = "<route [<unix \"" + sock + "\">]>";
    Path cfg = Files.createDirectories(dir.resolve("cfg"));
    Files.writeString(
        cfg.resolve("client-test.pr"),
        String.join(
            "\n",
            "<require-service <relay-listener <unix \"" + sock + "\"> $config>>",
            "<require-service <relay-listener <tcp \"127.0.0.1\" " + port + "> $gatekeeper>>",
            "let ?demo = dataspace",
            "<bind <ref {oid: \"syndicate\" key: #x\"\"}> $demo #f>",
            "$demo <in-demo 1>",
            "? <run-service <milestone ?m>> [ <service-state <milestone $m> started> <service-state <milestone $m> ready> ]",
            "<require-service <milestone base>>",
            "?? <ping ?x> [ <pong $x> ]",
            "<chirp 1>",
            "<require-service <daemon bad>>",
            "<daemon bad 42>",
            "<require-service <daemon sleeper>>",
            "<daemon sleeper [\"sleep\" \"1000\"]>",
            ""));
    refs =
        Server.start(new ServerOptions(List.of(), "127.0.0.1", List.of(), List.of(cfg.toString()), false, false, false, null), RelayEngine.INSTANCE)
            .refs()
            .get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(sock) || !tcpUp()) {
      if (System.nanoTime() > deadline) throw new AssertionError("listeners did not come up");
      Thread.sleep(50);
    }
  }

  static boolean tcpUp() {
    try (var s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void noop() {}

  record Run(int status, String out) {}

  static Run run(String... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int rc = SyndicateClient.execute(new PrintStream(b, true, StandardCharsets.UTF_8), new CompletableFuture<>(), args);
    return new Run(rc, b.toString(StandardCharsets.UTF_8));
  }

  /** A command that holds, run in a thread until {@code until} sees its output, then stopped. */
  static Run runHeld(Predicate<String> until, Runnable meanwhile, String... args) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> SyndicateClient.execute(ps, stop, args));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean ran = false;
    while (!until.test(out(b, ps))) {
      if (rc.isDone()) throw new AssertionError("command ended early with " + rc.get() + ": " + out(b, ps));
      if (System.nanoTime() > deadline) throw new AssertionError("output never matched; got: " + out(b, ps));
      if (!ran) {
        Thread.sleep(300);
        meanwhile.run();
        ran = true;
      }
      Thread.sleep(50);
    }
    stop.complete(null);
    return new Run(rc.get(30, TimeUnit.SECONDS), out(b, ps));
  }

  static String out(ByteArrayOutputStream b, PrintStream ps) {
    synchronized (ps) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }

  static final java.util.regex.Pattern BASE_READY = java.util.regex.Pattern.compile("(?m)^started,ready +- +- +required +<milestone base>$");

  @Test
  void servicesListsEveryServiceWithItsStates() throws Exception {
    java.util.regex.Pattern tcpReady = java.util.regex.Pattern.compile("(?m)^started,ready .*<relay-listener <tcp \"127.0.0.1\" " + port + ">");
    // the states come from the services' own actors, after the listeners the setup waited for
    Run r = awaitServices(s -> BASE_READY.matcher(s).find() && tcpReady.matcher(s).find());
    assertThat(r.out()).startsWith("STATE").contains("SERVICE\n");
  }

  @Test
  void embeddedReferencesInNamesPrintAsNumberedRefsThatReadBack() throws Exception {
    Run r = run("--route", unixRoute, "services");
    assertThat(r.status()).isZero();
    // <relay-listener ADDR $config> / $gatekeeper: the refs the server sent, never a Java toString
    assertThat(r.out()).containsPattern("(?m) <relay-listener <tcp \"127.0.0.1\" " + port + "> #:<ref [0-9]+>>$");
    assertThat(r.out()).containsPattern("(?m) <relay-listener <unix \"[^\"]*\"> #:<ref [0-9]+>>$");
    assertThat(r.out()).doesNotContain("#:\"").doesNotContain("Ref[");
    for (String line : r.out().split("\n")) {
      int at = line.indexOf("<relay-listener");
      if (at >= 0) assertThat(org.syndicate.preserves.text.TextReader.parse(line.substring(at)).isRecord("relay-listener")).isTrue();
    }
    // observe shows the same form; different references get different numbers
    Run o = runHeld(s -> s.contains("+ [<relay-listener <unix") && s.contains("+ [<relay-listener <tcp"), () -> {},
        "--route", unixRoute, "observe", "<run-service <?l <relay-listener _ _>>>");
    assertThat(o.out()).containsPattern("\\+ \\[<relay-listener <unix \"[^\"]*\"> #:<ref [0-9]+>>\\]");
    assertThat(o.out()).contains("#:<ref 1>>]", "#:<ref 2>>]");
  }

  @Test
  void servicesFormatPreservesPrintsOneDictionaryPerService() throws Exception {
    Run r = awaitServices(
        out -> find(out, "<daemon sleeper>") instanceof Dictionary d && d.get("restarts") != null
            && find(out, "<daemon bad>") instanceof Dictionary b && !((Sequence) b.get("problems")).items().isEmpty()
            && find(out, "<milestone base>") instanceof Dictionary m && v("[started ready]").equals(m.get("states")),
        "--format=preserves");
    Value base = entry(r.out(), "<milestone base>");
    assertThat(base).isEqualTo(v("{name: <milestone base> states: [started ready] wanted: required pids: [] problems: [] processes: []}"));
    Dictionary sleeper = (Dictionary) entry(r.out(), "<daemon sleeper>");
    assertThat(((Sequence) sleeper.get("pids")).items()).singleElement().isInstanceOf(SignedInteger.class);
    assertThat(sleeper.get("restarts")).isEqualTo(v("0"));
    assertThat(((Sequence) sleeper.get("processes")).items()).singleElement().satisfies(p -> assertThat(((Dictionary) p).get("state")).isNotNull());
    Dictionary bad = (Dictionary) entry(r.out(), "<daemon bad>");
    assertThat(((Sequence) bad.get("problems")).items()).singleElement().satisfies(p -> assertThat(p.isRecord("invalid-spec")).isTrue());
    // a name holding a reference reads back as a record with an embedded <ref N>
    assertThat(r.out().lines().map(SyndicateClientTest::v).map(x -> ((Dictionary) x).get("name"))
        .filter(n -> n.isRecord("relay-listener"))).isNotEmpty().allSatisfy(n -> assertThat(n.toString()).contains("#:<ref "));
  }

  @Test
  void servicesFormatJsonPrintsOneObjectPerLine() throws Exception {
    // every service this test reads, in the state it checks (each comes from its own actors)
    Run r = awaitServices(out -> out.contains("\"name\":\"<daemon sleeper>\"") && out.contains("\"restarts\":0")
        && out.lines().anyMatch(l -> l.contains("\"name\":\"<milestone base>\"") && l.contains("\"states\":[\"started\",\"ready\"]"))
        && out.lines().anyMatch(l -> l.contains("\"name\":\"<daemon bad>\"") && l.contains("<invalid-spec 42")), "--format", "json");
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byName = new java.util.HashMap<>();
    for (String line : r.out().split("\n")) {
      var n = mapper.readTree(line);
      assertThat(n.isObject()).as(line).isTrue();
      byName.put(n.get("name").asText(), n);
    }
    var base = byName.get("<milestone base>");
    assertThat(base.get("states").toString()).isEqualTo("[\"started\",\"ready\"]");
    assertThat(base.get("wanted").asText()).isEqualTo("required");
    assertThat(base.has("restarts")).isFalse();
    var sleeper = byName.get("<daemon sleeper>");
    assertThat(sleeper.get("pids").get(0).isIntegralNumber()).isTrue();
    assertThat(sleeper.get("processes").get(0).get("pid")).isEqualTo(sleeper.get("pids").get(0));
    assertThat(byName.get("<daemon bad>").get("problems").get(0).asText()).startsWith("<invalid-spec 42");
    assertThat(byName.keySet()).anySatisfy(k -> assertThat(k).matches("<relay-listener <tcp \"127.0.0.1\" " + port + "> #:<ref [0-9]+>>"));
  }

  @Test
  void servicesRejectsAnUnknownFormat() {
    assertThat(run("--route", unixRoute, "services", "--format=yaml").status()).isEqualTo(2);
  }

  /** Runs {@code services ARGS} until its output satisfies {@code done} (the daemons take a moment). */
  static Run awaitServices(Predicate<String> done, String... args) throws InterruptedException {
    String[] all = new String[args.length + 3];
    all[0] = "--route";
    all[1] = unixRoute;
    all[2] = "services";
    System.arraycopy(args, 0, all, 3, args.length);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Run r = run(all);
      assertThat(r.status()).isZero();
      if (done.test(r.out())) return r;
      if (System.nanoTime() > deadline) throw new AssertionError("never got the expected output: " + r.out());
      Thread.sleep(100);
    }
  }

  static Value v(String text) {
    return org.syndicate.preserves.text.TextReader.parse(text);
  }

  /** The line of {@code --format=preserves} output for the service {@code name}. */
  static Value entry(String out, String name) {
    Value e = find(out, name);
    if (e == null) throw new AssertionError("no entry for " + name + " in " + out);
    return e;
  }

  /** The line of {@code --format=preserves} output for the service {@code name}, or null. */
  static Value find(String out, String name) {
    Value n = v(name);
    return out.lines().map(SyndicateClientTest::v).filter(x -> n.equals(((Dictionary) x).get("name"))).findFirst().orElse(null);
  }

  @Test
  void observeMessagesPrintsEachMatchingMessage() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // messages sent before the listener is in place are lost: keep sending until one is seen
    Run r;
    try {
      r = runHeld(s -> s.contains("! [\"tick\"]"), () -> CompletableFuture.runAsync(() -> {
            while (!done.isDone()) {
              run("--route", unixRoute, "message", "<chirp \"tick\" 1>");
              run("--route", unixRoute, "message", "<other \"tick\">");
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
            }
          }),
          "--route", unixRoute, "observe", "--messages", "<chirp ?what _>");
    } finally {
      done.complete(null);
    }
    assertThat(r.status()).isZero();
    assertThat(r.out().lines()).allMatch(l -> l.equals("! [\"tick\"]"));
    // the whole value without binders; the assertion <chirp 1> (in the config all along) is not a message
    CompletableFuture<Void> stopSending = new CompletableFuture<>();
    Run whole;
    try {
      whole = runHeld(s -> s.contains("! <chirp 2>"), () -> CompletableFuture.runAsync(() -> {
            while (!stopSending.isDone()) {
              run("--route", unixRoute, "message", "<chirp 2>");
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
            }
          }),
          "--route", unixRoute, "observe", "--messages", "<chirp _>");
    } finally {
      stopSending.complete(null);
    }
    assertThat(whole.status()).isZero();
    assertThat(whole.out().lines()).allMatch(l -> l.equals("! <chirp 2>"));
  }

  @Test
  void observeMessagesExitCodes() throws IOException {
    assertThat(run("--route", unixRoute, "observe", "--messages", "<a $x>").status()).isEqualTo(2);
    assertThat(run("--route", "<route [<unix \"" + dir.resolve("nobody-here.sock") + "\">]>", "observe", "--messages", "_").status()).isEqualTo(1);
  }

  @Test
  void servicesShowsPidsAndProblemsOfDaemons() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Run r;
    do {
      r = run("--route", unixRoute, "services");
      if (System.nanoTime() > deadline) throw new AssertionError("no pid / problem shown: " + r.out());
      Thread.sleep(100);
    } while (!(r.out().contains("  problem: <invalid-spec 42")
        && r.out().matches("(?s).*\\nstarted,ready +[0-9]+ +0 +required +<daemon sleeper>\\n.*")
        && r.out().matches("(?s).*\\n[a-z,]*failed[a-z,]* +- +- +required +<daemon bad>\\n.*")));
    assertThat(r.status()).isZero();
  }

  @Test
  void messageIsDeliveredAndObserveSeesItsEffect() throws Exception {
    Run r = runHeld(s -> s.contains("+ [hello]"), () -> assertThat(run("--route", unixRoute, "message", "<ping hello>").status()).isZero(),
        "--route", unixRoute, "observe", "<pong ?x>");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("+ [hello]\n").doesNotContain("- [hello]");
  }

  @Test
  void assertIsSeenByObserveAndRetractedAtExit() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
    CompletableFuture<Void> stopObserve = new CompletableFuture<>();
    CompletableFuture<Integer> observe =
        CompletableFuture.supplyAsync(() -> SyndicateClient.execute(ps, stopObserve, "--route", unixRoute, "observe", "<greeting _ _>"));
    CompletableFuture<Void> stopAssert = new CompletableFuture<>();
    CompletableFuture<Integer> asserter =
        CompletableFuture.supplyAsync(
            () -> SyndicateClient.execute(new PrintStream(new ByteArrayOutputStream()), stopAssert, "--route", unixRoute, "assert", "<greeting \"hi\" 42>"));
    awaitOutput(b, ps, "+ <greeting \"hi\" 42>\n");
    stopAssert.complete(null);
    assertThat(asserter.get(30, TimeUnit.SECONDS)).isZero();
    awaitOutput(b, ps, "- <greeting \"hi\" 42>\n");
    stopObserve.complete(null);
    assertThat(observe.get(30, TimeUnit.SECONDS)).isZero();
  }

  static void awaitOutput(ByteArrayOutputStream b, PrintStream ps, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!out(b, ps).contains(text)) {
      if (System.nanoTime() > deadline) throw new AssertionError("never saw " + text + " in: " + out(b, ps));
      Thread.sleep(50);
    }
  }

  @Test
  void requireStartsAServiceAndPrintsItsStates() throws Exception {
    Run r = runHeld(s -> s.contains("+ ready"), () -> {}, "--route", unixRoute, "require", "<milestone on-demand>");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("+ started\n", "+ ready\n");
  }

  @Test
  void restartSendsTheMessageOnlyToARunningService() throws Exception {
    awaitServices(s -> BASE_READY.matcher(s).find());
    assertThat(run("--route", unixRoute, "restart", "<milestone base>").status()).isZero();
    assertThat(run("--route", unixRoute, "restart", "<milestone nobody-runs-this>").status()).isEqualTo(1);
  }

  @Test
  void servicesWatchReprintsOnChanges() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
    CompletableFuture<Void> stopWatch = new CompletableFuture<>();
    CompletableFuture<Integer> watch =
        CompletableFuture.supplyAsync(() -> SyndicateClient.execute(ps, stopWatch, "--route", unixRoute, "services", "--watch"));
    CompletableFuture<Void> stopRequire = new CompletableFuture<>();
    try {
      // the first table, printed before the change (the require starts only once it is out)
      awaitOutput(b, ps, "SERVICE\n");
      assertThat(out(b, ps)).doesNotContain("<milestone watched>");
      CompletableFuture<Integer> require = CompletableFuture.supplyAsync(() -> SyndicateClient.execute(new PrintStream(new ByteArrayOutputStream()),
          stopRequire, "--route", unixRoute, "require", "<milestone watched>"));
      awaitOutput(b, ps, "required  <milestone watched>");
      stopWatch.complete(null);
      assertThat(watch.get(30, TimeUnit.SECONDS)).isZero();
      stopRequire.complete(null);
      assertThat(require.get(30, TimeUnit.SECONDS)).isZero();
    } finally {
      stopWatch.complete(null);
      stopRequire.complete(null);
    }
    assertThat(out(b, ps).split("STATE ", -1).length).as("printed more than once").isGreaterThan(2);
  }

  @Test
  void aSturdyRefStepReachesTheBoundDataspace() throws Exception {
    String route = "<route [<tcp \"127.0.0.1\" " + port + ">] <ref {oid: \"syndicate\" sig: #x\"" + DEMO_SIG + "\"}>>";
    Run r = runHeld(s -> s.contains("+ [1]"), () -> {}, "--route", route, "observe", "<in-demo ?n>");
    assertThat(r.status()).isZero();
  }

  @Test
  void aRejectedStepExitsWith1() {
    String route = "<route [<tcp \"127.0.0.1\" " + port + ">] <ref {oid: \"syndicate\" sig: #x\"00000000000000000000000000000000\"}>>";
    assertThat(run("--route", route, "services").status()).isEqualTo(1);
  }

  @Test
  void aRejectionDetailWithAReferenceIsWrittenAsClientText() {
    // $config answers <resolve <tidy-reject 1> #:obs> with <rejected #:$config>
    Value step = RecordValue.of("tidy-reject", SignedInteger.of(1));
    Probe p = new Probe("rejecter");
    try {
      p.run(
          t ->
              During.observe(
                  t,
                  refs.config(),
                  Patterns.rec("resolve", Patterns.lift(step), Patterns.bind()),
                  (mt, c) -> mt.publish((Ref) ((Embedded) c.items().get(0)).payload(), RecordValue.of("rejected", Embedded.of(refs.config())))));
      Route route = Route.parse("<route [<unix \"" + dir.resolve("s.sock") + "\">] <tidy-reject 1>>");
      assertThatThrownBy(() -> ClientConnection.open(route, java.time.Duration.ofSeconds(10), new ClientText()).close())
          .isInstanceOf(ClientException.class)
          .hasMessage("route step <tidy-reject 1> rejected: #:<ref 1>");
    } finally {
      p.actor.stop();
    }
  }

  @Test
  void anUnreachableServerExitsWith1() throws IOException {
    assertThat(run("--route", "<route [<unix \"" + dir.resolve("nobody-here.sock") + "\">]>", "services").status()).isEqualTo(1);
    int free;
    try (ServerSocket s = new ServerSocket(0)) {
      free = s.getLocalPort();
    }
    assertThat(run("--route", "<route [<tcp \"127.0.0.1\" " + free + ">]>", "message", "1").status()).isEqualTo(1);
  }

  @Test
  void everyCommandTakesHelp() {
    for (String cmd : new String[] {"assert", "message", "observe", "services", "restart", "require"}) {
      Run r = run(cmd, "--help");
      assertThat(r.status()).as(cmd + " --help").isZero();
      assertThat(r.out()).as(cmd + " --help").startsWith("Usage: syndicate " + cmd);
    }
    assertThat(run("--help").status()).isZero();
  }

  @Test
  void badInputExitsWith2() {
    assertThat(run("--route", unixRoute, "message", "<unclosed").status()).isEqualTo(2);
    assertThat(run("--route", unixRoute, "observe", "<a $x>").status()).isEqualTo(2);
    assertThat(run("--route", unixRoute, "observe", "#{1}").status()).isEqualTo(2);
    assertThat(run("--route", "<route []>", "services").status()).isEqualTo(2);
    assertThat(run("--route", "<route [<ws \"ws://x\">]>", "services").status()).isEqualTo(2);
    assertThat(run("--route", "not a route", "services").status()).isEqualTo(2);
    assertThat(run("no-such-command").status()).isEqualTo(2);
    assertThat(run().status()).isEqualTo(2);
  }
}
