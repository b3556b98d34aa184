#!/usr/bin/env bash
# Rebuilds data/world/countries.json, the country shapes the dashboard draws,
# from Natural Earth 1:110m (public domain) as packaged by the npm package
# world-atlas (pinned), with ISO 3166 alpha-3 codes from the npm package
# i18n-iso-countries (pinned). Needs npm and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent world-atlas@2.0.2 >/dev/null
npm pack --silent i18n-iso-countries@7.14.0 >/dev/null
python3 - world-atlas-2.0.2.tgz i18n-iso-countries-7.14.0.tgz > "$here/countries.json" <<'PY'
import json, sys, tarfile

atlas = json.load(tarfile.open(sys.argv[1]).extractfile("package/countries-110m.json"))
codes = json.load(tarfile.open(sys.argv[2]).extractfile("package/codes.json"))
# codes.json rows: [alpha2, alpha3, numeric]
num_to_a3 = {row[2]: row[1] for row in codes}
# Natural Earth shapes without an ISO number (disputed areas).
extra = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}

sx, sy = atlas["transform"]["scale"]
tx, ty = atlas["transform"]["translate"]
arcs = []
for arc in atlas["arcs"]:
    x = y = 0
    pts = []
    for dx, dy in arc:
        x += dx
        y += dy
        pts.append((x * sx + tx, y * sy + ty))
    arcs.append(pts)

def ring(indices):
    pts = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts

# Equirectangular, 2 units a degree: x = 2(lon + 180), y = 2(90 - lat).
def unwrap(r):
    # Rings that cross the antimeridian (Russia, Fiji) are made continuous
    # in longitude; a ring that then reaches past 180 is drawn twice, once
    # shifted by -360, so both halves show.
    out = [r[0]]
    for lon, lat in r[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    rings = [out]
    if max(p[0] for p in out) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    if min(p[0] for p in out) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    return rings

def path(rings):
    out = []
    for r in (u for r0 in rings for u in unwrap(r0)):
        last = None
        cmds = []
        for lon, lat in r:
            p = (round(2 * (lon + 180), 1), round(2 * (90 - lat), 1))
            if p != last:
                cmds.append("%g %g" % p)
                last = p
        if len(cmds) >= 3:
            out.append("M" + "L".join(cmds) + "Z")
    return "".join(out)

countries = []
for g in atlas["objects"]["countries"]["geometries"]:
    name = g["properties"]["name"]
    if g["type"] == "Polygon":
        polys = [g["arcs"]]
    elif g["type"] == "MultiPolygon":
        polys = g["arcs"]
    else:
        continue
    rings = [ring(r) for p in polys for r in p]
    iso3 = num_to_a3.get(g.get("id", "")) or extra.get(name)
    countries.append({"iso3": iso3, "name": name, "d": path(rings)})
countries.sort(key=lambda c: c["name"])
print(json.dumps({
    "source": "Natural Earth 1:110m admin-0 countries (public domain) via npm world-atlas@2.0.2; "
              "ISO codes from npm i18n-iso-countries@7.14.0; built by data/world/build.sh",
    "projection": "equirectangular, x = 2*(lon+180), y = 2*(90-lat), viewBox 0 0 720 360",
    "countries": countries,
}, separators=(",", ":")))
PY
ls -l "$here/countries.json"
