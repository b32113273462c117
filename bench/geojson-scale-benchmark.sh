#!/usr/bin/env bash
# Issue 11 (a): GET /api/incidents?limit=100000 (full Features, ordered by start date and id) at ROWS synthetic
# incidents against psql running the very same SQL (taken from the app's debug log) and writing its rows to
# /dev/null, RUNS (3) rounds side by side. Reports wall time of each, the ratio (target <= 1.15), the app's time to
# first byte (target < 100 ms) and its RSS before, after and at peak (target: flat).
#
#   bench/geojson-scale-benchmark.sh            # ROWS=200000 for a quicker check
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
RUNS=${RUNS:-3}
LIMIT=${LIMIT:-100000}
start_app 512m --logging.level.org.springframework.jdbc.core.JdbcTemplate=DEBUG
rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MiB  ", $1, $2 / 1024}' "/proc/$APP/status"; }
# the SQL the app runs, with its bound limit
curl -s -o /dev/null -u "$AUTH" "$BASE/api/incidents?limit=1"
SQL=$(perl -0777 -ne '@m = /Executing prepared SQL statement \[((?:(?!Executing prepared).)*?ORDER BY i\.start_date, i\.id LIMIT \?)\]/sg; print $m[-1]' \
  "$WORK/app.log" | sed 's/LIMIT ?$/LIMIT '"$LIMIT"'/')
[ -n "$SQL" ] || { echo "could not find the collection SQL in $WORK/app.log"; exit 1; }
machine
echo "app before: $(rss)"
printf '| round | app s | TTFB s | bytes | psql s | ratio |\n|---|---|---|---|---|---|\n'
for round in $(seq 1 "$RUNS"); do
  # a bearer token, as every other benchmark: HTTP Basic spends a bcrypt hash of CPU before the first byte, which
  # the map (a session) never pays
  read -r ttfb total size < <(curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -w '%{time_starttransfer} %{time_total} %{size_download}\n' \
    "$BASE/api/incidents?limit=$LIMIT")
  start=$(date +%s.%N)
  psql_ -c "SET jit = off" -c "$SQL" -o /dev/null
  end=$(date +%s.%N)
  direct=$(echo "$end - $start" | bc)
  printf '| %s | %.2f | %.3f | %s | %.2f | %.2f |\n' "$round" "$total" "$ttfb" "$size" "$direct" "$(echo "scale=3; $total / $direct" | bc)"
done
echo "app after: $(rss)"
machine
