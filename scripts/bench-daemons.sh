#!/usr/bin/env bash
# Benchmark program of the daemon service (test/src/test/java/org/syndicate/test/DaemonBench.java):
# latency from <require-service <daemon X>> to started/ready (median, p99) and the footprint of N
# supervised `sleep` daemons. Args: [ITERATIONS (300)] [N (1000)].
# Server logging (logback) is at WARN unless SYNDICATE_LOG_LEVEL says otherwise: INFO lines per
# daemon would be part of what is measured.
export SYNDICATE_LOG_LEVEL="${SYNDICATE_LOG_LEVEL:-WARN}"
BENCH_JVM_OPTS="-Xlog:disable"
. "$(dirname "$0")/lib/bench.sh"
bench_main test org.syndicate.test.DaemonBench "$@"
