package org.syndicate.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Test listener: records everything a child reports, in order, and checks the ordering rules. */
class Recorder implements ProcessListener {
    final List<OutputLine> lines = new CopyOnWriteArrayList<>();
    final List<NotifyMessage> notifications = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Readiness> ready = new CompletableFuture<>();
    final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    volatile boolean lineAfterExit;

    @Override
    public void onLine(ChildProcess child, OutputLine line) {
        if (exit.isDone()) lineAfterExit = true;
        lines.add(line);
        events.add("line");
    }

    @Override
    public void onReady(ChildProcess child, Readiness how) {
        events.add("ready");
        ready.complete(how);
    }

    @Override
    public void onNotify(ChildProcess child, NotifyMessage message) {
        notifications.add(message);
        events.add("notify");
    }

    @Override
    public void onExit(ChildProcess child, ExitStatus status) {
        events.add("exit");
        exit.complete(status);
    }

    /** Spawns {@code spec} with this recorder and waits for its exit. */
    ExitStatus awaitExitOf(ProcessDriver driver, LaunchSpec spec) throws Exception {
        driver.spawn(spec, this);
        return awaitExit();
    }

    ExitStatus awaitExit() throws Exception {
        return exit.get(20, TimeUnit.SECONDS);
    }

    /** The lines of one stream, decoded, each with its newline if it had one. */
    List<String> text(StdStream stream) {
        List<String> out = new ArrayList<>();
        for (OutputLine l : lines) {
            if (l.stream() == stream) out.add(new String(l.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
