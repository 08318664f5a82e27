#!/usr/bin/env bash
# Runs the text-syntax JMH benchmarks (preserves/src/test/java/.../text/TextBench.java) from the
# preserves module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 parseSamples).
. "$(dirname "$0")/lib/bench.sh"
# Benchmarks of positions tracking: scripts/bench-text.sh TextPositionsBench (an argument naming a
# *Bench class replaces the default TextBench).
case " $* " in *Bench*) bench_main preserves org.openjdk.jmh.Main "$@" ;; *) bench_jmh preserves TextBench "$@" ;; esac
