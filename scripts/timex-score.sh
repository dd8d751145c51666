#!/usr/bin/env bash
# timex-score.sh — score whosaid's temporal expressions on TimeML data as the outside scorer does.
#
# Usage: scripts/timex-score.sh [GOLD_DIR] [WORK_DIR]
#   GOLD_DIR  folder searched recursively for *.tml (default: TimeBank + AQUAINT of TempEval-3,
#             ../shared/data/tempeval3/Training/TBAQ-cleaned, relative to the repository root)
#   WORK_DIR  where the texts, predictions and the binary go (default: a temporary folder,
#             removed at the end)
#
# Builds whosaid, then for every NAME.tml:
#   DCT=$(score_timex.py text NAME.tml txt/NAME.txt)
#   whosaid extract --format json --date $DCT txt/NAME.txt > pred/NAME.json
# and finally runs score_timex.py score over a folder of links to every gold file, so that
# TimeBank and AQUAINT are scored together. Prints strict, relaxed and value P/R/F1.
# The in-Go measurement (go test -run TBAQ -v ./timex/) converts and scores the same way.
set -euo pipefail

die() {
	echo "timex-score: $*" >&2
	exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared"
[ -d "$shared" ] || die "../shared not found beside the repository ($shared)"
shared=$(cd "$shared" && pwd)
scorer="$shared/eval/score_timex.py"
[ -f "$scorer" ] || die "scorer not found: $scorer"
command -v python3 >/dev/null 2>&1 || die "python3 not found"
command -v go >/dev/null 2>&1 || die "go not found"

gold=${1:-$shared/data/tempeval3/Training/TBAQ-cleaned}
[ -d "$gold" ] || die "gold folder not found: $gold"
gold=$(cd "$gold" && pwd)
if [ -n "${2:-}" ]; then
	work=$2
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/gold" "$work/txt" "$work/pred"
rm -f "$work"/gold/*.tml "$work"/txt/*.txt "$work"/pred/*.json

(cd "$root" && go build -o "$work/whosaid" ./cmd/whosaid)

n=0
while IFS= read -r -d '' f; do
	name=$(basename "$f" .tml)
	[ -e "$work/gold/$name.tml" ] && die "two gold files named $name.tml"
	ln -s "$f" "$work/gold/$name.tml"
	dct=$(python3 "$scorer" text "$f" "$work/txt/$name.txt")
	args=(extract --format json --workers 1)
	[ -n "$dct" ] && args+=(--date "$dct")
	"$work/whosaid" "${args[@]}" "$work/txt/$name.txt" >"$work/pred/$name.json" ||
		die "whosaid failed on $f"
	n=$((n + 1))
done < <(find "$gold" -name '*.tml' -print0 | sort -z)
[ "$n" -gt 0 ] || die "no .tml files under $gold"

python3 "$scorer" score "$work/gold" "$work/pred"
