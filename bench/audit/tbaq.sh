#!/bin/sh
# Converts the TimeBank + AQUAINT news documents of the time benchmark
# (../shared/bench/time/tbaq_train.jsonl: 256 wire and broadcast stories,
# 1989-1998, each with its publication date `dct`) to the corpus format
# `dateline ingest` reads, into directory $1, for
# `bench/audit/sample.sh N SEED $1`. Dated news: the audit can judge dates.
set -eu
out=${1:?usage: bench/audit/tbaq.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/time/tbaq_train.jsonl" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        a = json.loads(line)
        t = a["text"]
        out.write(json.dumps({"id": a["id"], "url": "timebank:" + a["id"], "title": a["id"],
                              "date": a["dct"], "source": "TimeBank/AQUAINT", "text": t}) + "\n")
PY
