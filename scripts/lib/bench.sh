# Sourced by scripts/bench-*.sh. Builds a module's test classpath and runs a benchmark from it.
#   bench_main MODULE MAIN-CLASS ARGS...   runs MAIN-CLASS (e.g. org.openjdk.jmh.Main, or a bench program)
#   bench_jmh MODULE BENCH-CLASS ARGS...   runs JMH on BENCH-CLASS (extra args go to JMH, e.g. -wi 1 -i 2)
# The classpath is MODULE's test classes, the classes of MODULE and every reactor module below it,
# the shared test kit (dataspace test classes), then MODULE's test-scope dependencies.
# Extra JVM options: BENCH_JVM_OPTS (word-split).
set -euo pipefail
bench_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$bench_here/bin/lib/java-env.sh"

bench_main() {
  local module=$1 main=$2 m cp
  shift 2
  cd "$bench_here"
  mvn -B -ntp -q -pl "$module" -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  cp="$module/target/test-classes"
  for m in test syndicate-server process-driver dataspace protocol-schemas preserves; do
    [ -d "$m/target/classes" ] && cp="$cp:$m/target/classes"
  done
  [ -d dataspace/target/test-classes ] && cp="$cp:dataspace/target/test-classes"
  cp="$cp:$(cat "$module/target/test-classpath.txt")"
  # shellcheck disable=SC2086
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dshared.dir="$bench_here/../shared" \
    ${BENCH_JVM_OPTS:-} -cp "$cp" "$main" "$@"
}

bench_jmh() {
  local module=$1 bench=$2
  shift 2
  bench_main "$module" org.openjdk.jmh.Main "$bench" "$@"
}
