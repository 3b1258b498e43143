#!/usr/bin/env bash
# The Python environment of the tests and the benchmark: a virtual environment of its own,
# target/python-venv, holding what python/requirements-test.txt lists (maturin, pytest,
# pandas, pyarrow, matplotlib, pyspark), installed when the venv is new or the list has
# changed since. Prints the path of its python; messages go to stderr.
#
#   VPY=$(scripts/python-env.sh)
#
# PYTHON (default python3) makes the venv; on Debian its venv module is python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=target/python-venv
REQ=python/requirements-test.txt
STAMP=$VENV/.requirements-test.txt
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV" >&2 || {
        echo "python-env.sh: $PY -m venv failed (Debian: apt-get install python3-venv)" >&2
        exit 1
    }
fi
if ! cmp -s "$REQ" "$STAMP"; then
    echo "python-env.sh: installing $REQ into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" >&2
    cp "$REQ" "$STAMP"
fi
echo "$PWD/$VENV/bin/python"
