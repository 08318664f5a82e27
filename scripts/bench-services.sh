#!/usr/bin/env bash
# Runs the dependency-system JMH benchmarks (syndicate-server/src/test/java/.../services/ServicesBench.java)
# from the syndicate-server module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 chain).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh syndicate-server ServicesBench "$@"
