#!/usr/bin/env bash
# Benchmark program of the daemon service (test/src/test/java/org/syndicate/test/DaemonBench.java):
# latency from <require-service <daemon X>> to started/ready (median, p99) and the footprint of N
# supervised `sleep` daemons. Args: [ITERATIONS (300)] [N (1000)].
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl test -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="test/target/test-classes:test/target/classes:$(cat test/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xlog:disable -cp "$cp" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.syndicate.test.DaemonBench "$@"
