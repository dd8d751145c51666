#!/usr/bin/env bash
# bench-search.sh — search latency on a generated store of a million statements.
#
# Usage: scripts/bench-search.sh [STATEMENTS] [RUNS]
#   STATEMENTS  statements in the generated store (default: 1000000)
#   RUNS        runs of the latency probe (default: 3)
#
# Ingests PolNeAR train + dev text and the BBC News folders from ../shared/data with
# 'whosaid ingest' (about 3,050 articles and 39,000 statements analysed by the real pipeline),
# then copies them (store/sqlite/internal/genstore, package synth: each copy under another
# outlet, date, URL and, for half of its people, another speaker name; the same text, so
# the vocabulary is real news') through the store's own PutBatch until the store holds
# STATEMENTS statements, and prints the time this took and the size of the database. Then
# runs the search latency probe (store/sqlite TestSearchLatency, the queries 'whosaid search'
# makes, through the same store.Query) RUNS times, with p50/p95/p99 overall and by kind
# of query.
#
# The store (about 1 GB for a million statements) is made under $TMPDIR and deleted at the
# end; set KEEP=1 to keep it (its path is printed). The machine's load is printed before
# each measurement: on a shared machine, latencies rise with it.
set -euo pipefail

die() {
	echo "bench-search: $*" >&2
	exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared"
[ -d "$shared" ] || die "../shared not found beside the repository ($shared)"
shared=$(cd "$shared" && pwd)
command -v go >/dev/null 2>&1 || die "go not found"
statements=${1:-1000000}
runs=${2:-3}
for n in "$statements" "$runs"; do
	case $n in
	'' | *[!0-9]* | 0) die "arguments must be positive integers, got '$n'" ;;
	esac
done

data="$shared/data"
inputs=("$data/polnear/train/text" "$data/polnear/dev/text")
for c in business entertainment politics sport tech; do
	inputs+=("$data/bbc-news/$c")
done
for d in "${inputs[@]}"; do
	[ -d "$d" ] || die "no such folder: $d"
done

tmp=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then
	trap 'rm -f "$tmp/whosaid" "$tmp/genstore" "$tmp"/base.db*; echo "kept $tmp/big.db"' EXIT
else
	trap 'rm -rf "$tmp"' EXIT
fi
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown), $(nproc) cores"; }

echo "building ..."
(cd "$root" && go build -o "$tmp/whosaid" ./cmd/whosaid && go build -o "$tmp/genstore" ./store/sqlite/internal/genstore) ||
	die "go build failed"

echo "ingesting the base articles ... ($(load))"
"$tmp/whosaid" ingest --db "$tmp/base.db" --workers 2 --quiet "${inputs[@]}" 2>/dev/null ||
	[ -s "$tmp/base.db" ] || die "whosaid ingest failed"

echo "generating a store of $statements statements ... ($(load))"
"$tmp/genstore" -base "$tmp/base.db" -db "$tmp/big.db" -statements "$statements" 2>/dev/null ||
	die "genstore failed"
rm -f "$tmp"/base.db*

for i in $(seq 1 "$runs"); do
	echo
	echo "latency probe, run $i ($(load))"
	(cd "$root" && WHOSAID_BENCH_DB="$tmp/big.db" go test ./store/sqlite -run '^TestSearchLatency$' -count=1 -v) |
		grep -E '^(database|search|  )' || die "the latency probe failed"
done
