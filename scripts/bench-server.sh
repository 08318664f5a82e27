#!/usr/bin/env bash
# Runs the whole-server JMH benchmarks over loopback TCP (syndicate-server/src/test/java/.../wire/
# ServerBench.java) from the syndicate-server test classpath. Extra args go to JMH
# (e.g. -wi 1 -i 2 syncRoundTrip).
BENCH_JVM_OPTS="-Dlogback.configurationFile=/dev/null"
. "$(dirname "$0")/lib/bench.sh"
bench_jmh syndicate-server ServerBench "$@"
