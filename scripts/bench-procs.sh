#!/usr/bin/env bash
# Runs the process-driver JMH benchmarks (process-driver/src/test/java/.../SpawnBench.java) from the
# module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 spawnToExit).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl process-driver -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="process-driver/target/test-classes:process-driver/target/classes:$(cat process-driver/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main SpawnBench "$@"
