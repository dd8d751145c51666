#!/usr/bin/env bash
# score-html-extraction.sh — main-text extraction of package input on the Scrapinghub
# article-extraction benchmark, scored by ../shared/eval/score_extraction.py.
#
# Usage: scripts/score-html-extraction.sh
#
# Converts ../shared/data/scrapinghub-aeb/ground-truth.json into the per-page gold files the
# scorer reads (GOLD_DIR/NAME.json: {"ground_truth": {"main_content": ...}}) in a temporary
# folder, has TestScrapinghubExtraction write one prediction per page (PRED_DIR/NAME.json:
# {"title", "published", "text"}, text being the article body without its title paragraph, as
# the ground truth has none), and runs the scorer. Nothing is written into the repository.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared"
[ -d "$shared/data/scrapinghub-aeb" ] || { echo "score-html-extraction: $shared/data/scrapinghub-aeb not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/gold" "$tmp/pred"
python3 - "$shared/data/scrapinghub-aeb/ground-truth.json" "$tmp/gold" <<'PY'
import json, os, sys
gt = json.load(open(sys.argv[1], encoding="utf-8"))
for name, g in gt.items():
    with open(os.path.join(sys.argv[2], name + ".json"), "w", encoding="utf-8") as f:
        json.dump({"ground_truth": {"main_content": g["articleBody"]}, "_internal": {"url": g["url"]}}, f)
PY
(cd "$root" && WHOSAID_PRED_DIR="$tmp/pred" go test ./input -run '^TestScrapinghubExtraction$' -count=1 -v | grep -E 'scrapinghub-aeb:|^(ok|FAIL|---)')
python3 "$shared/eval/score_extraction.py" "$tmp/gold" "$tmp/pred"
