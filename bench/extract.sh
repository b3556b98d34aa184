#!/usr/bin/env bash
# Article-body extraction benchmark: dateline vs trafilatura vs readability-lxml
# on the ScrapingHub pages (../shared/bench/extract), all pinned to one core.
#
#   bench/extract.sh                       # uses target/release/dateline extract --json
#   DATELINE_EXTRACT_CMD="path/to/cmd" bench/extract.sh   # any command printing the same JSON lines
#
# Outputs go to bench/out/ (gitignored).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SHARED="${DATELINE_SHARED:-$ROOT/../shared}"
BENCH="$SHARED/bench/extract"
PAGES_DIR="$BENCH/scrapinghub/html"
GOLD="$BENCH/scrapinghub/ground-truth.jsonl"
OUT="$ROOT/bench/out"
CORE="${BENCH_CORE:-0}"
mkdir -p "$OUT"

for p in "$PAGES_DIR" "$GOLD" "$BENCH/score.py"; do
    [ -e "$p" ] || { echo "missing benchmark data: $p" >&2; exit 1; }
done

PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "$CORE"); fi

# 1. dateline (release build).
if [ -z "${DATELINE_EXTRACT_CMD:-}" ]; then
    cargo build --release -p dateline >&2
    TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
    DATELINE_EXTRACT_CMD="$TARGET_DIR/release/dateline extract --json --threads 1"
fi
echo "dateline command: $DATELINE_EXTRACT_CMD" >&2
# shellcheck disable=SC2206
CMD=($DATELINE_EXTRACT_CMD)
t0=$(date +%s.%N)
"${PIN[@]}" "${CMD[@]}" "$PAGES_DIR"/*.html.gz > "$OUT/dateline.raw.jsonl"
t1=$(date +%s.%N)

# 2. Python peers (virtualenv in bench/.venv).
VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    # Old pips trip over lxml[html-clean] extras; a current pip resolves them.
    "$VENV/bin/pip" install -q --upgrade pip >&2
fi
if ! "$VENV/bin/python" -c "import trafilatura, readability, lxml_html_clean" 2>/dev/null; then
    "$VENV/bin/pip" install -q trafilatura readability-lxml lxml_html_clean >&2
fi

"$VENV/bin/python" - "$OUT" "$t0" "$t1" <<'PY'
import json, os, sys
out, t0, t1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
n = 0
with open(os.path.join(out, "dateline.jsonl"), "w", encoding="utf-8") as f:
    for line in open(os.path.join(out, "dateline.raw.jsonl"), encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        name = os.path.basename(r.get("path", ""))
        ident = name[:-len(".html.gz")] if name.endswith(".html.gz") else name.rsplit(".", 1)[0]
        f.write(json.dumps({"id": ident, "body": r.get("body") or ""}) + "\n")
        n += 1
json.dump({"tool": "dateline", "pages": n, "seconds": t1 - t0},
          open(os.path.join(out, "dateline.time.json"), "w"))
PY

"${PIN[@]}" "$VENV/bin/python" - "$PAGES_DIR" "$OUT" <<'PY'
import glob, gzip, json, os, sys, time
pages_dir, out = sys.argv[1], sys.argv[2]
pages = []
for p in sorted(glob.glob(os.path.join(pages_dir, "*.html.gz"))):
    with gzip.open(p, "rb") as f:
        pages.append((os.path.basename(p)[:-len(".html.gz")], f.read().decode("utf-8", errors="replace")))

def run(name, fn):
    fn(pages[0][1])  # warm-up
    res = []
    t = time.perf_counter()
    for ident, html in pages:
        try:
            body = fn(html) or ""
        except Exception:
            body = ""
        res.append({"id": ident, "body": body})
    secs = time.perf_counter() - t
    with open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") as f:
        for r in res:
            f.write(json.dumps(r) + "\n")
    json.dump({"tool": name, "pages": len(pages), "seconds": secs},
              open(os.path.join(out, name + ".time.json"), "w"))

import trafilatura
run("trafilatura", lambda h: trafilatura.extract(h, include_comments=False))

import lxml.html
from readability import Document
def readability_text(h):
    summary = Document(h).summary()
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""
run("readability", readability_text)
PY

# 3. Score and tabulate.
python3 - "$BENCH/score.py" "$GOLD" "$OUT" <<'PY'
import json, os, subprocess, sys
score, gold, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = {}
for tool in ["dateline", "trafilatura", "readability"]:
    pred = os.path.join(out, tool + ".jsonl")
    res = json.loads(subprocess.check_output([sys.executable, score, gold, pred, "--json"]))
    res = next(iter(res.values()))
    t = json.load(open(os.path.join(out, tool + ".time.json")))
    rows[tool] = (res, t["pages"] / t["seconds"] if t["seconds"] > 0 else float("inf"))
lines = ["| tool | P | R | F1 | empty | missing | pages/s |", "|---|---|---|---|---|---|---|"]
for tool, (r, pps) in rows.items():
    lines.append(f"| {tool} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['empty']} | {r['missing']} | {pps:.1f} |")
ratio = rows["dateline"][1] / rows["trafilatura"][1]
lines.append("")
lines.append(f"speed ratio dateline/trafilatura (one core): {ratio:.1f}x")
text = "\n".join(lines)
print(text)
open(os.path.join(out, "extract-summary.md"), "w").write(text + "\n")
PY
