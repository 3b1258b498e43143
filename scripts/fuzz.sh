#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for a bounded time (FUZZ_SECONDS, default 60 s each).
#
#   scripts/fuzz.sh                 # decode_clean then extract, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh extract
#
# Installs cargo-fuzz when missing. cargo-fuzz passes nightly-only flags to rustc; on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it accept them. The sanitizer is off by default
# (the crate has no unsafe code; what we look for are panics, overflows and hangs, which
# debug assertions and libFuzzer's -timeout catch); FUZZ_SANITIZER=address turns it on.
# Seeds: the committed hostile cases, the regressions and the bundled notices. A crash is
# left in fuzz/artifacts/<target>/: copy it to tests/hostile/regressions/ and fix it.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decode_clean extract)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1

failed=()
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus"
    for seed in tests/hostile/* tests/hostile/regressions/* corpus/seeds/* corpus/heldout/*; do
        [ -f "$seed" ] && [ "${seed##*.}" != md ] && cp -n "$seed" "$corpus/" || true
    done
    echo "== $target: $seconds s"
    cargo fuzz run --sanitizer "$sanitizer" "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=20 -max_len=65536 -print_final_stats=1 ||
        failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashes in: ${failed[*]} (see fuzz/artifacts/)" >&2
    exit 1
fi
