#!/usr/bin/env bash
# CSV import benchmark: a generated 100,000-row CSV imported through POST /api/imports into the app (its own
# private PostGIS cluster under /tmp, JVM with a fixed -Xmx), wall time → rows/s and the app's peak RSS (VmHWM);
# then PostgreSQL COPY of the same file into equivalent tables of the same cluster, as the ceiling.
#   bench/import-benchmark.sh            (ROWS=100000 XMX=512m PORT=8093 DB_PORT=54393 by default)
# Needs: the build (mvn package), python3, curl, psql. Leaves nothing running; the cluster dir is kept for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${ROWS:-100000}"
XMX="${XMX:-512m}"
PORT="${PORT:-8093}"
DB_PORT="${DB_PORT:-54393}"
WORK="${WORK:-/tmp/wt-ingest-bench}"
DATA_DIR="$WORK/pgdata"
CSV="$WORK/incidents-$ROWS.csv"
JAR=backend/target/incident-mapper.jar

for port in "$PORT" "$DB_PORT"; do
  if ss -ltn | awk '{print $4}' | grep -q ":$port\$"; then
    echo "port $port is in use (another app or benchmark?); set PORT=… DB_PORT=…" >&2
    exit 1
  fi
done
mkdir -p "$WORK"
if [ -d "$DATA_DIR" ]; then   # a fresh cluster each run; stop one left running by an earlier run first
  if [ -f "$DATA_DIR/postmaster.pid" ]; then
    owner=$(stat -c %U "$DATA_DIR")
    runuser -u "$owner" -- /usr/lib/postgresql/15/bin/pg_ctl stop -m fast -D "$DATA_DIR" >/dev/null 2>&1 \
      || /usr/lib/postgresql/15/bin/pg_ctl stop -m fast -D "$DATA_DIR" >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA_DIR" "$DATA_DIR.password"
fi

[ -f "$JAR" ] || mvn -q -B --no-transfer-progress -DskipTests package

echo "generating $ROWS rows into $CSV" >&2
python3 - "$ROWS" "$CSV" <<'PY'
import csv, random, sys, datetime
rows, out = int(sys.argv[1]), sys.argv[2]
random.seed(42)
cats = ["compound", "hospital_admission", "border_town", "raid", "rescue"]
outlets = [("VOD English", "en"), ("Khmer Times", "en"), ("CamboJA News", "en"), ("柬中时报", "zh"),
           ("ខេមរភូមិ", "km"), ("Bangkok Post", "en"), ("The Irrawaddy", "en")]
places = ["Sihanoukville", "Poipet", "Bavet", "Phnom Penh", "O'Smach", "Koh Kong", "Myawaddy", "Shwe Kokko"]
start = datetime.date(2016, 1, 1)
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["external_id", "category", "title", "description", "start_date", "end_date", "lon", "lat",
                "location_name", "location_precision", "country", "victims_count", "source_outlet", "source_url",
                "source_published", "source_language"])
    for i in range(1, rows + 1):
        cat = cats[i % len(cats)]
        d = start + datetime.timedelta(days=random.randrange(0, 3200))
        end = d + datetime.timedelta(days=random.randrange(30, 900)) if cat in ("compound", "border_town") and i % 3 else None
        outlet, lang = outlets[i % len(outlets)]
        place = places[i % len(places)]
        w.writerow([f"bench-{i:06d}", cat, f"{cat.replace('_', ' ').title()} near {place} #{i}",
                    f"Generated row {i}; reported by {outlet}, \"quoted\" words and a comma.",
                    d.isoformat(), end.isoformat() if end else "",
                    f"{random.uniform(102.3, 107.6):.5f}", f"{random.uniform(10.4, 14.6):.5f}",
                    place, random.choice(["exact", "approximate", "town"]), "KHM",
                    random.choice(["", "", str(random.randrange(0, 400))]),
                    outlet, f"https://news.example.org/{i}", (d + datetime.timedelta(days=2)).isoformat(), lang])
PY
ls -l "$CSV" >&2

# an analyst account for the requests (the API needs one); exits 1 when it exists already, which is fine
AUTH="bench:bench-password-0123"
MAPPER_ACCOUNT_PASSWORD="${AUTH#*:}" java -jar "$JAR" --spring.main.web-application-type=none --mapper.db.port="$DB_PORT" --mapper.db.data-dir="$DATA_DIR" \
  --mapper.sample-data= --mapper.create-account=bench --mapper.create-account-role=analyst >/dev/null 2>&1 || true

echo "starting the app (-Xmx$XMX) on :$PORT with a fresh cluster in $DATA_DIR" >&2
java -Xmx"$XMX" -jar "$JAR" --server.port="$PORT" --mapper.db.port="$DB_PORT" --mapper.db.data-dir="$DATA_DIR" \
  --mapper.sample-data= > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fs -u "$AUTH" "http://127.0.0.1:$PORT/api/config" >/dev/null 2>&1 && break
  kill -0 $APP 2>/dev/null || { echo "the app died; see $WORK/app.log" >&2; exit 1; }
  sleep 1
done
rss_before=$(awk '/VmHWM/ {print $2}' /proc/$APP/status)

t0=$(date +%s.%N)
http=$(curl -s -u "$AUTH" -o "$WORK/report.json" -w '%{http_code}' -F "file=@$CSV" "http://127.0.0.1:$PORT/api/imports")
t1=$(date +%s.%N)
rss_peak=$(awk '/VmHWM/ {print $2}' /proc/$APP/status)
created=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("created"), r.get("rejected"))' "$WORK/report.json")
[ "$http" = 200 ] || { echo "import answered $http: $(head -c 500 "$WORK/report.json")" >&2; exit 1; }
import_s=$(echo "$t1 - $t0" | bc -l)

# the ceiling: COPY of the same file into the same cluster
export PGPASSWORD=$(cat "$DATA_DIR.password")
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U mapper incidents)
"${PSQL[@]}" <<'SQL'
DROP TABLE IF EXISTS bench_copy_plain, bench_copy_indexed;
CREATE TABLE bench_copy_plain (external_id text, category text, title text, description text, start_date date,
  end_date date, lon float8, lat float8, location_name text, location_precision text, country char(3),
  victims_count integer, source_outlet text, source_url text, source_published date, source_language text);
-- the incident table's shape: a PostGIS point and the same indexes (unique id, geometry, period, category)
CREATE TABLE bench_copy_indexed (LIKE bench_copy_plain,
  geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED);
CREATE UNIQUE INDEX ON bench_copy_indexed (external_id);
CREATE INDEX ON bench_copy_indexed USING gist (geom);
CREATE INDEX ON bench_copy_indexed USING gist (daterange(start_date, end_date, '[]'));
CREATE INDEX ON bench_copy_indexed (category);
SQL
copy_time() {
  local t0 t1
  t0=$(date +%s.%N)
  "${PSQL[@]}" -c "\\copy $1 (external_id, category, title, description, start_date, end_date, lon, lat, location_name, location_precision, country, victims_count, source_outlet, source_url, source_published, source_language) FROM '$CSV' WITH (FORMAT csv, HEADER true)"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
plain_s=$(copy_time bench_copy_plain)
indexed_s=$(copy_time bench_copy_indexed)
in_db=$("${PSQL[@]}" -At -c "SELECT count(*) FROM incident WHERE external_id LIKE 'bench-%'")

printf '\n%-48s %10s %12s\n' "what ($ROWS rows, $(du -h "$CSV" | cut -f1) CSV)" "seconds" "rows/s"
printf '%-48s %10.2f %12.0f\n' "POST /api/imports (all-or-nothing), fresh app" "$import_s" "$(echo "$ROWS / $import_s" | bc -l)"
printf '%-48s %10.2f %12.0f\n' "COPY into a plain typed table (ceiling)" "$plain_s" "$(echo "$ROWS / $plain_s" | bc -l)"
printf '%-48s %10.2f %12.0f\n' "COPY into a table with geometry + 4 indexes" "$indexed_s" "$(echo "$ROWS / $indexed_s" | bc -l)"
echo "app: -Xmx$XMX, peak RSS (VmHWM) $((rss_before / 1024)) MiB after start, $((rss_peak / 1024)) MiB after the import"
echo "report: created/rejected = $created; incidents in the database: $in_db"
