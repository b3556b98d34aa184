#!/usr/bin/env bash
# Load benchmark of `dateline serve` (issue 8): a store of >= 1 million events
# grown from the events the analysis codes in the demo corpus (and the
# reference article), then `wrk` (Debian package) against /api/v1/events with
# a rotation of filters (bench/serve-mix.lua). Reports requests/s and latency
# percentiles (p50, p99). Goal: p99 < 200 ms at 1,000 requests/s.
#
# Usage: bench/serve.sh [N_EVENTS]   (default 1000000)
# Env:   DATELINE_BENCH_DIR (default /tmp/dateline-serve-bench; the store is
#        kept there and reused), DATELINE_BENCH_DB (a store to use instead),
#        DURATION (default 30s), CONNECTIONS (default 64). The store is
#        migrated to the current schema (v5: event_keys, key_counts,
#        event_geo) when the server first opens it.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
dir=${DATELINE_BENCH_DIR:-/tmp/dateline-serve-bench}
duration=${DURATION:-30s}
conns=${CONNECTIONS:-64}
addr=127.0.0.1:18089
mkdir -p "$dir"
command -v wrk >/dev/null || { echo "error: needs wrk (apt-get install wrk)" >&2; exit 1; }
target=${CARGO_TARGET_DIR:-target}
db=${DATELINE_BENCH_DB:-$dir/events.db}
if [ ! -f "$db" ]; then
  # The seed events: the demo corpus (and the reference article) through
  # `dateline ingest` with the analysis.
  cargo build --release -p dateline --quiet
  inputs=(data/demo/wikinews.jsonl)
  [ -f ../shared/examples/niger-russia.txt ] && inputs+=(../shared/examples/niger-russia.txt)
  "$target/release/dateline" --db "$db" ingest --date 2023-12-05 "${inputs[@]}"
fi
python3 bench/serve-grow.py "$db" "$n"
# The server is the same code as `dateline serve` (crates/serve), without the
# rest of the CLI. First without the response cache (every request runs its
# queries), then with it (the same ten queries again: cache hits, as when
# many people open the same dashboard views).
cargo build --release -p dateline-serve --example serve --quiet
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null || true' EXIT
for cache in 0 1; do
  DATELINE_CACHE=$cache "$target/release/examples/serve" "$db" "$addr" > "$dir/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do curl -sf "http://$addr/api/v1/health" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "== store: $(curl -s "http://$addr/api/v1/health"); response cache: $([ $cache = 1 ] && echo on || echo off)"
  wrk -t2 -c8 -d5s -s bench/serve-mix.lua "http://$addr" >/dev/null
  echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in 8 "$conns"; do
    echo "== wrk: 2 threads, $c connections, $duration, 10 filtered event queries in rotation, as fast as it goes"
    wrk -t2 -c"$c" -d"$duration" --latency -s bench/serve-mix.lua "http://$addr" | grep -E "Requests/sec|Latency|50%|75%|90%|99%|requests in|Non-2xx"
  done
  # A fixed offered load: 22 connections, each pausing 20 ms before each
  # request (at most 1,100 requests/s in all), then 10 connections x 20 ms
  # (at most 500/s, a moderate load).
  for c in 22 10; do
    echo "== wrk: 2 threads, $c connections pacing 20 ms (offered <= $((c * 50)) requests/s), $duration"
    PACE_MS=20 wrk -t2 -c"$c" -d"$duration" --latency -s bench/serve-paced.lua "http://$addr" | grep -E "Requests/sec|Latency|50%|75%|90%|99%|requests in|Non-2xx"
  done
  echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ $cache = 0 ]; then
    echo "== one request of each filter, ms (as listed; then with total=true, counting up to 1,000)"
    grep -o '"/api[^"]*"' bench/serve-mix.lua | tr -d '"' | while read -r p; do
      sep='?'; case "$p" in *\?*) sep='&';; esac
      t1=$(curl -s -o /dev/null -w '%{time_total}' "http://$addr$p" | awk '{print $1 * 1000}')
      t2=$(curl -s -o /dev/null -w '%{time_total}' "http://$addr$p${sep}total=true" | awk '{print $1 * 1000}')
      printf "%8.1f %8.1f  %s\n" "$t1" "$t2" "$p"
    done
  fi
  kill $server; wait $server 2>/dev/null || true; server=
done
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
