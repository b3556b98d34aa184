#!/bin/sh
# Converts CoNLL-2003 Reuters stories (August 1996) to the corpus format
# `dateline ingest` reads, into directory $1, for `bench/audit/sample.sh N
# SEED $1`. SPLIT ($2) is `dev` (default: ../shared/bench/ner/conll2003_dev.jsonl,
# 216 stories, one sentence a line: the headline, then a dateline
# "CITY 1996-08-30", then the body) or `train` (conll2003_train.tsv, 946
# stories, one token a line, sentences separated by blank lines; a byline may
# come between the headline and the dateline). Tokens are re-joined (no space
# before punctuation); the date comes from the dateline; documents without
# one (sports tables, results) are skipped.
set -eu
out=${1:?usage: bench/audit/conll.sh OUTDIR [dev|train]}
split=${2:-dev}
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$split" in
    dev) src="$root/../shared/bench/ner/conll2003_dev.jsonl" ;;
    train) src="$root/../shared/bench/ner/conll2003_train.tsv" ;;
    *) echo "unknown split: $split (dev or train)" >&2; exit 2 ;;
esac
mkdir -p "$out"
python3 - "$src" "$out/articles.jsonl.gz" "$split" <<'PY'
import gzip, json, re, sys
src, dest, split = sys.argv[1:4]
def detok(s):
    s = re.sub(r" ([.,;:!?%)\]]|'s|n't|'re|'ve|'ll|'d)", r"\1", s)
    s = re.sub(r"([(\[$]) ", r"\1", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s
def dev_docs():
    for line in open(src, encoding="utf-8"):
        a = json.loads(line)
        yield a["id"], a["text"].split("\n")
def train_docs():
    docs, doc, sent = [], None, []
    for line in open(src, encoding="utf-8"):
        tok = line.rstrip("\n").split("\t")[0]
        if tok == "-DOCSTART-":
            if doc is not None:
                docs.append(doc)
            doc, sent = [], []
        elif not tok.strip():
            if sent and doc is not None:
                doc.append(" ".join(sent))
            sent = []
        else:
            sent.append(tok)
    if sent and doc is not None:
        doc.append(" ".join(sent))
    if doc:
        docs.append(doc)
    for i, lines in enumerate(docs):
        yield f"train-{i}", lines
dateline = re.compile(r"\b(19\d\d-\d\d-\d\d)\s*$")
# dev: the dateline is the second line; train: one of the first three after the headline.
last = 2 if split == "dev" else 4
n = 0
with gzip.open(dest, "wt", encoding="utf-8") as out:
    for doc_id, lines in (dev_docs() if split == "dev" else train_docs()):
        k = next((j for j in range(1, min(last, len(lines))) if dateline.search(lines[j])), None)
        if k is None or len(lines) < k + 2 or (split == "dev" and len(lines) < 4):
            continue
        body = " ".join(detok(l) for l in lines[k + 1:] if l.strip())
        out.write(json.dumps({"id": doc_id, "url": "conll2003:" + doc_id, "title": detok(lines[0]),
                              "date": dateline.search(lines[k]).group(1),
                              "source": f"Reuters (CoNLL-2003 {split})", "text": body}) + "\n")
        n += 1
print(f"{n} documents", file=sys.stderr)
PY
