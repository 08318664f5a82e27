#!/usr/bin/env bash
# Runs the client JMH benchmarks (syndicate-server/src/test/java/org/syndicate/client/ClientBench.java)
# from the syndicate-server module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 messageSync).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl syndicate-server -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="syndicate-server/target/test-classes:syndicate-server/target/classes"
for m in process-driver dataspace protocol-schemas preserves; do cp="$cp:$m/target/classes"; done
cp="$cp:$(cat syndicate-server/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main ClientBench "$@"
