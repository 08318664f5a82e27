package org.syndicate.process;

import org.junit.jupiter.api.Test;
import org.syndicate.process.posix.Errno;
import org.syndicate.process.posix.PosixException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small value types: wait statuses, signal names, /proc parsing, sd_notify parsing, errno text. */
class DriverValuesTest {

    @Test
    void waitStatusDecoding() {
        assertThat(ExitStatus.fromWaitStatus(0)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(ExitStatus.fromWaitStatus(0x8f00)).isEqualTo(new ExitStatus.Exited(143));
        assertThat(ExitStatus.fromWaitStatus(0x0f)).isEqualTo(new ExitStatus.Signaled(15, false));
        assertThat(ExitStatus.fromWaitStatus(0x8b)).isEqualTo(new ExitStatus.Signaled(11, true));
        assertThat(ExitStatus.fromWaitStatus(0x8b).toString()).isEqualTo("signal: 11 (SIGSEGV) (core dumped)");
        assertThat(new ExitStatus.Exited(1).toString()).isEqualTo("exit status: 1");
        assertThat(new ExitStatus.Exited(0).success()).isTrue();
        assertThatThrownBy(() -> ExitStatus.fromWaitStatus(0x137f)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signalNames() {
        assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
        assertThat(Signals.parse("term")).isEqualTo(15);
        assertThat(Signals.parse("9")).isEqualTo(9);
        assertThat(Signals.parse("SIGRTMIN+2")).isEqualTo(36);
        assertThat(Signals.name(9)).isEqualTo("SIGKILL");
        assertThat(Signals.name(36)).isEqualTo("SIGRTMIN+2");
        for (int n = 1; n <= Signals.MAX; n++) {
            if (n == 32 || n == 33) continue; // glibc-internal, unnamed
            assertThat(Signals.parse(Signals.name(n))).isEqualTo(n);
        }
        assertThatThrownBy(() -> Signals.parse("SIGNOPE")).hasMessageContaining("no such signal: SIGNOPE");
        assertThatThrownBy(() -> Signals.parse("65")).hasMessageContaining("no such signal");
    }

    @Test
    void procStatParsing() {
        ProcTable.Entry e = ProcTable.parse("1234 (we ird) (name)) S 1 1234 1230 0 -1 4194560 0 0");
        assertThat(e).isEqualTo(new ProcTable.Entry(1234, 'S', 1, 1234, 1230));
        assertThat(ProcTable.parse("garbage")).isNull();
        assertThat(ProcTable.parse("12 (x) Z 1 2 3").zombie()).isTrue();
        assertThat(ProcTable.snapshot()).anyMatch(x -> x.pid() == ProcessHandle.current().pid());
    }

    @Test
    void notifyMessageParsing() {
        NotifyMessage m = NotifyMessage.parse("READY=1\nSTATUS=up and running\nno-equals\nMAINPID=42\n");
        assertThat(m.ready()).isTrue();
        assertThat(m.status()).isEqualTo("up and running");
        assertThat(m.fields()).containsEntry("MAINPID", "42").hasSize(3);
        assertThat(NotifyMessage.parse("READY=0").ready()).isFalse();
        assertThat(NotifyMessage.parse("STOPPING=1").stopping()).isTrue();
    }

    @Test
    void launchSpecRejectsWhatExecCannotTake() {
        assertThatThrownBy(() -> LaunchSpec.command().build()).hasMessageContaining("argv is empty");
        assertThatThrownBy(() -> LaunchSpec.command("a\0b").build()).hasMessageContaining("argv[0] contains a NUL");
        assertThatThrownBy(() -> LaunchSpec.shell("x").env("A=B", "v").build()).hasMessageContaining("bad environment variable name");
        assertThatThrownBy(() -> LaunchSpec.shell("x").env("A", "v\0").build()).hasMessageContaining("A contains a NUL");
        assertThatThrownBy(() -> LaunchSpec.shell("x").readinessFd(2).build()).hasMessageContaining("readiness fd must be >= 3");
        assertThat(LaunchSpec.shell("echo hi").build().argv()).containsExactly("sh", "-c", "echo hi");
    }

    @Test
    void errnoText() {
        assertThat(Errno.describe(Errno.ENOENT)).isEqualTo("No such file or directory (ENOENT)");
        assertThat(new PosixException("open(x)", Errno.EACCES).getMessage())
                .isEqualTo("open(x): Permission denied (EACCES)");
        assertThat(Errno.name(9999)).isEqualTo("errno 9999");
    }
}
