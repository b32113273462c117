#!/usr/bin/env bash
# Issue 11 (c): province endpoints and categories with CLIENTS (8) clients for DURATION (60) at ROWS synthetic
# incidents (target p95 < 100 ms), then q= text search in Latin, Khmer, Thai and Chinese script and a query with no
# match (target p95 < 300 ms), the same SQL timed by psql beside it for the text search.
#
# An analyst's answers are kept until the data changes (AnswerCache, data_version V80), so the passes of fixed URLs below are
# cache hits after each URL's first request; the "uncached" passes give every request a filter no request had
# before (its own month-aligned window, or its own limit for q=), so each is computed: @FROM@, @TO@ and @LIMIT@ are
# replaced per request. APP_OPTS (e.g. --mapper.api.answer-cache-mb=0: no cache at all) go to the app.
#
#   bench/province-scale-benchmark.sh           # ROWS=20000 DURATION=10 for a quick check
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-60}

# shellcheck disable=SC2086
start_app 512m ${APP_OPTS:-}
machine
echo "== province endpoints and categories (fixed URLs: cache hits after the first request of each)"
load "$CLIENTS" "$DURATION" \
  "/api/provinces?geometry=false" "/api/provinces?geometry=false&from=2022-01-01&to=2022-12-31&category=raid,rescue" \
  "/api/provinces/timeline?interval=month" "/api/provinces/timeline?interval=month&from=2020-01-01&to=2021-12-31" \
  "/api/provinces/spread" "/api/categories"
echo "== the same endpoints uncached: a window of whole months no other request had (categories takes no filter)"
load_distinct "$CLIENTS" "$DURATION" \
  "/api/provinces?geometry=false&from=@FROM@&to=@TO@" \
  "/api/provinces?geometry=false&from=@FROM@&to=@TO@&category=raid,rescue" \
  "/api/provinces/timeline?interval=month&from=@FROM@&to=@TO@" "/api/provinces/spread?from=@FROM@&to=@TO@"
echo "== text search (q=), 3000 features at most (fixed URLs: cache hits after the first request of each)"
load "$CLIENTS" "$DURATION" \
  "/api/incidents?view=map&limit=3000&q=Kompong" "/api/incidents?view=map&limit=3000&q=%E1%9E%94%E1%9E%B6%E1%9E%9C%E1%9E%B7%E1%9E%8F" \
  "/api/incidents?view=map&limit=3000&q=%E0%B8%9E%E0%B8%99%E0%B8%A1%E0%B9%80%E0%B8%9B%E0%B8%8D" \
  "/api/incidents?view=map&limit=3000&q=%E8%A5%BF%E5%93%88%E5%8A%AA%E5%85%8B" "/api/incidents?view=map&limit=3000&q=zzzxqq"
echo "== the same searches uncached: a limit no other request had (3000 - k mod 1000)"
load_distinct "$CLIENTS" "$DURATION" \
  "/api/incidents?view=map&limit=@LIMIT@&q=Kompong" "/api/incidents?view=map&limit=@LIMIT@&q=%E1%9E%94%E1%9E%B6%E1%9E%9C%E1%9E%B7%E1%9E%8F" \
  "/api/incidents?view=map&limit=@LIMIT@&q=%E0%B8%9E%E0%B8%99%E0%B8%A1%E0%B9%80%E0%B8%9B%E0%B8%8D" \
  "/api/incidents?view=map&limit=@LIMIT@&q=%E8%A5%BF%E5%93%88%E5%8A%AA%E5%85%8B" "/api/incidents?view=map&limit=@LIMIT@&q=zzzxqq"
echo "== the same searches in psql (EXPLAIN ANALYZE execution time, ms)"
# the app's predicate: search_text (V88) where the column exists, else the three ILIKEs it replaced
if [ "$(psql_ -tAc "SELECT count(*) FROM pg_attribute WHERE attrelid = 'incident'::regclass AND attname = 'search_text'")" = 1 ]; then
  predicate() { echo "i.search_text LIKE lower('%$1%')"; }
else
  predicate() { echo "i.title ILIKE '%$1%' OR i.description ILIKE '%$1%' OR i.location_name ILIKE '%$1%'"; }
fi
for q in Kompong បាវិត พนมเปญ 西哈努克 zzzxqq; do
  ms=$(psql_ -tA -c "SET jit = off" -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT i.id FROM incident i WHERE
      $(predicate "$q") ORDER BY i.start_date, i.id LIMIT 3000" \
      | sed -n 's/.*"Execution Time": \([0-9.]*\).*/\1/p')
  echo "psql q=$q: ${ms} ms"
done
machine
