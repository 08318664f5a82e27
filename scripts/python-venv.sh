#!/usr/bin/env bash
# Creates (idempotently) a Python virtual environment under DIR/target/python-venv holding the
# pinned interop peers of scripts/python-requirements.txt (syndicate-py, preserves,
# noiseprotocol), and prints the venv's python path as the last line of stdout.
#
#   scripts/python-venv.sh DIR        # DIR: the calling module or the repository root
#
# Needs only python3 (>= 3.8, with the venv module) and access to PyPI through pip.
# Re-running is cheap: the venv is rebuilt only when the requirements file changed or the venv
# is broken. Concurrent callers are serialised with flock when it is available.
# Progress goes to stderr; exit status is non-zero (with a message) on any failure.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR   (creates DIR/target/python-venv)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
req="$here/python-requirements.txt"
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "error: no such directory: $1" >&2; exit 2; }
target="$dir/target"
venv="$target/python-venv"
py="$venv/bin/python"
stamp="$venv/.requirements.sha256"

python3=${PYTHON3:-python3}
if ! command -v "$python3" >/dev/null 2>&1; then
  echo "error: $python3 not found; install Python 3 (>= 3.8)" >&2
  exit 1
fi

mkdir -p "$target"
# Serialise concurrent callers (parallel test forks) on one lock per venv.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$target/.python-venv.lock"
  flock 9
fi

want=$(sha256sum "$req" | cut -d' ' -f1)

venv_ok() {
  [ -x "$py" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
    && "$py" -c 'import syndicate, preserves, noise' >/dev/null 2>&1
}

if ! venv_ok; then
  echo "python-venv: creating $venv" >&2
  rm -rf "$venv"
  if ! "$python3" -m venv "$venv" >&2 2>/dev/null; then
    # Debian/Ubuntu ship ensurepip separately (package python3-venv). Fall back to a venv
    # without pip, populated by the host's own pip if it has one.
    rm -rf "$venv"
    if "$python3" -m pip --version >/dev/null 2>&1; then
      "$python3" -m venv --without-pip "$venv" >&2
      pip_cmd=("$python3" -m pip --python "$py")
    else
      echo "error: '$python3 -m venv' failed and no pip is available; install the venv module" >&2
      echo "       (Debian/Ubuntu: apt-get install python3-venv)" >&2
      exit 1
    fi
  else
    pip_cmd=("$py" -m pip)
  fi
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    "${pip_cmd[@]}" install -q --require-virtualenv -r "$req" >&2 \
    || { echo "error: pip could not install $req into $venv" >&2; exit 1; }
  if ! "$py" -c 'import syndicate, preserves, noise' >&2; then
    echo "error: the venv at $venv cannot import syndicate, preserves and noise" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
  echo "python-venv: ready ($("$py" -m pip --version 2>/dev/null | cut -d' ' -f1-2 || echo pip))" >&2
fi

echo "$py"
