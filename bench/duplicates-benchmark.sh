#!/usr/bin/env bash
# GET /api/duplicates at ROWS synthetic incidents (default 100000): one client, each URL requested in turn for
# SECONDS (default 60), so the numbers are latencies of single requests on the shared machine, side by side in one run.
#   ROWS=100000 bench/duplicates-benchmark.sh
# Uses bench/scale-lib.sh (an app on its own private PostGIS under $WORK, default /tmp/duplicates-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
WORK=${WORK:-/tmp/duplicates-bench}
PORT=${PORT:-8471}
DB_PORT=${DB_PORT:-54471}
SECONDS_EACH=${SECONDS:-60}
. bench/scale-lib.sh
# no sample data, so no sample sites either (they name sample incidents)
DB_OPTS+=(--mapper.sites.dir= ${EXTRA_OPTS:-})
start_app 768m
echo "incidents: $(psql_ -tAc 'SELECT count(*) FROM incident')"
load 1 "$SECONDS_EACH" \
  "/api/duplicates?bbox=103.4,10.5,103.7,10.8&from=2024-01-01&to=2024-01-31" \
  "/api/duplicates?from=2024-01-01&to=2024-01-31" \
  "/api/duplicates?category=raid&from=2024-01-01&to=2024-12-31" \
  "/api/duplicates"
for url in "/api/duplicates?from=2024-01-01&to=2024-01-31" "/api/duplicates"; do
  curl -s -H "Authorization: Bearer $TOKEN" "$BASE$url" | python3 -c '
import json, sys
a = json.load(sys.stdin)
p = a["pairs"]
print(sys.argv[1], "pairs:", len(p), "truncated:", a["truncated"], "shared place in", sum(1 for x in p if x["sharedPlaces"]),
      "scripts:", sorted({x["a"]["properties"]["title"][:12] + " | " + x["b"]["properties"]["title"][:12] for x in p[:3]}))' "$url"
done
