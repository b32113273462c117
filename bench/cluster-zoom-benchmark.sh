#!/usr/bin/env bash
# Issue 11 (e): single cluster requests at the zooms of the page's zoom into a dense area (12..16), one client,
# answer cache off (mapper.api.answer-cache-mb=0: every request is computed), so before/after compare the query
# paths. Views: a map's padded view at each zoom (0.12° × 0.07° at zoom 14, halved per zoom in) centred on Phnom
# Penh, Bavet and Poipet, and the fixed 0.12° × 0.07° box over Phnom Penh at every zoom; windows: none, 2016-2024,
# 2022, March 2023 (whole months: the summary's), and 5 Mar - 20 Apr 2022 (day-precise: counted from the incidents on
# every version, a control). Each URL REPEAT times (default 5); prints median and max ms and the answer's bytes.
# With OUT=dir every answer body is kept there (one file per URL), to compare two versions' answers with diff.
#
#   JAR=/tmp/jars/main.jar WORK=/tmp/x-1m PORT=8311 DB_PORT=29311 [ROLE=viewer] bench/cluster-zoom-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/scale-lib.sh
REPEAT=${REPEAT:-5}
start_app 512m --mapper.api.answer-cache-mb=0
machine
[ -z "${OUT:-}" ] || mkdir -p "$OUT"

view() {  # view LON LAT ZOOM: the padded view's bbox
  awk -v lon="$1" -v lat="$2" -v z="$3" 'BEGIN { w = 0.06 * 2 ^ (14 - z); h = 0.035 * 2 ^ (14 - z);
    printf "%.5f,%.5f,%.5f,%.5f", lon - w, lat - h, lon + w, lat + h }'
}

echo "| place | zoom | window | median ms | max ms | bytes |"
echo "|---|---|---|---|---|---|"
for place in "phnom-penh 104.91 11.555" "bavet 106.16 11.07" "poipet 102.57 13.66" "phnom-penh-fixed"; do
  set -- $place
  for zoom in 12 13 14 15 16; do
    if [ "$1" = phnom-penh-fixed ]; then bbox=104.85,11.52,104.97,11.59; else bbox=$(view "$2" "$3" "$zoom"); fi
    for window in "" "&from=2016-01-01&to=2024-12-31" "&from=2022-01-01&to=2022-12-31" "&from=2023-03-01&to=2023-03-31" \
        "&from=2022-03-05&to=2022-04-20"; do
      url="/api/incidents/clusters?zoom=$zoom&bbox=$bbox$window"
      times=()
      for _ in $(seq 1 "$REPEAT"); do
        body=/dev/null; [ -z "${OUT:-}" ] || body="$OUT/$(echo "$url" | tr -c 'A-Za-z0-9.,\n-' _)"
        read -r code t bytes < <(curl -s -o "$body" -H "Authorization: Bearer $TOKEN" \
          -w "%{http_code} %{time_total} %{size_download}\n" "$BASE$url")
        [ "$code" = 200 ] || { echo "HTTP $code for $url"; exit 1; }
        times+=("$t")
      done
      printf '%s\n' "${times[@]}" | sort -n | awk -v p="$1" -v z="$zoom" -v w="${window:-none}" -v b="$bytes" \
        '{ t[NR] = $1 * 1000 } END { printf "| %s | %d | %s | %.0f | %.0f | %d |\n", p, z, w, t[int((NR + 1) / 2)], t[NR], b }'
    done
  done
done
machine
