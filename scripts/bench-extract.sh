#!/usr/bin/env bash
# bench-extract.sh — throughput of `whosaid extract` on one core, against the compromise peer.
#
# Usage: scripts/bench-extract.sh [DIR] [RUNS]
#   DIR   folder of .txt articles (default: ../shared/data/polnear/train/text, relative to the
#         repository root)
#   RUNS  timed runs after one warm-up run (default: 5)
#
# Builds whosaid into a temporary folder, runs
#   taskset -c 0 whosaid extract --stats --format jsonl DIR > /dev/null
# RUNS times, and reports the median articles/s (over the whole run, and after the models have
# loaded, which is what the peer's own timing leaves out too) and MB/s and the largest peak RSS
# from the --stats lines. Then runs ../shared/bench/run-peer.sh on the same folder (it installs
# compromise from npm into /tmp the first time) and prints the ratio whosaid/peer, and a
# Markdown table for BENCHMARKS.md.
set -euo pipefail

die() {
	echo "bench-extract: $*" >&2
	exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared"
[ -d "$shared" ] || die "../shared not found beside the repository ($shared); it holds the data and the peer"
shared=$(cd "$shared" && pwd)
command -v taskset >/dev/null 2>&1 || die "taskset not found (it pins runs to one core; install util-linux)"
command -v go >/dev/null 2>&1 || die "go not found"

dir=${1:-$shared/data/polnear/train/text}
runs=${2:-5}
case $runs in
'' | *[!0-9]* | 0) die "RUNS must be a positive integer, got '$runs'" ;;
esac
[ -d "$dir" ] || die "no such folder: $dir"
dir=$(cd "$dir" && pwd) # the peer script changes folder: it needs an absolute path
peer="$shared/bench/run-peer.sh"
[ -f "$peer" ] || die "peer script not found: $peer"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building whosaid ..."
(cd "$root" && go build -o "$tmp/whosaid" ./cmd/whosaid) || die "go build failed"

# one_run prints the --stats line of one run.
one_run() {
	local status=0
	taskset -c 0 "$tmp/whosaid" extract --stats --format jsonl "$dir" >/dev/null 2>"$tmp/stderr" || status=$?
	# Exit status 1 means some inputs were refused; the run still counts. Anything else fails.
	if [ "$status" -gt 1 ]; then
		cat "$tmp/stderr" >&2
		die "whosaid exited with status $status"
	fi
	local line
	line=$(grep -E '^articles [0-9]+ \(failed [0-9]+\)' "$tmp/stderr" | tail -n 1) ||
		{
			cat "$tmp/stderr" >&2
			die "no --stats line in whosaid's output"
		}
	echo "$line"
}

# field LINE REGEX prints the number captured by REGEX (an ERE with one group) in LINE.
field() {
	echo "$1" | sed -nE "s#.*$2.*#\\1#p"
}

# median prints the median of its arguments.
median() {
	printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "warm-up run ..."
line=$(one_run)
if [ "$(field "$line" '^articles ([0-9]+)')" = 0 ]; then
	grep -v '^articles ' "$tmp/stderr" | head -n 5 >&2
	die "whosaid read no article from $dir"
fi
aps=()
after=()
mbps=()
rss=()
for i in $(seq 1 "$runs"); do
	line=$(one_run)
	echo "run $i: $line"
	aps+=("$(field "$line" ' s: ([0-9.]+) articles/s')")
	a=$(field "$line" 'models loaded in [0-9.]+ s, ([0-9.]+) articles/s after')
	after+=("${a:-0}")
	mbps+=("$(field "$line" ' ([0-9.]+) MB/s')")
	r=$(field "$line" 'peak RSS ([0-9.]+) MB')
	rss+=("${r:-0}")
done
articles=$(field "$line" '^articles ([0-9]+)')
failed=$(field "$line" '\(failed ([0-9]+)\)')
mb=$(field "$line" ', ([0-9.]+) MB in')
med_aps=$(median "${aps[@]}")
med_after=$(median "${after[@]}")
med_mbps=$(median "${mbps[@]}")
max_rss=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1)

echo
echo "whosaid: median $med_aps articles/s ($med_after after loading the models), $med_mbps MB/s, max peak RSS $max_rss MB over $runs runs ($articles articles, $failed failed, $mb MB)"

echo
echo "running the peer (compromise; the first run installs it from npm into /tmp) ..."
peer_out=$(bash "$peer" "$dir" 2>&1) || {
	echo "$peer_out" >&2
	die "the peer failed (is node installed, and could npm install compromise?)"
}
echo "$peer_out"
peer_aps=$(echo "$peer_out" | sed -nE 's/.*"articles_per_s": *([0-9.]+).*/\1/p' | tail -n 1)
[ -n "$peer_aps" ] || die "could not read articles/s from the peer's output"
ratio=$(awk -v a="$med_aps" -v b="$peer_aps" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')
echo "peer: $peer_aps articles/s; whosaid/peer = ${ratio}×"

cpu=$(sed -nE 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
goversion=$(go version | awk '{print $3}')
corpus=${dir#"$shared"/}
[ "$corpus" != "$dir" ] && corpus="../shared/$corpus"

echo
echo "| date | machine | go | corpus | whosaid articles/s | after loading | MB/s | peak RSS MB | compromise articles/s | ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|"
echo "| $(date +%Y-%m-%d) | ${cpu:-unknown CPU}, $(nproc) cores (1 used) | $goversion | $corpus ($articles articles, $mb MB) | $med_aps | $med_after | $med_mbps | $max_rss | $peer_aps | ${ratio}× |"
