#!/usr/bin/env bash
# Runs the whole-server JMH benchmarks over loopback TCP (syndicate-server/src/test/java/.../wire/
# ServerBench.java) from the syndicate-server test classpath. Extra args go to JMH
# (e.g. -wi 1 -i 2 syncRoundTrip).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl syndicate-server -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="syndicate-server/target/test-classes:syndicate-server/target/classes:process-driver/target/classes:dataspace/target/classes:protocol-schemas/target/classes:preserves/target/classes:$(cat syndicate-server/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=/dev/null -cp "$cp" org.openjdk.jmh.Main ServerBench "$@"
