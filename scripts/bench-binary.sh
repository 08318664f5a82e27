#!/usr/bin/env bash
# Runs the binary-codec JMH benchmarks (preserves/src/test/java/.../bench/BinaryBench.java: Preserves
# binary vs Jackson CBOR on a Turn packet and on samples.bin) from the preserves module's test
# classpath. Extra args go to JMH (e.g. -wi 1 -i 2, or a method regex such as 'BinaryBench.turn';
# without a regex naming BinaryBench, all of BinaryBench runs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl preserves -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="preserves/target/test-classes:preserves/target/classes:$(cat preserves/target/test-classpath.txt)"
case " $* " in *BinaryBench*) ;; *) set -- "$@" BinaryBench ;; esac
exec "$JAVA_HOME/bin/java" -Dshared.dir="$here/../shared" -cp "$cp" org.openjdk.jmh.Main "$@"
