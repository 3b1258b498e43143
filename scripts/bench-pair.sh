#!/usr/bin/env bash
# Two builds of zhenggai on the same corpus, in one run: the throughput of each on one
# thread (best of ROUNDS alternated runs, so that a busy moment of the machine hits both)
# and the ratio NEW / OLD. For a change that must not slow the pipeline (issue 14: no
# more than 10% throughput fall), with OLD a build of the commit before it.
#
#   scripts/bench-pair.sh OLD_BINARY NEW_BINARY [MB] [ROUNDS]
#
# The corpus is scripts/bench.sh's (copies of corpus/seeds, corpus/heldout and
# corpus/encodings) plus copies of corpus/real, about MB megabytes (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?old binary}; NEW=${2:?new binary}; MB=${3:-30}; ROUNDS=${4:-3}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-pair.sh needs GNU time: apt-get install time" >&2; exit 2; }

CORPUS=target/bench-corpus/pair-${MB}mb
if [ ! -f "$CORPUS/.complete" ]; then
    rm -rf "$CORPUS"
    mkdir -p "$CORPUS/0"
    cp corpus/seeds/*.txt corpus/heldout/h* corpus/encodings/* "$CORPUS/0/"
    cp corpus/real/*.txt corpus/real/*.md "$CORPUS/0/"
    one=$(du -sb "$CORPUS/0" | cut -f1)
    copies=$(( (MB * 1000000 + one - 1) / one ))
    for i in $(seq 1 $((copies - 1))); do cp -r "$CORPUS/0" "$CORPUS/$i"; done
    touch "$CORPUS/.complete"
fi
BYTES=$(find "$CORPUS" -type f ! -name .complete -printf '%s\n' | awk '{s+=$1} END {print s}')

run() { # binary -> "seconds peak_kb"
    "$TIME" -f '%e %M' -o target/bench-pair-time.txt "$1" extract -q --jobs 1 "$CORPUS" >/dev/null
    cat target/bench-pair-time.txt
}
best_old=; best_new=; rss_old=; rss_new=
for _ in $(seq "$ROUNDS"); do
    read -r s r < <(run "$OLD")
    if [ -z "$best_old" ] || awk -v a="$s" -v b="$best_old" 'BEGIN{exit !(a<b)}'; then best_old=$s; rss_old=$r; fi
    read -r s r < <(run "$NEW")
    if [ -z "$best_new" ] || awk -v a="$s" -v b="$best_new" 'BEGIN{exit !(a<b)}'; then best_new=$s; rss_new=$r; fi
done
awk -v b="$BYTES" -v so="$best_old" -v sn="$best_new" -v ro="$rss_old" -v rn="$rss_new" \
    -v rounds="$ROUNDS" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "corpus: %.1f MB; best of %d alternated runs on 1 thread; load average %s at the end\n", b / 1e6, rounds, load
    printf "%-6s %8.2f MB/s %8.0f MB peak RSS\n", "old", b / 1e6 / so, ro / 1024
    printf "%-6s %8.2f MB/s %8.0f MB peak RSS\n", "new", b / 1e6 / sn, rn / 1024
    printf "new / old throughput: %.3f\n", so / sn
}'
