#!/usr/bin/env bash
# Vector tiles (issue 11, benchmark d): ROWS synthetic incidents (default 1,000,000) clustered around Sihanoukville,
# Phnom Penh, Bavet, Poipet and Myawaddy (90%) over a Cambodia-wide background (10%), 2016-2025, 2% sensitive. For
# every zoom 5..14, the tile holding each of the five towns and its eight neighbours (45 tiles per zoom, 450 in all)
# is fetched from the app with curl, one at a time: as an analyst without and with a one-year filter, and as a
# viewer (generalised views). The app keeps no tile cache, so every request is built from the database (after one
# warm-up pass, so PostgreSQL's buffers hold the table as they would in use).
#
#   bench/tile-benchmark.sh        # builds the jar if missing; results on stdout and in $WORK/results.md
#
# Requests carry a bearer token per account (HTTP Basic would add a bcrypt hash to every tile). A "cached" pass
# repeats the analyst's tiles with the ETag each returned (If-None-Match → 304, no body; the ETag comes from a data
# version, so no tile is built): what a client with the tile in its cache pays once max-age (5 min) has passed;
# within it, a client sends nothing at all. The other passes are uncached (the app keeps no tiles).
#
# Settings by environment: ROWS, WORK (default /tmp/tile-bench; the cluster stays there and is reloaded only when
# its incident count differs from ROWS, so a cluster filled by ./mapper generate ROWS is used as it is), PORT,
# DB_PORT, PASSES (default "analyst analyst-2022 viewer cached"). Needs: java 17, curl, psql, awk.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
WORK=${WORK:-/tmp/tile-bench}
PORT=${PORT:-8094}
DB_PORT=${DB_PORT:-54394}
JAR=${JAR:-backend/target/incident-mapper.jar}

mkdir -p "$WORK"
[ -f "$JAR" ] || mvn -q -B --no-transfer-progress -DskipTests package

AUTH="tileanalyst:slow-tiles-at-one-million-77"  # the password may not contain the account name
VIEWER="tileviewer:slow-tiles-at-one-million-77"
for account in tileanalyst:analyst tileviewer:viewer; do
  MAPPER_ACCOUNT_PASSWORD="${AUTH#*:}" java -jar "$JAR" --spring.main.web-application-type=none \
    --mapper.db.port="$DB_PORT" --mapper.db.data-dir="$WORK/pgdata" --mapper.sample-data= --mapper.sites.dir= \
    --mapper.create-account="${account%:*}" --mapper.create-account-role="${account#*:}" >/dev/null 2>&1 || true
done

java -Xmx512m -jar "$JAR" --server.port="$PORT" --mapper.db.port="$DB_PORT" --mapper.db.data-dir="$WORK/pgdata" \
  --mapper.sample-data= --mapper.sites.dir= > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -sf -u "$AUTH" "http://127.0.0.1:$PORT/api/categories" >/dev/null && break
  kill -0 $APP 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 1
done

export PGPASSWORD
PGPASSWORD=$(cat "$WORK/pgdata.password")
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U mapper -d incidents "$@"; }

have=$(psql_ -tAc "SELECT count(*) FROM incident")
if [ "$have" != "$ROWS" ]; then
  echo "Loading $ROWS synthetic incidents…"
  load_start=$(date +%s)
  psql_ -v rows="$ROWS" <<'SQL'
TRUNCATE incident CASCADE;
INSERT INTO incident (external_id, category, title, start_date, end_date, date_precision, geom, location_precision,
                      country, status, sensitive)
SELECT 'tile-bench-' || v.n,
       (ARRAY['compound', 'hospital_admission', 'border_town', 'raid', 'rescue'])[1 + floor(v.r * 5)::int],
       'Synthetic incident ' || v.n,
       DATE '2016-01-01' + (v.r2 * 3650)::int,
       CASE WHEN v.r < 0.2 THEN NULL ELSE DATE '2016-01-01' + (v.r2 * 3650)::int + (v.r * 700)::int END,
       'day',
       ST_SetSRID(ST_MakePoint(v.x, v.y), 4326),
       'exact', 'KHM', 'reported', v.n % 50 = 0
FROM generate_series(1, :rows) g
CROSS JOIN LATERAL (SELECT g AS n, random() AS r, random() AS r2) v0
CROSS JOIN LATERAL (SELECT v0.n, v0.r, v0.r2, t.town,
    -- a town's cluster: normal-ish spread of ~0.15° (sum of three uniforms), or the background
    CASE WHEN t.town = 0 THEN 102.35 + random() * 5.2
         ELSE (ARRAY[103.52, 104.92, 106.10, 102.56, 98.57])[t.town] + (random() + random() + random() - 1.5) * 0.3 END AS x,
    CASE WHEN t.town = 0 THEN 10.45 + random() * 4.0
         ELSE (ARRAY[10.63, 11.56, 11.07, 13.66, 16.70])[t.town] + (random() + random() + random() - 1.5) * 0.3 END AS y
    FROM (SELECT CASE WHEN g % 10 = 0 THEN 0 ELSE 1 + (g % 5) END AS town) t) v;
VACUUM ANALYZE incident;
SQL
  echo "Loaded in $(( $(date +%s) - load_start )) s"
fi

# the tiles: each town's tile and its 8 neighbours, zooms 5..14
awk 'BEGIN {
  split("103.52 104.92 106.10 102.56 98.57", lon, " "); split("10.63 11.56 11.07 13.66 16.70", lat, " ");
  pi = atan2(0, -1);
  for (z = 5; z <= 14; z++) { n = 2 ^ z;
    for (t = 1; t <= 5; t++) {
      x = int((lon[t] + 180) / 360 * n); r = lat[t] * pi / 180;
      y = int((1 - log(sin(r) / cos(r) + 1 / cos(r)) / pi) / 2 * n);
      for (dx = -1; dx <= 1; dx++) for (dy = -1; dy <= 1; dy++) print z, x + dx, y + dy } } }' | sort -u > "$WORK/tiles.txt"

token() { # a bearer token for account $1 (name:password)
  curl -s -u "$1" -X POST -H 'Content-Type: application/json' -d '{"name": "tile benchmark"}' \
    "http://127.0.0.1:$PORT/api/me/tokens" | grep -o '"token" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'
}
ANALYST_TOKEN=$(token "$AUTH")
VIEWER_TOKEN=$(token "$VIEWER")
[ -n "$ANALYST_TOKEN" ] && [ -n "$VIEWER_TOKEN" ] || { echo "could not make bearer tokens"; exit 1; }

fetch_all() { # $1: label, $2: token, $3: query string; with $4 = etags: send each tile's ETag from the last pass
  while read -r z x y; do
    local etag=() url="http://127.0.0.1:$PORT/tiles/incidents/$z/$x/$y.mvt$3"
    [ "${4:-}" = etags ] && etag=(-H "If-None-Match: $(grep -F " $z $x $y " "$WORK/etags.txt" | cut -d' ' -f5)")
    curl -sS -o /dev/null -D "$WORK/headers" -H "Authorization: Bearer $2" "${etag[@]}" \
      -w "$1 $z $x $y %{http_code} %{time_total} %{size_download}\n" "$url"
    [ "${4:-}" = etags ] || echo "$1 $z $x $y $(tr -d '\r' < "$WORK/headers" | awk 'tolower($1) == "etag:" {print $2}')" >> "$WORK/etags.txt"
  done < "$WORK/tiles.txt"
}

PASSES=${PASSES:-analyst analyst-2022 viewer cached}
rm -f "$WORK/etags.txt"
fetch_all warmup "$ANALYST_TOKEN" "" > /dev/null
rm -f "$WORK/etags.txt"
for pass in $PASSES; do
  case $pass in
    analyst) fetch_all analyst "$ANALYST_TOKEN" "" ;;
    analyst-2022) fetch_all analyst-2022 "$ANALYST_TOKEN" "?from=2022-01-01&to=2022-12-31" ;;
    viewer) fetch_all viewer "$VIEWER_TOKEN" "" ;;
    cached) grep '^analyst ' "$WORK/etags.txt" > "$WORK/etags.analyst" && mv "$WORK/etags.analyst" "$WORK/etags.txt" \
      && fetch_all cached "$ANALYST_TOKEN" "" etags ;;
  esac
done > "$WORK/timings.txt"

summary() { # p50/p95/p99/max ms and the largest tile, per label and zoom, from timings.txt
  awk '{ key = $1 " z" $2; n[key]++; t[key, n[key]] = $6 * 1000; if ($7 > big[key]) big[key] = $7;
         if ($5 != 200 && $5 != 304) err[key]++;
         all[$1, ++na[$1]] = $6 * 1000; if ($7 > bigall[$1]) bigall[$1] = $7; if ($5 != 200 && $5 != 304) errall[$1]++ }
       function pct(arr, k, cnt, p,   i, j, tmp, v) { for (i = 1; i <= cnt; i++) v[i] = arr[k, i];
         for (i = 2; i <= cnt; i++) { tmp = v[i]; for (j = i - 1; j >= 1 && v[j] > tmp; j--) v[j + 1] = v[j]; v[j + 1] = tmp }
         i = int(p * cnt + 0.999999); if (i < 1) i = 1; return v[i] }
       END {
         print "| run | zoom | tiles | p50 ms | p95 ms | p99 ms | max ms | largest tile | errors |";
         print "|---|---|---|---|---|---|---|---|---|";
         PROCINFO["sorted_in"] = "@ind_str_asc";
         for (k in n) printf "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f KB | %d |\n", substr(k, 1, index(k, " ") - 1),
           substr(k, index(k, " ") + 1), n[k], pct(t, k, n[k], 0.5), pct(t, k, n[k], 0.95), pct(t, k, n[k], 0.99),
           pct(t, k, n[k], 1), big[k] / 1024, err[k] + 0;
         for (l in na) printf "| %s | all | %d | %.0f | %.0f | %.0f | %.0f | %.1f KB | %d |\n", l, na[l],
           pct(all, l, na[l], 0.5), pct(all, l, na[l], 0.95), pct(all, l, na[l], 0.99), pct(all, l, na[l], 1),
           bigall[l] / 1024, errall[l] + 0 }' "$WORK/timings.txt"
}

{
  echo "Tiles z5–z14, $ROWS incidents ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  summary
} | tee "$WORK/results.md"
