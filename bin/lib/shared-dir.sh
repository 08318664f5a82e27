# Sourced by scripts: sets SHARED_DIR to the project's read-only shared folder (conformance vectors
# under testdata/, used in place by the tests, never copied in). Looks, in order, at
# $SYNDICATE_SHARED_DIR, at ../shared beside the checkout, and, for a clone of a local checkout,
# at ../shared beside the repository it was cloned from. Needs $here (the checkout's root).
# Exits 1 with a clear message when none exists.
find_shared_dir() {
  if [ -n "${SYNDICATE_SHARED_DIR:-}" ]; then
    echo "$SYNDICATE_SHARED_DIR"; return
  fi
  if [ -d "$here/../shared" ]; then
    (cd "$here/../shared" && pwd); return
  fi
  origin=$(git -C "$here" remote get-url origin 2>/dev/null || true)
  if [ -n "$origin" ] && [ -d "$origin/../shared" ]; then
    (cd "$origin/../shared" && pwd); return
  fi
  echo ""
}
SHARED_DIR=$(find_shared_dir)
if [ -z "$SHARED_DIR" ] || [ ! -d "$SHARED_DIR/testdata" ]; then
  echo "error: the shared folder with testdata/ was not found: put it beside the checkout as ../shared, or set SYNDICATE_SHARED_DIR" >&2
  exit 1
fi
