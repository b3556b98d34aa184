"""Grows a dateline store's events to at least N rows for the serve benchmark.

Each real event of the store (coded from the demo corpus) is copied with a
new day (spread over ten years), a place moved by up to +-2 degrees and a
varied actor pair taken from other real events, so filters keep realistic
selectivities. Copies have no mentions (the listing endpoints do not read
them). Usage: python3 serve-grow.py STORE N
"""
import sqlite3
import sys
import time

db, target = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA synchronous = OFF")
base = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
if base == 0:
    sys.exit("the store has no events to grow from (ingest the demo corpus with the analysis first)")
if base >= target:
    print(f"{db}: already {base} events")
    sys.exit(0)
copies = (target - base + base - 1) // base
cols = [r[1] for r in con.execute("PRAGMA table_info(events)") if r[1] != "id"]
actor_cols = ["source_code", "source_country", "source_kb", "source_text",
              "target_code", "target_country", "target_kb", "target_text"]
t0 = time.time()
con.execute("CREATE TEMP TABLE seeds AS SELECT * FROM events")
con.execute("CREATE TEMP TABLE actors AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, "
            + ", ".join(actor_cols) + " FROM events")
n_actors = con.execute("SELECT COUNT(*) FROM actors").fetchone()[0]
select = []
for c in cols:
    if c == "merge_key":
        select.append("s.merge_key || '#' || n.i")
    elif c == "day":
        select.append("date('2015-01-01', '+' || ((s.id * 7919 + n.i * 104729) % 3650) || ' days')")
    elif c == "lat":
        select.append("CASE WHEN s.lat IS NULL THEN NULL ELSE MAX(-89.0, MIN(89.0, s.lat + ((n.i * 37 + s.id) % 401 - 200) / 100.0)) END")
    elif c == "lon":
        select.append("CASE WHEN s.lon IS NULL THEN NULL ELSE MAX(-179.0, MIN(179.0, s.lon + ((n.i * 53 + s.id) % 401 - 200) / 100.0)) END")
    elif c in actor_cols:
        # Half the copies keep their actors, half take another event's.
        select.append(f"CASE WHEN n.i % 2 = 0 THEN s.{c} ELSE a.{c} END")
    else:
        select.append("s." + c)
sql = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
    f"INSERT INTO events ({', '.join(cols)}) SELECT {', '.join(select)} "
    f"FROM seeds s CROSS JOIN n JOIN actors a ON a.k = (s.id * 31 + n.i * 17) % {n_actors}"
)
with con:
    con.execute(sql, (copies,))
con.execute("ANALYZE")
con.commit()
total = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
print(f"{db}: {base} real events x {copies + 1} -> {total} events in {time.time() - t0:.0f} s")
