#!/usr/bin/env bash
# Every test, Rust and Python: the README's test command, and what .ci/run runs.
#
# 1. `cargo test --workspace --locked` (the crate's unit, integration and doc tests; the
#    workspace, so that the crates are compiled with the features step 2 resolves too);
# 2. the Python package (python/) built from this tree as a wheel (maturin, dev profile and
#    the feature test-deps, so that it reuses the crates step 1 compiled and builds only pyo3
#    and the binding; stripped of debug info) into target/wheels/test/, installed into the virtual
#    environment of scripts/python-env.sh, target/python-venv (python/requirements-test.txt
#    installed into it when new or changed);
# 3. pytest over python/tests against the CLI of step 1: records equal to the CLI's, frames,
#    exceptions, compare and eval, the notebook example, and Spark in local mode (Java 17).
#
# Without python3 the Python part is skipped with a note, and a test whose tool is missing
# (Java) skips, unless ZHENGGAI_REQUIRE_PYTHON=1 (set by .ci/run): then both fail.
# Arguments go to pytest (`scripts/test.sh -k spark`); SKIP_CARGO=1 skips step 1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_CARGO:-}" != 1 ]; then
    cargo test --workspace --locked
fi

PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
    if [ "${ZHENGGAI_REQUIRE_PYTHON:-}" = 1 ]; then
        echo "test.sh: $PY not found and ZHENGGAI_REQUIRE_PYTHON=1: the Python tests must run" >&2
        exit 1
    fi
    echo "test.sh: $PY not found: the Python package is not tested"
    exit 0
fi

VPY=$(scripts/python-env.sh)

WHEELS=target/wheels/test
rm -rf "$WHEELS"
"$VPY" -m maturin build --locked --quiet --strip --features test-deps -m python/Cargo.toml -i "$VPY" --out "$WHEELS"
WHEEL=$(ls "$WHEELS"/zhenggai-*.whl)
"$VPY" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$WHEEL"

# the CLI the records are compared with: this build's (else the newest, see conftest.py)
if [ -x target/debug/zhenggai ] && [ "${SKIP_CARGO:-}" != 1 ]; then
    export ZHENGGAI_BIN=$PWD/target/debug/zhenggai
fi
ZHENGGAI_WHEEL=$PWD/$WHEEL "$VPY" -m pytest python/tests -o cache_dir=target/pytest-cache -rs --durations=5 "$@"
