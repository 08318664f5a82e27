#!/usr/bin/env bash
# Runs the config-script compiler JMH benchmarks (syndicate-server/src/test/java/.../script/ScriptBench.java)
# from the syndicate-server module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 loadConfig).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh syndicate-server ScriptBench "$@"
