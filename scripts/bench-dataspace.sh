#!/usr/bin/env bash
# Runs the dataspace JMH benchmarks (dataspace/src/test/java/.../bench/DataspaceBench.java) from
# the dataspace module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 3 messagesNoSubscriber).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh dataspace DataspaceBench "$@"
