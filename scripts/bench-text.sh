#!/usr/bin/env bash
# Runs the text-syntax JMH benchmarks (preserves/src/test/java/.../text/TextBench.java) from the
# preserves module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 parseSamples).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl preserves -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="preserves/target/test-classes:preserves/target/classes:$(cat preserves/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" -Dshared.dir="$here/../shared" -cp "$cp" org.openjdk.jmh.Main TextBench "$@"
