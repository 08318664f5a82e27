# Sourced by every script in bin/ and by .ci/run: finds a JDK >= 25 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm.
# Prints what it needs and returns 1 when there is none.

_syndicate_java_major() { # $1 = java home; prints the feature version, or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

syndicate_find_java() {
  local need=25 v best="" bestv=0 d
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(_syndicate_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then best=$JAVA_HOME; bestv=$v; fi
  fi
  if [ -z "$best" ]; then
    for d in /usr/lib/jvm/*/; do
      d=${d%/}
      [ -L "$d" ] && continue
      v=$(_syndicate_java_major "$d")
      if [ -n "$v" ] && [ "$v" -ge "$need" ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
    done
  fi
  if [ -z "$best" ]; then
    echo "error: this project needs a JDK $need or newer; none found in JAVA_HOME (${JAVA_HOME:-unset}) or under /usr/lib/jvm." >&2
    echo "       Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}

syndicate_find_java || exit 1
# Maven 3.8.7 bundles a guava that calls sun.misc.Unsafe; JDK 25 warns about it on every run.
case " ${MAVEN_OPTS:-} " in
  *sun-misc-unsafe-memory-access*) ;;
  *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
esac
