#!/bin/sh
# Converts the CoNLL-2003 dev documents (../shared/bench/ner/conll2003_dev.jsonl:
# 216 Reuters stories of August 1996, tokenised, one sentence a line: the
# headline, then a dateline "CITY 1996-08-30", then the body) to the
# corpus format `dateline ingest` reads, into directory $1, for
# `bench/audit/sample.sh N SEED $1`. Tokens are re-joined (no space before
# punctuation); the date comes from the dateline; documents without one
# (sports tables) are skipped.
set -eu
out=${1:?usage: bench/audit/conll.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/ner/conll2003_dev.jsonl" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, re, sys
def detok(s):
    s = re.sub(r" ([.,;:!?%)\]]|'s|n't|'re|'ve|'ll|'d)", r"\1", s)
    s = re.sub(r"([(\[$]) ", r"\1", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s
n = 0
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        a = json.loads(line)
        lines = a["text"].split("\n")
        if len(lines) < 4:
            continue
        m = re.search(r"\b(19\d\d-\d\d-\d\d)\s*$", lines[1])
        if not m:
            continue
        body = " ".join(detok(l) for l in lines[2:] if l.strip())
        out.write(json.dumps({"id": a["id"], "url": "conll2003:" + a["id"], "title": detok(lines[0]),
                              "date": m.group(1), "source": "Reuters (CoNLL-2003 dev)", "text": body}) + "\n")
        n += 1
print(f"{n} documents", file=sys.stderr)
PY
