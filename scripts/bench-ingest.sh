#!/usr/bin/env bash
# bench-ingest.sh — throughput and memory of `whosaid ingest`, and search latency on the store.
#
# Usage: scripts/bench-ingest.sh [RUNS]
#   RUNS  timed ingests, each into a fresh database (default: 3)
#
# Ingests PolNeAR train + dev text and the BBC News folders from ../shared/data (about 3,150
# articles, 13 MB; the BBC set holds about a hundred duplicates, which the store skips) with
# both cores (--workers 2), and reports for each run the articles/s and peak RSS from the
# ingest's own summary line (analysis and writes, without process start: go-trafilatura's
# go-dateparser compiles its regexes at init, about 0.3 s) and the wall-clock time of the whole
# command. Then runs the search latency probe (store/sqlite TestSearchLatency) on the last
# database: about 1,600 statement searches and 400 article searches built from the store's
# own words and speakers, with p50/p95/p99.
#
# The machine's load is printed first: on a shared machine other processes take cores, and
# articles/s falls with them.
set -euo pipefail

die() {
	echo "bench-ingest: $*" >&2
	exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared"
[ -d "$shared" ] || die "../shared not found beside the repository ($shared)"
shared=$(cd "$shared" && pwd)
command -v go >/dev/null 2>&1 || die "go not found"
runs=${1:-3}
case $runs in
'' | *[!0-9]* | 0) die "RUNS must be a positive integer, got '$runs'" ;;
esac

data="$shared/data"
inputs=("$data/polnear/train/text" "$data/polnear/dev/text")
for c in business entertainment politics sport tech; do
	inputs+=("$data/bbc-news/$c")
done
for d in "${inputs[@]}"; do
	[ -d "$d" ] || die "no such folder: $d"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building whosaid ..."
(cd "$root" && go build -o "$tmp/whosaid" ./cmd/whosaid) || die "go build failed"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
best=0
for i in $(seq 1 "$runs"); do
	rm -f "$tmp"/bench.db*
	start=$(date +%s.%N)
	"$tmp/whosaid" ingest --db "$tmp/bench.db" --workers 2 "${inputs[@]}" >"$tmp/out" 2>"$tmp/err" ||
		{
			cat "$tmp/err" >&2
			die "whosaid ingest failed"
		}
	end=$(date +%s.%N)
	line=$(head -n 1 "$tmp/out")
	wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
	echo "run $i: $line; wall clock ${wall} s"
	aps=$(echo "$line" | sed -nE 's/.*\(([0-9]+) articles\/s.*/\1/p')
	[ "${aps:-0}" -gt "$best" ] && best=$aps
done
echo
sed -n '2,$p' "$tmp/out"
ls -l "$tmp/bench.db" | awk '{ printf "  database file %.1f MB\n", $5 / 1e6 }'
echo "best of $runs: $best articles/s"

echo
echo "search latency ..."
(cd "$root" && WHOSAID_BENCH_DB="$tmp/bench.db" go test ./store/sqlite -run '^TestSearchLatency$' -count=1 -v) |
	grep -E '^(database|search)' || die "the latency probe failed"
