# Shared by the scale benchmarks (bench/*-scale-benchmark.sh): an app on its own private PostGIS under $WORK,
# filled with ROWS synthetic incidents by ./mapper generate, an account of ROLE, and a small load client.
# Settings by environment: ROWS (default 1000000), WORK (default /tmp/scale-bench; the cluster stays between runs and
# is refilled only when the synthetic count differs), PORT (default 8095), DB_PORT (default 54395), ROLE (default
# analyst; ROLE=viewer makes the requests as a viewer, whose connection reads the generalised views: the viewer pass).
ROWS=${ROWS:-1000000}
WORK=${WORK:-/tmp/scale-bench}
PORT=${PORT:-8095}
DB_PORT=${DB_PORT:-54395}
JAR=${JAR:-backend/target/incident-mapper.jar}
ROLE=${ROLE:-analyst}
# the password may not contain the account name
if [ "$ROLE" = analyst ]; then AUTH="bench:quiet-machine-41-reruns"; else AUTH="bench$ROLE:quiet-machine-41-reruns"; fi
BASE="http://127.0.0.1:$PORT"
# no sample data: neither incidents nor the sample sites (which link to sample incidents)
DB_OPTS=(--mapper.db.port="$DB_PORT" --mapper.db.data-dir="$WORK/pgdata" --mapper.sample-data= --mapper.sites.dir=)

psql_() { PGPASSWORD=$(cat "$WORK/pgdata.password") psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U mapper -d incidents "$@"; }

# Starts the app (heap $1, default 512m; more app options after it) with ROWS synthetic incidents; stops it on exit.
start_app() {
  mkdir -p "$WORK"
  # an app left running on PORT would answer instead of this one (and the new one fail to bind): measure nothing
  if curl -s -o /dev/null --max-time 2 "$BASE/api/config"; then echo "something already answers on $BASE: stop it first"; exit 1; fi
  [ -f "$JAR" ] || mvn -q -B --no-transfer-progress -DskipTests package
  MAPPER_ACCOUNT_PASSWORD="${AUTH#*:}" java -jar "$JAR" --spring.main.web-application-type=none "${DB_OPTS[@]}" \
    --mapper.create-account="${AUTH%%:*}" --mapper.create-account-role="$ROLE" >/dev/null 2>&1 || true
  java -Xmx"${1:-512m}" -jar "$JAR" --server.port="$PORT" "${DB_OPTS[@]}" "${@:2}" > "$WORK/app.log" 2>&1 &
  APP=$!
  trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do
    curl -sf -u "$AUTH" "$BASE/api/config" >/dev/null && break
    kill -0 $APP 2>/dev/null || { tail -30 "$WORK/app.log"; exit 1; }
    sleep 1
  done
  # requests carry a bearer token: HTTP Basic would spend a bcrypt hash of CPU on every request of the load
  TOKEN=$(curl -s -u "$AUTH" -X POST -H 'Content-Type: application/json' -d '{"name": "scale benchmark"}' \
    "$BASE/api/me/tokens" | grep -o '"token" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
  [ -n "$TOKEN" ] || { echo "could not make a bearer token for $AUTH"; exit 1; }
  local have
  have=$(psql_ -tAc "SELECT count(*) FROM incident WHERE starts_with(external_id, 'synthetic:')")
  if [ "$have" != "$ROWS" ]; then
    echo "Generating $ROWS synthetic incidents (have $have)…"
    [ "$have" = 0 ] || java -jar "$JAR" "${DB_OPTS[@]}" --mapper.generate=remove | grep -v INFO
    java -jar "$JAR" "${DB_OPTS[@]}" --mapper.generate="$ROWS" | grep -E "^Generated"
    psql_ -c "VACUUM ANALYZE incident" -c "VACUUM ANALYZE incident_month_count"
  fi
}

# load CLIENTS SECONDS URL...: each client requests the URLs in turn for SECONDS; prints one line per URL and a
# total: requests, errors (status not 200 or curl failure), p50/p95/p99/max seconds, largest response in bytes.
load() {
  load_distinct "$@"
}

# load_distinct CLIENTS SECONDS TEMPLATE...: as load, but request k (unique over clients and rounds)
# has @FROM@/@TO@ = a window of whole months no other request has (start 2016-01 + k mod 60 months, 1 + k / 60 mod
# 60 months long: 3,600 distinct) and @LIMIT@ = 3000 - k mod 1000; lines are summarised per template. Templates
# without placeholders are requested as they are (no dates computed: the clients share the app's 2 cores).
load_distinct() {
  local clients=$1 seconds=$2; shift 2
  local out="$WORK/load.$$"; rm -f "$out"
  local end=$(( $(date +%s) + seconds )) pids=() distinct=0
  [[ "$*" == *@* ]] && distinct=1
  for c in $(seq 1 "$clients"); do
    (
      round=0
      while [ "$(date +%s)" -lt "$end" ]; do
        k=$(( round * clients + c - 1 ))
        if [ "$distinct" = 1 ]; then
          a=$(( k % 60 )); b=$(( 1 + (k / 60) % 60 ))
          from=$(date -u -d "2016-01-01 +$a months" +%F); to=$(date -u -d "2016-01-01 +$((a + b)) months -1 day" +%F)
        fi
        for url in "$@"; do
          u=$url
          if [ "$distinct" = 1 ]; then u=${u//@FROM@/$from}; u=${u//@TO@/$to}; u=${u//@LIMIT@/$(( 3000 - k % 1000 ))}; fi
          curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -w "%{http_code} %{time_total} %{size_download} $url\n" "$BASE$u" \
            || echo "000 0 0 $url"
        done
        round=$((round + 1))
      done
    ) >> "$out.$c" &
    pids+=($!)
  done
  wait "${pids[@]}"
  cat "$out".* > "$out" && rm -f "$out".*
  summarise "$out" "$@"
}

summarise() {
  local file=$1; shift
  for url in "$@" ALL; do
    awk -v u="$url" 'u == "ALL" || $4 == u' "$file" | sort -k2,2g | awk -v u="$url" '
      { n++; if ($1 != "200") e++; t[n] = $2; if ($3 > big) big = $3 }
      function at(q,  k) { k = int(n * q); if (k < n * q) k++; if (k < 1) k = 1; return t[k] }
      END {
        if (n == 0) { printf "%-70s no requests\n", u; exit }
        printf "%-70s n=%d errors=%d p50=%.3f p95=%.3f p99=%.3f max=%.3f largest=%dB\n", u, n, e + 0,
          at(0.50), at(0.95), at(0.99), t[n], big }'
  done
}

machine() {
  echo "date $(date -u +%FT%TZ); $(nproc) cores; $(uptime | sed 's/.*load/load/'); rows $ROWS; role $ROLE"
}
