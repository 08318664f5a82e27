#!/usr/bin/env bash
# Runs the relay JMH benchmarks (dataspace/src/test/java/.../relay/RelayBench.java) from the
# dataspace module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 readBinaryTurn).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl dataspace -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="dataspace/target/test-classes:dataspace/target/classes:protocol-schemas/target/classes:preserves/target/classes:$(cat dataspace/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main RelayBench "$@"
