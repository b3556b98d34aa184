#!/bin/sh
# Converts the news and interview documents of GUM (UD_English-GUM train and
# dev in ../shared/bench/syntax: Wikinews articles and interviews,
# 2004-2019, with their `meta::dateCreated`) to the corpus format
# `dateline ingest` reads, into directory $1, for
# `bench/audit/sample.sh N SEED $1`. Each document's text is rebuilt from
# its sentences' `# text` lines: the first is the headline (`title`), the
# rest one paragraph of text. The treebank trained the tagger and
# parser; its text was never read for event rules.
set -eu
out=${1:?usage: bench/audit/gum.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
python3 - "$root/../shared/bench/syntax" "$out/articles.jsonl.gz" <<'PY'
import gzip, json, sys
docs = []
for split in ("train", "dev"):
    doc = None
    for line in gzip.open(f"{sys.argv[1]}/en_gum-{split}.conllu.gz", "rt", encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# newdoc id"):
            doc = {"id": line.split("=", 1)[1].strip(), "date": None, "sents": []}
            docs.append(doc)
        elif doc and line.startswith("# meta::dateCreated"):
            doc["date"] = line.split("=", 1)[1].strip()
        elif doc and line.startswith("# text ="):
            doc["sents"].append(line.split("=", 1)[1].strip())
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as out:
    for d in docs:
        if not d["id"].startswith(("GUM_news_", "GUM_interview_")) or not d["sents"]:
            continue
        text = " ".join(d["sents"][1:])
        out.write(json.dumps({"id": d["id"], "url": "gum:" + d["id"], "title": d["sents"][0],
                              "date": d["date"], "source": "GUM (Wikinews)", "text": text}) + "\n")
PY
