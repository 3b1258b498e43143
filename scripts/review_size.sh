#!/usr/bin/env bash
# How big the review page gets and how long it takes to load, for batches of N notices:
# copies of corpus/real (66 notices from the web, 1.3 MB: news pages, notices, reports,
# tables) cycled to N documents, `zhenggai review` of them, the page's size, then headless
# Chromium opening the page from disk RUNS times: the time from navigation to the first
# document shown and the index ready (the page's own performance.now(), written to
# body[data-ready-ms]; the page's script runs after the whole file is parsed).
#
#   scripts/review_size.sh              # 100 and 2000 notices, 3 runs each
#   scripts/review_size.sh 500 3        # one size
#
# Needs chromium (apt-get install chromium). Figures move with the machine's load: this is
# a measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"100 2000"}
RUNS=${2:-3}
command -v chromium >/dev/null || { echo "review_size.sh needs chromium" >&2; exit 2; }
cargo build --release --quiet --bin zhenggai
ZG=target/release/zhenggai
OUT=target/review-size
mkdir -p "$OUT"
mapfile -t NOTICES < <(find corpus/real -type f | sort)

printf '| notices | input MB | page MB | tasks | review s | ready ms (median of %s) |\n' "$RUNS"
printf '|---|---|---|---|---|---|\n'
for n in $SIZES; do
    dir="$OUT/corpus-$n"
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir" && mkdir -p "$dir"
        for i in $(seq 0 $((n - 1))); do
            src=${NOTICES[$((i % ${#NOTICES[@]}))]}
            cp "$src" "$dir/$(printf '%05d' "$i")_$(basename "$src")"
        done
        touch "$dir/.complete"
    fi
    input=$(find "$dir" -type f ! -name .complete -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}')
    page="$OUT/review-$n.html"
    start=$(date +%s%N)
    "$ZG" review -q "$dir" -o "$page" || true
    secs=$(( ($(date +%s%N) - start) / 1000000 ))
    size=$(stat -c %s "$page" | awk '{printf "%.1f", $1/1e6}')
    # the index's task counts (a document's data holds "tasks":[…], no digit after the colon)
    tasks=$(grep -o '"tasks":[0-9]*' "$page" | cut -d: -f2 | awk -v n="$n" 'NR <= n {s+=$1} END {print s}')
    ready=()
    for r in $(seq 1 "$RUNS"); do
        profile=$(mktemp -d)
        ms=$(timeout 300 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$profile" --dump-dom "file://$PWD/$page" 2>/dev/null \
            | grep -o 'data-ready-ms="[0-9]*"' | grep -o '[0-9][0-9]*' | awk 'NR == 1' || echo "-")
        ready+=("$ms")
        rm -rf "$profile"
    done
    med=$(printf '%s\n' "${ready[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$n" "$input" "$size" "$tasks" \
        "$(awk -v m="$secs" 'BEGIN {printf "%.1f", m/1000}')" "$med"
done
