#!/bin/sh
# Converts the MEANTIME dev documents of the time benchmark
# (../shared/bench/time/meantime_dev.jsonl: 60 English Wikinews stories of
# 2004-2011 with their publication date `dct`; the first line is the
# headline) to the corpus format `dateline ingest` reads, into directory
# $1, for `bench/audit/sample.sh N SEED $1`.
set -eu
out=${1:?usage: bench/audit/meantime.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/time/meantime_dev.jsonl" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        a = json.loads(line)
        title, _, body = a["text"].partition("\n")
        out.write(json.dumps({"id": a["id"], "url": "meantime:" + a["id"], "title": title,
                              "date": a["dct"], "source": "MEANTIME (Wikinews)", "text": body}) + "\n")
PY
