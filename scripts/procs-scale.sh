#!/usr/bin/env bash
# Resource probe for the process driver: N `sleep 1000` children on one driver (default 1000);
# prints spawn time, threads, heap per child, fds, and the time to stop them all.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl process-driver -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="process-driver/target/test-classes:process-driver/target/classes:$(cat process-driver/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.syndicate.process.ScaleProbe "$@"
