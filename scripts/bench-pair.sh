#!/usr/bin/env bash
# Two builds of zhenggai on the same corpus, in one run: the throughput of each on one
# thread (best of ROUNDS alternated runs, so that a busy moment of the machine hits both)
# and the ratio NEW / OLD, by wall time and by CPU time (user + system, which a machine
# busy with other work disturbs less). For a change that must not slow the pipeline (issue 14: no
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

run() { # binary -> "wall_seconds cpu_seconds peak_kb"
    "$TIME" -f '%e %U %S %M' -o target/bench-pair-time.txt "$1" extract -q --jobs 1 "$CORPUS" >/dev/null
    awk '{print $1, $2 + $3, $4}' target/bench-pair-time.txt
}
min() { awk -v a="$1" -v b="$2" 'BEGIN{print (b == "" || a < b) ? a : b}'; }
wo=; co=; ro=; wn=; cn=; rn=
for _ in $(seq "$ROUNDS"); do
    read -r w c r < <(run "$OLD"); wo=$(min "$w" "$wo"); co=$(min "$c" "$co"); ro=$r
    read -r w c r < <(run "$NEW"); wn=$(min "$w" "$wn"); cn=$(min "$c" "$cn"); rn=$r
done
awk -v b="$BYTES" -v wo="$wo" -v co="$co" -v wn="$wn" -v cn="$cn" -v ro="$ro" -v rn="$rn" \
    -v rounds="$ROUNDS" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "corpus: %.1f MB; best of %d alternated runs on 1 thread; load average %s at the end\n", b / 1e6, rounds, load
    printf "%-6s %10s %10s %12s\n", "build", "wall MB/s", "CPU MB/s", "peak RSS"
    printf "%-6s %10.2f %10.2f %9.0f MB\n", "old", b / 1e6 / wo, b / 1e6 / co, ro / 1024
    printf "%-6s %10.2f %10.2f %9.0f MB\n", "new", b / 1e6 / wn, b / 1e6 / cn, rn / 1024
    printf "new / old throughput: %.3f by wall time, %.3f by CPU time\n", wo / wn, co / cn
}'
