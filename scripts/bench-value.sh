#!/usr/bin/env bash
# Runs the Value equality/order/hash JMH benchmarks (preserves/src/test/java/.../bench/ValueBench.java)
# from the preserves module's test classpath. Extra args go to JMH (e.g. -wi 2 -w 1 -i 3 -r 1 -f 1,
# or a method regex such as 'ValueBench.deep'; without a regex naming ValueBench, all of it runs).
. "$(dirname "$0")/lib/bench.sh"
case " $* " in *ValueBench*) set -- "$@" ;; *) set -- "$@" ValueBench ;; esac
bench_main preserves org.openjdk.jmh.Main "$@"
