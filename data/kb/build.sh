#!/bin/sh
# Regenerates the petrarch-*.tsv files (countries, organisations, agents,
# people) of the actor KB from the PETRARCH2
# Phoenix dictionaries (MIT). Hand-curated files are not touched.
# Usage: data/kb/build.sh [DICT_DIR]   (default ../shared/bench/events/petrarch2/dictionaries)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dict=${1:-$root/../shared/bench/events/petrarch2/dictionaries}
cd "$root"
cargo run --quiet --release -p dateline-actors --example convert_petrarch -- "$dict" "$here"
