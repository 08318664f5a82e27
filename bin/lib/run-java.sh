# Sourced by launchers: run_java MODULE MAIN-CLASS ARGS...
# Runs MAIN-CLASS from MODULE/target/classes and MODULE/target/lib/*, plus the classes of the
# modules below it; builds first (bin/build) when the module has not been built yet.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/bin/lib/java-env.sh"
run_java() {
  local module=$1 main=$2; shift 2
  if [ ! -d "$here/$module/target/classes" ] || [ ! -d "$here/$module/target/lib" ]; then
    echo "($module is not built yet: running bin/build first)" >&2
    "$here/bin/build" >&2 || { echo "error: build failed" >&2; exit 1; }
  fi
  local cp="" m
  for m in preserves protocol-schemas dataspace process-driver syndicate-server; do
    [ -d "$here/$m/target/classes" ] && cp="$cp:$here/$m/target/classes"
    [ "$m" = "$module" ] && break
  done
  cp="${cp#:}:$here/$module/target/lib/*"
  # The JVM's own warnings go to stderr, not to its default stdout: stdout is the protocol under
  # --inferior and the output of bin/syndicate. (Seen: two JVMs with the same pid in different pid
  # namespaces share /tmp/hsperfdata_USER/PID, and the second printed "Cannot use file ... locked
  # by another process" on stdout, breaking `syndicate services`.) SYNDICATE_JAVA_OPTS come after,
  # so they can still add logging of their own.
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xlog:disable -Xlog:all=warning:stderr:uptime,level,tags \
    ${SYNDICATE_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
