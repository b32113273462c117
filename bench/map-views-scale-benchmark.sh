#!/usr/bin/env bash
# Issue 11 (b): the map's requests for four views at ROWS synthetic incidents, CLIENTS (16) clients for DURATION (60):
# city (Phnom Penh, zoom 10) and country (zoom 7), each for one month and for one year. A view is what the map asks:
# the clusters of the padded view, and, where it holds at most 3000 incidents, its lean incidents (view=map).
# Targets: p95 < 150 ms, 0 errors, every response < 1 MB.
# Analysts' clusters of these views are read from the grid summary (V74) and kept until the data changes
# (AnswerCache), so the same views repeated are cache hits after the first: the views are measured twice, with the
# cache (hits) and then with the app restarted with mapper.api.answer-cache-mb=0 (every request sums the summary:
# the uncached path). UNCACHED=0 skips the second pass.
#
#   bench/map-views-scale-benchmark.sh          # ROWS=20000 DURATION=10 for a quick check
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-60}
start_app
# the summary's visibility map, as autovacuum leaves it after a migration's backfill or a generate (index-only scans)
psql_ -c "VACUUM ANALYZE incident_grid_row" 2>/dev/null || true
CITY="bbox=104.6,11.4,105.2,11.75"
COUNTRY="bbox=99.5,8.5,110.5,16.5"
URLS=(
  "/api/incidents/clusters?zoom=10&$CITY&from=2022-03-01&to=2022-03-31"
  "/api/incidents/clusters?zoom=10&$CITY&from=2022-01-01&to=2022-12-31"
  "/api/incidents/clusters?zoom=7&$COUNTRY&from=2022-03-01&to=2022-03-31"
  "/api/incidents/clusters?zoom=7&$COUNTRY&from=2022-01-01&to=2022-12-31"
)
# the points the map would fetch where a view holds few enough incidents
for u in "${URLS[@]}"; do
  n=$(curl -s -u "$AUTH" "$BASE$u" | grep -o '"count" *: *[0-9]*' | head -1 | grep -o '[0-9]*$')
  echo "view ${u#*\?}: $n incidents"
  [ -n "$n" ] && [ "$n" -le 3000 ] && URLS+=("/api/incidents?view=map&limit=3000&${u#*zoom=*&}")
done
echo "== with the answer cache (repeated views: cache hits after the first request of each)"
machine
load "$CLIENTS" "$DURATION" "${URLS[@]}"
machine
if [ "${UNCACHED:-1}" != 0 ]; then
  kill $APP; wait $APP 2>/dev/null || true
  start_app 512m --mapper.api.answer-cache-mb=0
  echo "== without the answer cache (mapper.api.answer-cache-mb=0: every request sums the summary)"
  machine
  load "$CLIENTS" "$DURATION" "${URLS[@]}"
  machine
fi
