#!/usr/bin/env bash
# Builds the benchmark corpus of about MB megabytes (copies of corpus/seeds, the held-out
# notices and corpus/encodings) under target/bench-corpus/MBmb, once, and prints its path.
# Shared by scripts/bench.sh and scripts/bench_python.sh.
#
#   CORPUS=$(scripts/bench-corpus.sh 20)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-300}
CORPUS=target/bench-corpus/${MB}mb
if [ ! -f "$CORPUS/.complete" ]; then
    rm -rf "$CORPUS"
    mkdir -p "$CORPUS/0"
    cp corpus/seeds/*.txt corpus/heldout/h* corpus/encodings/* "$CORPUS/0/"
    one=$(du -sb "$CORPUS/0" | cut -f1)
    copies=$(( (MB * 1000000 + one - 1) / one ))
    for i in $(seq 1 $((copies - 1))); do cp -r "$CORPUS/0" "$CORPUS/$i"; done
    touch "$CORPUS/.complete"
fi
echo "$CORPUS"
