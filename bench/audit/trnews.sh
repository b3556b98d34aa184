#!/bin/sh
# Converts TR-News (../shared/bench/geo/trnews.jsonl: 118 news articles,
# no publication dates) to the corpus format `dateline ingest` reads, into
# directory $1, for `bench/audit/sample.sh N SEED $1`.
set -eu
out=${1:?usage: bench/audit/trnews.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/geo/trnews.jsonl" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        a = json.loads(line)
        t = a["text"]
        out.write(json.dumps({"id": a["id"], "url": a["url"], "title": t.split("\n")[0][:120],
                              "source": "TR-News", "text": t}) + "\n")
PY
