#!/usr/bin/env bash
# Runs the config watcher JMH benchmarks (syndicate-server/src/test/java/.../config/ConfigWatcherBench.java)
# from the syndicate-server module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 editToAssertion).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh syndicate-server ConfigWatcherBench "$@"
