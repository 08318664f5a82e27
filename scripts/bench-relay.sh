#!/usr/bin/env bash
# Runs the relay JMH benchmarks (dataspace/src/test/java/.../relay/RelayBench.java) from the
# dataspace module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 readBinaryTurn).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh dataspace RelayBench "$@"
