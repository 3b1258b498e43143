#!/usr/bin/env bash
# The Python package's benchmark (not a test): on the corpus of scripts/bench.sh (about MB
# megabytes of copies of the bundled notices), in one run on this machine's cores,
#
# - the CLI, `zhenggai extract -q --jobs 2` (best of 3 wall times);
# - Python `extract_many(jobs=2)` over the same files, read and decoded by Python into
#   dicts (best of 3), and its ratio to the CLI (target: within 15 %);
# - Python `extract_paths(jobs=2)` (the CLI's reader, records as dicts);
# - a Python loop of `Pipeline.extract` (one document at a time): what extract_many saves;
# - Spark in local mode (local[2]) running examples/spark_extract.py: documents and task
#   rows a second, JVM start-up left out.
#
#   scripts/bench_python.sh        # 50 MB
#   scripts/bench_python.sh 10     # a quick run
#
# Builds the release CLI and a release wheel, installed into target/python-venv (the
# environment of scripts/python-env.sh, as for scripts/test.sh). Spark needs Java 17; without it that row is left out.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-50}

cargo build --release --quiet --bin zhenggai
VPY=$(scripts/python-env.sh)
rm -rf target/wheels/bench
"$VPY" -m maturin build --release --locked --quiet --strip -m python/Cargo.toml -i "$VPY" --out target/wheels/bench
"$VPY" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall target/wheels/bench/zhenggai-*.whl

CORPUS=$(scripts/bench-corpus.sh "$MB")
"$VPY" scripts/bench_python.py target/release/zhenggai "$CORPUS"
