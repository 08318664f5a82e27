#!/usr/bin/env bash
# Runs the sturdy-ref / attenuation JMH benchmarks (dataspace/src/test/java/.../sturdy/SturdyBench.java)
# from the dataspace module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 mint).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh dataspace SturdyBench "$@"
