#!/usr/bin/env bash
# Issue 11, the viewer pass: what a viewer's map asks at ROWS synthetic incidents, as a viewer (role
# mapper_generalised: generalised views, the disclosure policy's cells for sensitive categories). Three loads, each
# for DURATION seconds: (1) the four map views of bench/map-views-scale-benchmark.sh (clusters; city z10 and country
# z7, one month and one year) with CLUSTER_CLIENTS (16) clients; (2) the tiles holding Phnom Penh at z5..z12,
# unfiltered and for 2022, with TILE_CLIENTS (4) clients (no tile cache: every request is built from the database);
# (3) the province endpoints and categories of bench/province-scale-benchmark.sh with PROVINCE_CLIENTS (8) clients.
#
#   WORK=/tmp/viewers-1m PORT=8103 DB_PORT=54103 DURATION=20 bench/viewer-scale-benchmark.sh
#   JAR=/tmp/before.jar …   # the same against another build (the cluster then runs that build's migrations)
#   SECTIONS=clusters APP_OPTS=--mapper.clusters.cache-entries=0 …   # only the clusters, none of them kept answers
# Section "provinces-uncached": the province endpoints again, every request with a window of whole months no other
# request had (load_distinct, scale-lib.sh), so no answer is kept for it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROLE=${ROLE:-viewer}
source bench/scale-lib.sh
DURATION=${DURATION:-20}
SECTIONS=${SECTIONS:-clusters tiles provinces provinces-uncached}
# shellcheck disable=SC2086  # APP_OPTS: app options, split on spaces
start_app 512m ${APP_OPTS:-}
CITY="bbox=104.6,11.4,105.2,11.75"
COUNTRY="bbox=99.5,8.5,110.5,16.5"
CLUSTERS=(
  "/api/incidents/clusters?zoom=10&$CITY&from=2022-03-01&to=2022-03-31"
  "/api/incidents/clusters?zoom=10&$CITY&from=2022-01-01&to=2022-12-31"
  "/api/incidents/clusters?zoom=7&$COUNTRY&from=2022-03-01&to=2022-03-31"
  "/api/incidents/clusters?zoom=7&$COUNTRY&from=2022-01-01&to=2022-12-31"
)
TILES=()
for z in 5 6 7 8 9 10 11 12; do
  xy=$(awk -v z="$z" 'BEGIN { lon = 104.92; lat = 11.56; pi = atan2(0, -1); n = 2 ^ z; r = lat * pi / 180
        printf "%d/%d", int((lon + 180) / 360 * n), int((1 - log(sin(r) / cos(r) + 1 / cos(r)) / pi) / 2 * n) }')
  TILES+=("/tiles/incidents/$z/$xy.mvt" "/tiles/incidents/$z/$xy.mvt?from=2022-01-01&to=2022-12-31")
done
PROVINCES=(
  "/api/provinces?geometry=false" "/api/provinces?geometry=false&from=2022-01-01&to=2022-12-31&category=raid,rescue"
  "/api/provinces/timeline?interval=month" "/api/provinces/timeline?interval=month&from=2020-01-01&to=2021-12-31"
  "/api/provinces/spread" "/api/categories"
)
machine
if [[ " $SECTIONS " == *" clusters "* ]]; then
  echo "== viewer clusters, ${CLUSTER_CLIENTS:-16} clients ${APP_OPTS:-}"
  load "${CLUSTER_CLIENTS:-16}" "$DURATION" "${CLUSTERS[@]}"
fi
if [[ " $SECTIONS " == *" tiles "* ]]; then
  echo "== viewer tiles z5..z12 at Phnom Penh, ${TILE_CLIENTS:-4} clients"
  load "${TILE_CLIENTS:-4}" "$DURATION" "${TILES[@]}"
fi
if [[ " $SECTIONS " == *" provinces "* ]]; then
  echo "== viewer province endpoints and categories, ${PROVINCE_CLIENTS:-8} clients"
  load "${PROVINCE_CLIENTS:-8}" "$DURATION" "${PROVINCES[@]}"
fi
if [[ " $SECTIONS " == *" provinces-uncached "* ]]; then
  echo "== viewer province endpoints uncached (a window no other request had), ${PROVINCE_CLIENTS:-8} clients"
  load_distinct "${PROVINCE_CLIENTS:-8}" "$DURATION" \
    "/api/provinces?geometry=false&from=@FROM@&to=@TO@" \
    "/api/provinces?geometry=false&from=@FROM@&to=@TO@&category=raid,rescue" \
    "/api/provinces/timeline?interval=month&from=@FROM@&to=@TO@" "/api/provinces/spread?from=@FROM@&to=@TO@"
fi
machine
