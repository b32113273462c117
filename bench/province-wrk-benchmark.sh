#!/usr/bin/env bash
# Issue 11 (c) measured with wrk instead of curl loops: the province endpoints uncached (every request a window of
# whole months no other request had) and text searches uncached (every request its own limit), CLIENTS (8)
# connections for DURATION (20) s each, one endpoint at a time (bench/distinct-windows.lua makes the URLs).
# Why beside province-scale-benchmark.sh: its clients are bash loops that fork curl and date for every request, on
# the same 2 cores as the app and the database; wrk is one process on epoll, so the server gets the CPU the
# loops took. Both are reported. Needs wrk (Debian package wrk: ./mapper deps does not install it).
#
#   WORK=/tmp/bench1m bench/province-wrk-benchmark.sh
#   WORK=/tmp/bench1m ROLE=viewer ONLY=provinces bench/province-wrk-benchmark.sh   # a viewer's province endpoints
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-20}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
# shellcheck disable=SC2086
start_app 512m ${APP_OPTS:-}
machine
PROVINCE_PATHS=("/api/provinces?geometry=false&from=@FROM@&to=@TO@"
  "/api/provinces?geometry=false&from=@FROM@&to=@TO@&category=raid,rescue"
  "/api/provinces/timeline?interval=month&from=@FROM@&to=@TO@" "/api/provinces/spread?from=@FROM@&to=@TO@")
SEARCH_PATHS=("/api/incidents?view=map&limit=@LIMIT@&q=Kompong"
  "/api/incidents?view=map&limit=@LIMIT@&q=%E1%9E%94%E1%9E%B6%E1%9E%9C%E1%9E%B7%E1%9E%8F"
  "/api/incidents?view=map&limit=@LIMIT@&q=%E0%B8%9E%E0%B8%99%E0%B8%A1%E0%B9%80%E0%B8%9B%E0%B8%8D"
  "/api/incidents?view=map&limit=@LIMIT@&q=%E8%A5%BF%E5%93%88%E5%8A%AA%E5%85%8B")
# ONLY=provinces or ONLY=search runs one of the two groups (default: both)
case "${ONLY:-}" in
  provinces) PATHS=("${PROVINCE_PATHS[@]}") ;;
  search) PATHS=("${SEARCH_PATHS[@]}") ;;
  *) PATHS=("${PROVINCE_PATHS[@]}" "${SEARCH_PATHS[@]}") ;;
esac
for path in "${PATHS[@]}"; do
  printf '%-70s ' "$path"
  wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --timeout 30s -s bench/distinct-windows.lua \
    -H "Authorization: Bearer $TOKEN" "$BASE" -- "$path" | tail -1
done
machine
