#!/usr/bin/env bash
# Issue 11 (e): the map page in headless Chromium (Debian chromium + chromedriver, the browser tests' flags) at ROWS
# synthetic incidents: time to the first markers or clusters drawn, pan and zoom redraws, long tasks. The timing is
# done by the page itself (User Timing marks set by incident-loader.js, PerformanceObserver for 'longtask'); the
# driver is backend/src/test/java/org/incidentmapper/map/MapPageBenchmark.java (not part of either test tier).
# Targets: first draw < 1500 ms after navigation start, redraw < 300 ms after the map's moveend, no task > 200 ms.
#
#   bench/page-benchmark.sh                       # ROWS=1000000 ROUNDS=3; ROWS=200000 for a quicker check
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
ROUNDS=${ROUNDS:-3}
start_app 512m
machine
mvn -o -q -B --no-transfer-progress test -Dtest=MapPageBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.base="$BASE" -Dbench.user="${AUTH%%:*}" -Dbench.password="${AUTH#*:}" -Dbench.rounds="$ROUNDS" \
  | sed -n '/^| round/,/^end of the page benchmark/p'
machine
