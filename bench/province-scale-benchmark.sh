#!/usr/bin/env bash
# Issue 11 (c): province endpoints and categories with CLIENTS (8) clients for DURATION (60) at ROWS synthetic
# incidents (target p95 < 100 ms), then q= text search in Latin, Khmer, Thai and Chinese script and a query with no
# match (target p95 < 300 ms), the same SQL timed by psql beside it for the text search.
#
#   bench/province-scale-benchmark.sh           # ROWS=20000 DURATION=10 for a quick check
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-60}
start_app
machine
echo "== province endpoints and categories"
load "$CLIENTS" "$DURATION" \
  "/api/provinces?geometry=false" "/api/provinces?geometry=false&from=2022-01-01&to=2022-12-31&category=raid,rescue" \
  "/api/provinces/timeline?interval=month" "/api/provinces/timeline?interval=month&from=2020-01-01&to=2021-12-31" \
  "/api/provinces/spread" "/api/categories"
echo "== text search (q=), 3000 features at most"
load "$CLIENTS" "$DURATION" \
  "/api/incidents?view=map&limit=3000&q=Kompong" "/api/incidents?view=map&limit=3000&q=%E1%9E%94%E1%9E%B6%E1%9E%9C%E1%9E%B7%E1%9E%8F" \
  "/api/incidents?view=map&limit=3000&q=%E0%B8%9E%E0%B8%99%E0%B8%A1%E0%B9%80%E0%B8%9B%E0%B8%8D" \
  "/api/incidents?view=map&limit=3000&q=%E8%A5%BF%E5%93%88%E5%8A%AA%E5%85%8B" "/api/incidents?view=map&limit=3000&q=zzzxqq"
echo "== the same searches in psql (EXPLAIN ANALYZE execution time, ms)"
for q in Kompong បាវិត พนมเปญ 西哈努克 zzzxqq; do
  ms=$(psql_ -tA -c "SET jit = off" -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT i.id FROM incident i WHERE
      i.title ILIKE '%$q%' OR i.description ILIKE '%$q%' OR i.location_name ILIKE '%$q%' ORDER BY i.start_date, i.id LIMIT 3000" \
      | sed -n 's/.*"Execution Time": \([0-9.]*\).*/\1/p')
  echo "psql q=$q: ${ms} ms"
done
machine
