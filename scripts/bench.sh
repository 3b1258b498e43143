#!/usr/bin/env bash
# The benchmark of the README: builds a corpus of copies of the bundled notices
# (corpus/seeds, corpus/heldout, corpus/encodings) of about MB megabytes, then measures
# in one run, in input MB/s: bare jieba-rs segmentation of the same cleaned texts (the
# floor), the full pipeline on 1 thread and on 2 threads, peak RSS of each pipeline run,
# and start-up (an extraction of a one-line file, median of 11).
#
#   scripts/bench.sh        # ~300 MB (the peak-RSS figure of the issue)
#   scripts/bench.sh 20     # a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-300}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench.sh needs GNU time: apt-get install time" >&2; exit 2; }

cargo build --release --quiet --bin zhenggai --example segment_floor
ZG=target/release/zhenggai
FLOOR=target/release/examples/segment_floor

CORPUS=$(scripts/bench-corpus.sh "$MB")
BYTES=$(find "$CORPUS" -type f ! -name .complete -printf '%s\n' | awk '{s+=$1} END {print s}')
DOCS=$(find "$CORPUS" -type f ! -name .complete | wc -l)

floor=$("$FLOOR" "$CORPUS" | sed -E 's/.* ([0-9.]+) MB\/s/\1/')

run() { # threads -> "seconds peak_kb"
    "$TIME" -f '%e %M' -o target/bench-time.txt "$ZG" extract -q --jobs "$1" "$CORPUS" >/dev/null
    cat target/bench-time.txt
}
read -r s1 rss1 < <(run 1)
read -r s2 rss2 < <(run 2)

printf 'x\n' > target/bench-tiny.txt
starts=()
for _ in $(seq 11); do
    t0=$(date +%s%N); "$ZG" extract -q target/bench-tiny.txt >/dev/null; t1=$(date +%s%N)
    starts+=($(( (t1 - t0) / 1000000 )))
done
startup=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 6p)

awk -v b="$BYTES" -v d="$DOCS" -v f="$floor" -v s1="$s1" -v s2="$s2" -v r1="$rss1" -v r2="$rss2" \
    -v st="$startup" -v cores="$(nproc)" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    m1 = b / 1e6 / s1; m2 = b / 1e6 / s2
    printf "corpus: %d documents, %.1f MB; %d cores, load average %s at the start\n\n", d, b / 1e6, cores, load
    printf "%-34s %10s %12s\n", "measure", "MB/s", "peak RSS"
    printf "%-34s %10.2f %12s\n", "bare jieba-rs segmentation (floor)", f, "-"
    printf "%-34s %10.2f %9.0f MB\n", "pipeline, --jobs 1", m1, r1 / 1024
    printf "%-34s %10.2f %9.0f MB\n", "pipeline, --jobs 2", m2, r2 / 1024
    # the targets of issue 18 ("Throughput, second step")
    printf "\n%-34s %10.2f   (target >= 0.25)\n", "1 thread / floor", m1 / f
    printf "%-34s %10.2f   (target >= 1.8)\n", "2 threads / 1 thread", m2 / m1
    printf "%-34s %7.0f MB   (target <= 150)\n", "peak RSS, 2 threads", r2 / 1024
    printf "%-34s %7d ms   (target <= 80)\n", "start-up (median of 11)", st
}'
