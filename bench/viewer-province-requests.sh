#!/usr/bin/env bash
# Issue 11, viewers' province endpoints and categories: one request per URL, twice, as a viewer, against an existing
# 1M cluster under $WORK (a copy of another developer's: its migrations may differ from this jar's, so Flyway's
# validation is off and applied migrations the jar lacks are ignored). Prints load, status, time, size and URL, and
# keeps each answer as $WORK/out-$LABEL-<hash>.json, so two jars' answers can be compared with cmp.
#
#   WORK=/tmp/viewerprov-1m PORT=8106 DB_PORT=54106 JAR=/tmp/viewers-after.jar LABEL=before bench/viewer-province-requests.sh
#   WORK=/tmp/viewerprov-1m PORT=8106 DB_PORT=54106 LABEL=after bench/viewer-province-requests.sh
set -u
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/viewerprov-1m}; PORT=${PORT:-8106}; DB_PORT=${DB_PORT:-54106}; BASE=http://127.0.0.1:$PORT
JAR=${JAR:-backend/target/incident-mapper.jar}; LABEL=${LABEL:-run}
AUTH="benchviewer:quiet-machine-41-reruns"
DB_OPTS=(--mapper.db.port="$DB_PORT" --mapper.db.data-dir="$WORK/pgdata" --mapper.sample-data= --mapper.sites.dir=
  --spring.flyway.validate-on-migrate=false "--spring.flyway.ignore-migration-patterns=*:missing")
MAPPER_ACCOUNT_PASSWORD="${AUTH#*:}" java -jar "$JAR" --spring.main.web-application-type=none "${DB_OPTS[@]}" \
    --mapper.create-account="${AUTH%%:*}" --mapper.create-account-role=viewer > "$WORK/create.log" 2>&1 || true
java -Xmx512m -jar "$JAR" --server.port="$PORT" "${DB_OPTS[@]}" > "$WORK/app-$LABEL.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf -u "$AUTH" "$BASE/api/config" >/dev/null && break
  kill -0 $APP 2>/dev/null || { tail -30 "$WORK/app-$LABEL.log"; exit 1; }
  sleep 1
done
TOKEN=$(curl -s -u "$AUTH" -X POST -H 'Content-Type: application/json' -d '{"name": "viewer province requests"}' \
  "$BASE/api/me/tokens" | grep -o '"token" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
for u in "/api/provinces?geometry=false" "/api/provinces?geometry=false&from=2022-01-01&to=2022-12-31&category=raid,rescue" \
  "/api/provinces/timeline?interval=month" "/api/provinces/timeline?interval=month&from=2020-01-01&to=2021-12-31" \
  "/api/provinces/spread" "/api/categories"; do
  for _ in 1 2; do
    out="$WORK/out-$LABEL-$(echo "$u" | md5sum | cut -c1-8).json"
    echo "load $(uptime | sed 's/.*load average: //') $(curl -s -o "$out" -H "Authorization: Bearer $TOKEN" \
      -w "%{http_code} %{time_total}s %{size_download}B" "$BASE$u") $u"
  done
done
