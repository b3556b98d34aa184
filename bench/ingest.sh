#!/bin/sh
# End-to-end ingest speed (issue 7): the Wikinews corpus (294 articles,
# ~260k tokens) read, cleaned, analysed (syntax, times, entities, actors,
# places, events) and stored, on one core, into a fresh store. Prints the
# time and share of each stage, the store writes, the start-up (loading
# models, KB, gazetteer, patterns), and articles per second both for the
# whole run (wall) and after start-up (steady state). Target: >= 100
# articles/s on one core.
#
# Usage: bench/ingest.sh [CORPUS]   (default ../shared/corpus/wikinews-en-2019-2020)
#   BENCH_PARSE_ALL=1 also runs with --parse-all (every sentence parsed).
#   BENCH_CHECK=1 also checks that the selective parse stores exactly what
#   parsing every sentence with a coded actor stores
#   (DATELINE_PARSE_ACTOR_SENTENCES=1).
# The machine is shared: the load average is printed; figures taken under
# load are slower.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus/wikinews-en-2019-2020}
cd "$root"
cargo build --quiet --release -p dateline
bin=${CARGO_TARGET_DIR:-$root/target}/release/dateline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== dateline ingest -j 1 (one core), $corpus"
t0=$(date +%s.%N)
taskset -c 0 "$bin" --db "$tmp/bench.db" ingest -j 1 --timings "$corpus"
t1=$(date +%s.%N)
# The process as a whole, exit included ("wall" above ends at the summary).
n=$(sqlite3 "$tmp/bench.db" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { s = b - a; printf "process (start to exit)              %8.3f s  (%.0f articles/s)\n", s, (s > 0 ? n / s : 0) }'
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${BENCH_PARSE_ALL:-0}" = 1 ]; then
    echo "== the same, parsing every sentence (--parse-all)"
    taskset -c 0 "$bin" --db "$tmp/all.db" ingest -j 1 --timings --parse-all "$corpus"
fi
if [ "${BENCH_CHECK:-0}" = 1 ]; then
    echo "== output identity: parsing every sentence with a coded actor"
    DATELINE_PARSE_ACTOR_SENTENCES=1 taskset -c 0 "$bin" --db "$tmp/ref.db" ingest -j 1 "$corpus"
    q="SELECT article_id, stages, sentences, entities, actors, places, timexes, events FROM article_analysis ORDER BY article_id"
    a=$(sqlite3 "$tmp/bench.db" "$q" | sha1sum)
    b=$(sqlite3 "$tmp/ref.db" "$q" | sha1sum)
    "$bin" --db "$tmp/bench.db" events --json >"$tmp/bench.events"
    "$bin" --db "$tmp/ref.db" events --json >"$tmp/ref.events"
    if [ "$a" = "$b" ] && cmp -s "$tmp/bench.events" "$tmp/ref.events"; then
        echo "identical analyses and events ($(wc -l <"$tmp/bench.events") event lines)"
    else
        echo "OUTPUT DIFFERS" >&2
        exit 1
    fi
fi
