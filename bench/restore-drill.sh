#!/usr/bin/env bash
# Restore drill: N generated incidents (one source each) in a fresh private cluster, with the app running (no
# boundary set: its start-up import would recompute the province of every incident while they are generated);
# ./mapper backup while it runs, then ./mapper restore into a second, new cluster; sizes, times and the restore's
# own check (every table's rows against the manifest).
#   bench/restore-drill.sh            (N=1000000 PORT=8095 DB_PORT=54395 by default; the restore uses DB_PORT+1)
# Needs: the build (mvn package), curl, psql. Leaves nothing running; the clusters stay under $WORK for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-1000000}"
PORT="${PORT:-8095}"
DB_PORT="${DB_PORT:-54395}"
WORK="${WORK:-/tmp/ops-restore-drill}"
JAR=backend/target/incident-mapper.jar
PG=/usr/lib/postgresql/15/bin

for port in "$PORT" "$DB_PORT" $((DB_PORT + 1)); do
  if ss -ltn | awk '{print $4}' | grep -q ":$port\$"; then
    echo "port $port is in use (another app or benchmark?); set PORT=… DB_PORT=…" >&2
    exit 1
  fi
done
stop_cluster() {
  if [ -f "$1/postmaster.pid" ]; then
    runuser -u "$(stat -c %U "$1")" -- $PG/pg_ctl stop -m fast -D "$1" >/dev/null 2>&1 || true
  fi
}
for dir in "$WORK/pgdata" "$WORK/restored"; do stop_cluster "$dir"; done
rm -rf "$WORK"; mkdir -p "$WORK"; chmod 755 "$WORK"
[ -f "$JAR" ] || mvn -q -B --no-transfer-progress -DskipTests package

java -Xmx512m -jar "$JAR" --server.port="$PORT" --mapper.db.data-dir="$WORK/pgdata" --mapper.db.port="$DB_PORT" \
  --mapper.sample-data= --mapper.boundaries= --mapper.backup.scheduled=false > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true; wait $APP 2>/dev/null || true; stop_cluster "$WORK/restored"' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
  kill -0 $APP 2>/dev/null || { echo "the app did not start; see $WORK/app.log" >&2; exit 1; }
  sleep 1
done

export PGPASSWORD; PGPASSWORD=$(cat "$WORK/pgdata.password")
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U mapper "$2" "${@:3}"; }
echo "generating $N incidents" >&2
start=$(date +%s.%N)
psql_ "$DB_PORT" incidents <<SQL
INSERT INTO incident (external_id, category, title, description, start_date, date_precision, geom, location_name,
                      location_precision, country, status)
SELECT 'drill-' || g, (ARRAY['compound','hospital_admission','border_town','raid','rescue'])[1 + g % 5],
       'Drill incident ' || g, 'Generated for the restore drill, row ' || g || ', with "quotes", and a comma.',
       date '2016-01-01' + (g % 3200), 'day',
       ST_SetSRID(ST_MakePoint(102.4 + (g % 997) * 0.0045, 10.45 + (g / 997 % 997) * 0.0035), 4326),
       'Place ' || (g % 100), 'town', 'KHM', 'reported'
  FROM generate_series(1, $N) g;
INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
SELECT id, 1, 'Drill Daily', 'https://example.org/drill/' || id, start_date, 'en' FROM incident;
VACUUM ANALYZE;
SQL
echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
psql_ "$DB_PORT" incidents -At -c "SELECT 'database size: ' || pg_size_pretty(pg_database_size('incidents'))
  || ', incidents: ' || (SELECT count(*) FROM incident) || ', sources: ' || (SELECT count(*) FROM incident_source)"

OPTS=(--mapper.db.data-dir="$WORK/pgdata" --mapper.db.port="$DB_PORT")
start=$(date +%s.%N)
./mapper backup "$WORK/incidents.dump" "${OPTS[@]}" 2>&1 | grep -v "^\s*$" | tail -2
echo "backup (app running): $(echo "$(date +%s.%N) - $start" | bc) s, $(du -h "$WORK/incidents.dump" | cut -f1)"

start=$(date +%s.%N)
./mapper restore "$WORK/incidents.dump" --mapper.db.data-dir="$WORK/restored" --mapper.db.port=$((DB_PORT + 1)) \
  --mapper.db.durable=true 2>&1 | grep -v "^\s*$" | tail -2
echo "restore into a new cluster (initdb included): $(echo "$(date +%s.%N) - $start" | bc) s"
