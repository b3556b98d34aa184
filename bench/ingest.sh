#!/bin/sh
# End-to-end ingest speed (issue 7): the Wikinews corpus (294 articles,
# ~260k tokens) read, cleaned, analysed (syntax, times, entities, actors,
# places, events) and stored, on one core, into a fresh store; prints the
# share of time each stage takes and articles per second.
#
# Usage: bench/ingest.sh [CORPUS]   (default ../shared/corpus/wikinews-en-2019-2020)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus/wikinews-en-2019-2020}
cd "$root"
cargo build --quiet --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== dateline ingest -j 1 (one core), $corpus"
taskset -c 0 ./target/release/dateline --db "$tmp/bench.db" ingest -j 1 --timings "$corpus"
echo "== the same, parsing every sentence (--parse-all)"
taskset -c 0 ./target/release/dateline --db "$tmp/all.db" ingest -j 1 --timings --parse-all "$corpus"
