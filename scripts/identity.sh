#!/usr/bin/env bash
# The identity check of a refactoring commit: hashes of every output the tool gives on
# corpus/, tests/hostile and tests/data (JSONL with --explain and --emit-text, CSV, text,
# CSV per document, plain JSONL, stats, compare in Markdown and JSON, eval on both gold sets). Run it with a
# build of the commit before and one of the commit after; the two listings must be equal.
#
#   scripts/identity.sh [BINARY]     # default target/release/zhenggai
set -uo pipefail
cd "$(dirname "$0")/.."
B=${1:-target/release/zhenggai}
C=corpus/seeds/000_2e29eb4606567f33.txt
L=corpus/seeds/004_51c61d9e97b41153.txt
printf "%-9s " jsonl; "$B" extract corpus tests/hostile tests/data -q --explain --emit-text 2>/dev/null | md5sum
for f in csv text; do
    printf "%-9s " "$f"; "$B" extract corpus tests/hostile tests/data -q --format "$f" 2>/dev/null | md5sum
done
printf "%-9s " csvdoc; "$B" extract corpus -q --format csv --per document 2>/dev/null | md5sum
printf "%-9s " plain; "$B" extract corpus -q 2>/dev/null | md5sum
printf "%-9s " stats; "$B" stats corpus 2>/dev/null | md5sum
printf "%-9s " compare; "$B" compare --central "$C" --local "$L" 2>/dev/null | md5sum
printf "%-9s " comparej; "$B" compare --format json --central "$C" --local "$L" corpus/heldout/compare 2>/dev/null | md5sum
printf "%-9s " eval; "$B" eval --per-doc --misses 500 --gold corpus/gold/real --corpus corpus/real 2>/dev/null | md5sum
printf "%-9s " evald; "$B" eval --per-doc --misses 500 --gold corpus/gold/dev --corpus corpus/seeds 2>/dev/null | md5sum
