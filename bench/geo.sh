#!/usr/bin/env bash
# Geoparsing: accuracy on the shared geo bench (LGL, TR-News) with the shared
# scorer, documents/s of recognition + resolution on one core, gazetteer load
# time, and peak memory (/usr/bin/time -v).
#
#   bench/geo.sh            # outputs in bench/out/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SHARED="${DATELINE_SHARED:-$ROOT/../shared}"
GEO="$SHARED/bench/geo"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
[ -e "$GEO/lgl.jsonl" ] || { echo "missing bench data: $GEO/lgl.jsonl" >&2; exit 1; }
PIN=()
command -v taskset >/dev/null 2>&1 && PIN=(taskset -c "${BENCH_CORE:-0}")
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -v)

cargo build --release -p dateline-places --example eval_geo --example load_time >&2
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples"

echo "== gazetteer load (best of 5)"
best=""
for _ in 1 2 3 4 5; do
    ms=$("${PIN[@]}" "$BIN/load_time" | sed -n 's/.*load \([0-9]*\) ms.*/\1/p')
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "load: $best ms"
"${TIME[@]}" "${PIN[@]}" "$BIN/load_time" 2> "$OUT/geo.load.time.txt" || true
grep -E "Maximum resident" "$OUT/geo.load.time.txt" | sed 's/^\s*/gazetteer only: /' || true

for corpus in lgl trnews; do
    echo "== $corpus"
    "${TIME[@]}" "${PIN[@]}" "$BIN/eval_geo" "$GEO/$corpus.jsonl" "$OUT/geo.$corpus.jsonl" \
        > "$OUT/geo.$corpus.txt" 2> "$OUT/geo.$corpus.time.txt"
    cat "$OUT/geo.$corpus.txt"
    grep -E "Maximum resident" "$OUT/geo.$corpus.time.txt" | sed 's/^\s*/whole run (gazetteer + tagger + places): /' || true
    echo "-- shared scorer, end to end"
    python3 "$GEO/score.py" "$GEO/$corpus.jsonl" "$OUT/geo.$corpus.jsonl"
    echo "-- shared scorer, resolution only (gold spans)"
    python3 "$GEO/score.py" "$GEO/$corpus.jsonl" "$OUT/geo.$corpus.gold-spans.jsonl" | grep -E "acc@161|end-to-end"
done
