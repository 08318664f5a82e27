#!/usr/bin/env bash
# Runs the JMH benchmarks of the generated schema types
# (protocol-schemas/src/test/java/org/syndicate/schemas/SchemaTypesBench.java) from the
# protocol-schemas module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 parseTurn).
. "$(dirname "$0")/lib/bench.sh"
bench_jmh protocol-schemas SchemaTypesBench "$@"
