#!/bin/sh
# Converts the LGL geoparsing corpus (../shared/bench/geo/lgl.jsonl: 588
# local news stories of 2009, mostly US papers) to the corpus format
# `dateline ingest` reads, into directory $1, for `bench/audit/sample.sh N
# SEED $1`. The publication date is taken from the URL where it has one
# (/YYYYMMDD/, 60 stories); the others are undated.
set -eu
out=${1:?usage: bench/audit/lgl.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/geo/lgl.jsonl" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, re, sys
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        a = json.loads(line)
        o = {"id": a["id"], "url": a.get("url") or "lgl:" + a["id"], "source": "LGL", "text": a["text"]}
        m = re.search(r"/(20\d\d)(\d\d)(\d\d)/", a.get("url") or "")
        if m:
            o["date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        out.write(json.dumps(o) + "\n")
PY
