#!/usr/bin/env bash
# Event coding figures (issue 7): PLOVER / CAMEO example accuracy with the shared scorer,
# PETRARCH's validation suite with its own dictionaries (parsed by dateline), the reference
# article gate, and the coder's speed on the Wikinews corpus.
# usage: bench/events.sh            (needs ../shared; builds into $CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
B=../shared/bench/events
[ -d "$B" ] || { echo "error: $B is missing" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p dateline-events --examples
X="$CARGO_TARGET_DIR/release/examples"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for f in plover cameo; do
  echo "== ${f}_examples.jsonl (stored output: confidence >= 0.5)"
  "$X/eval_examples" "$B/${f}_examples.jsonl" > "$tmp/$f.jsonl"
  python3 "$B/score_examples.py" "$B/${f}_examples.jsonl" "$tmp/$f.jsonl"
  echo "== ${f}_examples.jsonl (every candidate: confidence threshold 0)"
  "$X/eval_examples" "$B/${f}_examples.jsonl" --all > "$tmp/$f-all.jsonl"
  python3 "$B/score_examples.py" "$B/${f}_examples.jsonl" "$tmp/$f-all.jsonl"
done
# The same stored-output figures through the product's own path (`dateline
# annotate --json`: NER, the actor linker, places), the format the scorer reads.
cargo build --release -q -p dateline
for f in plover cameo; do
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l); print(json.dumps({"id": r["id"], "text": r["text"]}))' "$B/${f}_examples.jsonl" > "$tmp/$f-in.jsonl"
  echo "== ${f}_examples.jsonl through dateline annotate --json (stored output)"
  "$CARGO_TARGET_DIR/release/dateline" annotate --json "$tmp/$f-in.jsonl" > "$tmp/$f-ann.jsonl"
  python3 "$B/score_examples.py" "$B/${f}_examples.jsonl" "$tmp/$f-ann.jsonl"
done
echo "== PETRARCH validation suite (PETR.Validate dictionaries, dateline parse)"
"$X/eval_validation" "$B/petrarch2"
echo "== speed on the Wikinews corpus (one core)"
"$X/bench_speed" ../shared/corpus/wikinews-en-2019-2020/articles.jsonl.gz
echo "== reference article gate"
DATELINE_GATES=1 cargo test --release -q -p dateline-events --test gate -- --nocapture 2>&1 | grep -E '^(E[0-9]|extra|test result|[0-9D]{2,4} )'
