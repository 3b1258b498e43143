#!/usr/bin/env bash
# Memory by document size (issue 18): one large document of N MiB for each N given
# (default 4 16 64), made of the plain-text notices of corpus/ (corpus/real's text files
# without markup, corpus/seeds, the UTF-8 held-out notices) written one after another, over
# and over, cut at the last line break before N MiB; `extract -q --jobs 1` of each under GNU
# time; its peak RSS in MiB and in bytes a byte of input, twice: the whole peak over the
# bytes (B/B), and the peak above the one-line file's over the bytes (+B/B, what the input
# adds). The first row is that one-line file: start-up's RSS (rules, dictionary, allocator),
# the part that does not grow with the input (though the dictionary's and the rules' pages
# and caches a large input touches count in the second column).
#
#   scripts/memcurve.sh [BINARY] [N ...]     # default target/release/zhenggai, 4 16 64
#
# The documents stay under target/memcurve/ (built once; 84 MiB for the default sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-target/release/zhenggai}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(4 16 64)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "memcurve.sh needs GNU time: apt-get install time" >&2; exit 2; }
DIR=target/memcurve
mkdir -p "$DIR"

# the notices, plain text in UTF-8, in a fixed order
notices() {
    for f in corpus/real/*.txt; do
        grep -qi '<\(html\|p\|div\|br\|table\)[ >/]' "$f" || echo "$f"
    done
    ls corpus/seeds/*.txt
    ls corpus/heldout/h01_*.txt corpus/heldout/h03_*.txt corpus/heldout/h05_*.txt
}

# document(N): target/memcurve/docN.txt of at most N MiB, cut after a line break
document() {
    local n=$1 out="$DIR/doc$1.txt"
    [ -f "$out" ] && { echo "$out"; return; }
    local want=$((n * 1024 * 1024)) files one
    mapfile -t files < <(notices)
    one=$(($(cat "${files[@]}" | wc -c) + ${#files[@]}))
    for _ in $(seq $(((want + one - 1) / one))); do
        for f in "${files[@]}"; do cat "$f"; printf '\n'; done
    done >"$out.all"
    head -c "$want" "$out.all" | sed '$d' >"$out.partial"
    rm "$out.all"
    mv "$out.partial" "$out"
    echo "$out"
}

peak() { # file -> peak RSS in KiB
    "$TIME" -f %M -o "$DIR/time.txt" "$B" extract -q --jobs 1 "$1" >/dev/null
    cat "$DIR/time.txt"
}

printf '一、各级党委要于年底前完成整改。\n' >"$DIR/one-line.txt"
printf "%-10s %12s %14s %8s %8s\n" document "input bytes" "peak RSS MiB" "B/B" "+B/B"
base=$(peak "$DIR/one-line.txt")
printf "%-10s %12d %14.1f %8s %8s\n" one-line "$(wc -c <"$DIR/one-line.txt")" "$(echo "$base / 1024" | bc -l)" - -
for n in "${SIZES[@]}"; do
    f=$(document "$n")
    bytes=$(wc -c <"$f")
    kb=$(peak "$f")
    printf "%-10s %12d %14.1f %8.1f %8.1f\n" "${n}MiB" "$bytes" "$(echo "$kb / 1024" | bc -l)" \
        "$(echo "$kb * 1024 / $bytes" | bc -l)" "$(echo "($kb - $base) * 1024 / $bytes" | bc -l)"
done
