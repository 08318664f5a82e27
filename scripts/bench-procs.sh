#!/usr/bin/env bash
# Runs the process-driver JMH benchmarks (process-driver/src/test/java/.../SpawnBench.java) from the
# module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 spawnToExit).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh process-driver SpawnBench "$@"
