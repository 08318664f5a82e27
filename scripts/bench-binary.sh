#!/usr/bin/env bash
# Runs the binary-codec JMH benchmarks (preserves/src/test/java/.../bench/BinaryBench.java: Preserves
# binary vs Jackson CBOR on a Turn packet and on samples.bin) from the preserves module's test
# classpath. Extra args go to JMH (e.g. -wi 1 -i 2, or a method regex such as 'BinaryBench.turn';
# without a regex naming BinaryBench, all of BinaryBench runs).
. "$(dirname "$0")/lib/bench.sh"
case " $* " in *BinaryBench*) set -- "$@" ;; *) set -- "$@" BinaryBench ;; esac
bench_main preserves org.openjdk.jmh.Main "$@"
