#!/usr/bin/env bash
# Shapefile export of ROWS synthetic incidents (default 1,000,000): the app, held to -Xmx512m, serving
# GET /api/export?format=shapefile to curl, against ogr2ogr run directly on the same rows with the very same
# commands (taken from the app's debug log, less the options that share the app's database snapshot) plus
# `zip -1` of the same shapefiles.
#
#   bench/export-benchmark.sh            # builds the jar if missing; results on stdout and in $WORK/results.md
#
# Settings by environment: ROWS, RUNS (measured rounds, default 2), WORK (default /tmp/export-bench; the
# PostGIS cluster stays there between runs and is reloaded only when ROWS changes), PORT, DB_PORT.
# Needs: java 17, curl, zip, unzip, psql, ogr2ogr, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-2}
WORK=${WORK:-/tmp/export-bench}
PORT=${PORT:-8093}
DB_PORT=${DB_PORT:-54393}
JAR=backend/target/incident-mapper.jar

mkdir -p "$WORK"
[ -f "$JAR" ] || mvn -q -B --no-transfer-progress -DskipTests package
rm -rf "$WORK/app-tmp" "$WORK/direct" && mkdir -p "$WORK/app-tmp" "$WORK/direct"

# an analyst account for the requests (the API needs one); exits 1 when it exists already, which is fine
AUTH="bench:bench-password-0123"
MAPPER_ACCOUNT_PASSWORD="${AUTH#*:}" java -jar "$JAR" --spring.main.web-application-type=none --mapper.db.port="$DB_PORT" --mapper.db.data-dir="$WORK/pgdata" \
  --mapper.sample-data= --mapper.create-account=bench --mapper.create-account-role=analyst >/dev/null 2>&1 || true

# --- the app, on its own private PostGIS with no sample data --------------------------------------------------
java -Xmx512m -jar "$JAR" --server.port="$PORT" --mapper.db.port="$DB_PORT" --mapper.db.data-dir="$WORK/pgdata" \
  --mapper.sample-data= --mapper.export.temp-dir="$WORK/app-tmp" --mapper.export.timeout=60m \
  --logging.level.org.incidentmapper.export=DEBUG > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -u "$AUTH" "http://127.0.0.1:$PORT/api/categories" >/dev/null && break
  kill -0 $APP 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 1
done

export PGPASSWORD
PGPASSWORD=$(cat "$WORK/pgdata.password")
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U mapper -d incidents "$@"; }

# --- synthetic data: points and ~5% polygons over Cambodia, random categories and dates, 1-2 sources ----------
have=$(psql_ -tAc "SELECT count(*) FROM incident")
if [ "$have" != "$ROWS" ]; then
  echo "Loading $ROWS synthetic incidents…"
  load_start=$(date +%s)
  psql_ -v rows="$ROWS" <<'SQL'
TRUNCATE incident CASCADE;
INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision, geom,
                      location_name, location_precision, country, province, victims_count, victim_nationalities,
                      status)
SELECT 'bench-' || v.n,
       (ARRAY['compound', 'hospital_admission', 'border_town', 'raid', 'rescue'])[1 + floor(v.r * 5)::int],
       CASE WHEN v.n % 3 = 0 THEN 'Synthetic incident ' || v.n || ' ក្រុងព្រះសីហនុ 西港' ELSE 'Synthetic incident ' || v.n END,
       -- about a third are long Khmer text beyond the 254-byte DBF limit
       CASE WHEN v.n % 3 = 1 THEN 'Report ' || v.n || ': ' || repeat('មជ្ឈមណ្ឌលបោកប្រាស់ ', 2 + (v.r * 20)::int)
            ELSE 'Synthetic description of incident ' || v.n END,
       DATE '2016-01-01' + (v.r2 * 3650)::int,
       CASE WHEN v.r < 0.2 THEN NULL ELSE DATE '2016-01-01' + (v.r2 * 3650)::int + (v.r * 700)::int END,
       'day',
       CASE WHEN v.r3 < 0.05 THEN ST_MakeEnvelope(v.x, v.y, v.x + 0.005, v.y + 0.004, 4326)
            ELSE ST_SetSRID(ST_MakePoint(v.x, v.y), 4326) END,
       'Place ' || (v.n % 5000),
       'exact', 'KHM', 'KH-' || (1 + v.n % 25),
       CASE WHEN v.n % 4 = 0 THEN NULL ELSE (v.r * 200)::int END,
       CASE WHEN v.n % 3 = 0 THEN '{CHN,VNM}'::char(3)[] ELSE '{}'::char(3)[] END,
       'reported'
FROM generate_series(1, :rows) g
CROSS JOIN LATERAL (SELECT g AS n, random() AS r, random() AS r2, random() AS r3,
                           102.35 + random() * 5.2 AS x, 10.45 + random() * 4.0 AS y) v;
INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
SELECT id, 1, 'Outlet ' || (id % 50), 'https://example.org/news/' || id, start_date + 2, 'en' FROM incident;
INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
SELECT id, 2, 'ខ្មែរ Outlet ' || (id % 30), NULL, start_date + 5, 'km' FROM incident WHERE id % 2 = 0;
VACUUM ANALYZE incident;
VACUUM ANALYZE incident_source;
SQL
  echo "Loaded in $(( $(date +%s) - load_start )) s"
fi
polygons=$(psql_ -tAc "SELECT count(*) FROM incident WHERE GeometryType(geom) <> 'POINT'")
sources=$(psql_ -tAc "SELECT count(*) FROM incident_source")

# --- (a) the app --------------------------------------------------------------------------------------------------
run_app() {
  local out="$WORK/app.zip" start end curl_pid peak=0 total
  rm -f "$out"
  : > "$WORK/app.headers"
  start=$(date +%s.%N)
  curl -sS -f -u "$AUTH" -D "$WORK/app.headers" -o "$out" "http://127.0.0.1:$PORT/api/export?format=shapefile" &
  curl_pid=$!
  # resident memory of the JVM plus its ogr2ogr child, sampled
  while kill -0 $curl_pid 2>/dev/null; do
    total=$(ps -o rss= --pid $APP --ppid $APP 2>/dev/null | awk '{s += $1} END {print s + 0}')
    [ "$total" -gt "$peak" ] && peak=$total
    sleep 0.1
  done
  wait $curl_pid
  end=$(date +%s.%N)
  APP_SECONDS=$(echo "$end - $start" | bc)
  APP_TREE_PEAK_MB=$(( peak / 1024 ))
  APP_HWM_MB=$(( $(awk '/VmHWM/ {print $2}' /proc/$APP/status) / 1024 ))
  APP_BYTES=$(stat -c %s "$out")
}

# --- (b) ogr2ogr directly, the same two commands the app ran, then zip -1 -------------------------------------
commands() {
  # the last two "Running: …" debug lines of the app (points, polygons), each a shell command spanning lines
  awk '/Running: /{ if (p) printf "%s%c", buf, 0; p = 1; sub(/.*Running: /, ""); buf = $0; next }
       p && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T/ { printf "%s%c", buf, 0; p = 0; next }
       p { buf = buf "\n" $0 }
       END { if (p) printf "%s%c", buf, 0 }' "$WORK/app.log" | tail -z -n 2
}

run_direct() {
  local start end zip_start cmd i=0 peak=0 rss
  rm -rf "$WORK/direct" && mkdir -p "$WORK/direct"
  mapfile -d '' -t cmds < <(commands)
  [ "${#cmds[@]}" -eq 2 ] || { echo "expected 2 ogr2ogr commands in $WORK/app.log" >&2; exit 1; }
  start=$(date +%s.%N)
  for cmd in "${cmds[@]}"; do
    # same files under $WORK/direct; without the app's snapshot options (that snapshot ended with the export)
    cmd=$(printf '%s' "$cmd" | sed -E -e "s#$WORK/app-tmp/export-[0-9]+/#$WORK/direct/#g" \
      -e "s# -oo 'PRELUDE_STATEMENTS=.* -oo CLOSING_STATEMENTS=COMMIT##")
    i=$((i + 1))
    eval "/usr/bin/time -f %M -o '$WORK/direct/rss-$i' $cmd"
    rss=$(tail -1 "$WORK/direct/rss-$i")
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  zip_start=$(date +%s.%N)
  (cd "$WORK/direct" && zip -q -1 direct.zip incidents_points.* incidents_polygons.*)
  end=$(date +%s.%N)
  DIRECT_SECONDS=$(echo "$end - $start" | bc)
  DIRECT_OGR_SECONDS=$(echo "$zip_start - $start" | bc)
  DIRECT_ZIP_SECONDS=$(echo "$end - $zip_start" | bc)
  DIRECT_PEAK_MB=$(( peak / 1024 ))
  DIRECT_BYTES=$(stat -c %s "$WORK/direct/direct.zip")
}

check_same() {
  rm -rf "$WORK/check" && mkdir -p "$WORK/check" && unzip -q "$WORK/app.zip" -d "$WORK/check"
  local a b
  for layer in incidents_points incidents_polygons; do
    a=$(ogrinfo -ro -so "$WORK/check/$layer.shp" "$layer" | awk '/Feature Count/ {print $3}')
    b=$(ogrinfo -ro -so "$WORK/direct/$layer.shp" "$layer" | awk '/Feature Count/ {print $3}')
    echo "  $layer: app $a features, direct $b features"
    [ "$a" = "$b" ] || { echo "feature counts differ" >&2; exit 1; }
  done
}

echo "Rows: $ROWS incidents ($polygons polygons), $sources sources; $(nproc) cores; $(date -u +%FT%TZ)"
printf '| round | app s | direct s (ogr2ogr + zip -1) | ratio | app JVM VmHWM MB | app JVM+ogr2ogr peak MB | direct ogr2ogr peak MB | app ZIP MB | direct ZIP MB |\n' | tee "$WORK/results.md"
printf '|---|---|---|---|---|---|---|---|---|\n' | tee -a "$WORK/results.md"
for round in $(seq 1 "$RUNS"); do
  run_app
  run_direct
  ratio=$(echo "scale=2; $APP_SECONDS / $DIRECT_SECONDS" | bc)
  printf '| %s | %.1f | %.1f (%.1f + %.1f) | %s | %s | %s | %s | %.1f | %.1f |\n' "$round" "$APP_SECONDS" \
    "$DIRECT_SECONDS" "$DIRECT_OGR_SECONDS" "$DIRECT_ZIP_SECONDS" "$ratio" \
    "$APP_HWM_MB" "$APP_TREE_PEAK_MB" "$DIRECT_PEAK_MB" "$(echo "$APP_BYTES / 1048576" | bc -l)" \
    "$(echo "$DIRECT_BYTES / 1048576" | bc -l)" | tee -a "$WORK/results.md"
done
check_same
grep -i "X-Export-Truncated-Fields" "$WORK/app.headers" || true
echo "  the app's own timings (last round):"
grep -E "text statistics in|ogr2ogr finished in|Export shapefile: written" "$WORK/app.log" | tail -4 | sed -E 's/.* : /    /'
leftover=$(find "$WORK/app-tmp" -mindepth 1 | wc -l)
echo "  files left in the app's export temp dir: $leftover"
