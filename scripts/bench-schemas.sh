#!/usr/bin/env bash
# Runs the JMH benchmarks of the generated schema types
# (protocol-schemas/src/test/java/org/syndicate/schemas/SchemaTypesBench.java) from the
# protocol-schemas module's test classpath. Extra args go to JMH (e.g. -wi 1 -i 2 parseTurn).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/lib/java-env.sh"
cd "$here"
mvn -B -ntp -q -pl protocol-schemas -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="protocol-schemas/target/test-classes:protocol-schemas/target/classes:preserves/target/classes:$(cat protocol-schemas/target/test-classpath.txt)"
exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main SchemaTypesBench "$@"
