#!/usr/bin/env bash
# Rebuilds data/demo/wikinews.jsonl: a deterministic selection of English
# Wikinews articles (CC BY 2.5) from ../shared/corpus/wikinews-en-2019-2020,
# the ones about relations between countries, of ordinary length.
set -euo pipefail
cd "$(dirname "$0")"
src=${1:-../../../shared/corpus/wikinews-en-2019-2020/articles.jsonl.gz}
python3 - "$src" > wikinews.jsonl <<'PY'
import gzip, json, re, sys
words = re.compile(r"\b(Russia|Russian|Niger|Mali|Nigeria|Iran|Iraq|Syria|Turkey|Ukraine|China|"
                   r"United States|Israel|Libya|Sudan|Ethiopia|Afghanistan|Venezuela|North Korea|"
                   r"talks|met with|sanctions|attack|troops|protest)\b")
picked = []
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        n = len(words.findall(a["text"]))
        if 900 <= len(a["text"]) <= 6000 and n >= 4:
            picked.append(a)
for a in picked[:80]:
    out = {k: a[k] for k in ("id", "url", "title", "date", "source", "text")}
    print(json.dumps(out, ensure_ascii=False))
PY
wc -l wikinews.jsonl
