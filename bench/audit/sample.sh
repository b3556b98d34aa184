#!/bin/sh
# Samples events for the precision audit (issue 7): ingests the Wikinews
# corpus into a fresh store, lists every event as JSON, and draws N at
# random with a fixed seed into a TSV for a human to judge: one row per
# event with its coding, actors, date, place and evidence sentence, and
# empty `verdict` (ok / wrong) and `reason` columns to fill in by reading.
#
# Usage: bench/audit/sample.sh [N] [SEED] [CORPUS] > bench/audit/wikinews-N.tsv
# (CORPUS defaults to ../shared/corpus/wikinews-en-2019-2020; any path
# `dateline ingest` reads, e.g. ../shared/corpus/formats/html.)
set -eu
n=${1:-50}
seed=${2:-2026}
corpus=${3:-../shared/corpus/wikinews-en-2019-2020}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release -p dateline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin="$CARGO_TARGET_DIR/release/dateline"
"$bin" --db "$tmp/a.db" ingest "$corpus" >&2 || true
"$bin" --db "$tmp/a.db" events --json --limit 100000 > "$tmp/events.jsonl"
# EVENTS_OUT=path keeps every event (JSONL) for inspection.
if [ -n "${EVENTS_OUT:-}" ]; then cp "$tmp/events.jsonl" "$EVENTS_OUT"; fi
python3 - "$tmp/events.jsonl" "$n" "$seed" <<'PY'
import json, random, sys
events = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
random.seed(int(sys.argv[3]))
sample = random.sample(events, min(int(sys.argv[2]), len(events)))
def side(s):
    if not s:
        return "-"
    return f"{s.get('text') or ''} [{s.get('code') or s.get('country') or '?'}]"
cols = ["event", "cameo", "plover", "source", "target", "date", "place", "modality", "evidence", "verdict", "reason"]
print("\t".join(cols))
for e in sorted(sample, key=lambda e: int(e["id"])):
    plover = (e.get("plover") or {}).get("type") or "-"
    date = (e.get("date") or {}).get("value") or "-"
    place = (e.get("place") or {}).get("name") or "-"
    sentence = e["evidence"]["sentence"].replace("\t", " ").replace("\n", " ")
    print("\t".join([e["id"], e["cameo"], plover, side(e.get("source")), side(e.get("target")), date, place,
                     e.get("modality") or "", sentence, "", ""]))
print(f"# {len(sample)} of {len(events)} events, seed {sys.argv[3]}", file=sys.stderr)
PY
