#!/usr/bin/env bash
# Runs the client JMH benchmarks (syndicate-server/src/test/java/org/syndicate/client/ClientBench.java)
# from the syndicate-server module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 messageSync).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh syndicate-server ClientBench "$@"
