#!/bin/sh
# Converts the CoNLL-2003 train documents (../shared/bench/ner/conll2003_train.tsv:
# 946 Reuters stories of August 1996, one token a line, sentences separated by
# blank lines: the headline, perhaps a byline, then a dateline "CITY 1996-08-22",
# then the body) to the corpus format `dateline ingest` reads, into directory $1,
# for `bench/audit/sample.sh N SEED $1`. Tokens are re-joined (no space before
# punctuation); the date comes from the dateline; documents without one (sports
# tables, results) are skipped.
set -eu
out=${1:?usage: bench/audit/conll-train.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/ner/conll2003_train.tsv" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, re, sys
def detok(s):
    s = re.sub(r" ([.,;:!?%)\]]|'s|n't|'re|'ve|'ll|'d)", r"\1", s)
    s = re.sub(r"([(\[$]) ", r"\1", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s
docs, doc, sent = [], None, []
for line in open(sys.argv[1], encoding="utf-8"):
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
n = 0
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for i, lines in enumerate(docs):
        k = next((j for j in range(1, min(4, len(lines))) if re.search(r"\b19\d\d-\d\d-\d\d\s*$", lines[j])), None)
        if k is None or len(lines) < k + 2:
            continue
        date = re.search(r"\b(19\d\d-\d\d-\d\d)\s*$", lines[k]).group(1)
        body = " ".join(detok(l) for l in lines[k + 1:] if l.strip())
        out.write(json.dumps({"id": f"train-{i}", "url": f"conll2003:train-{i}", "title": detok(lines[0]),
                              "date": date, "source": "Reuters (CoNLL-2003 train)", "text": body}) + "\n")
        n += 1
print(f"{n} documents", file=sys.stderr)
PY
