#!/usr/bin/env bash
# Regenerates admin1.geojson: admin-1 boundaries (provinces/states/regions) for
# Cambodia, Thailand, Laos, Myanmar, Vietnam, the Philippines and Malaysia.
#
# Source : Natural Earth 1:10m "Admin 1 - States, Provinces" v4.1.0 (public domain),
#          generalized copy shipped by Debian's qgis-common package as
#          /usr/share/qgis/resources/data/world_map.gpkg, layer states_provinces.
# Needs  : gdal-bin (ogr2ogr, built with GEOS + SpatiaLite, as in Debian), qgis-common.
# Usage  : bash data/boundaries/extract.sh [OUTPUT.geojson]   (default: admin1.geojson next to this script)
#
# That gpkg copy keeps only iso_a2, name, fips, woe_label, woe_name, sov_a3, adm0_a3,
# admin, gu_a3 and gn_name: Natural Earth's iso_3166_2, adm1_code, type_en and name_local
# columns were dropped by the QGIS packagers. The ISO 3166-2 codes and the other output
# fields therefore come from the LOOKUP table below, keyed on (adm0_a3, name, gn_name),
# which was built by matching every feature against ISO 3166-2 as shipped in Debian's
# iso-codes 4.15.0 (see README.md). The script fails if any source feature is not in the
# table, if any table row matches no feature, or if a code is duplicated, so a changed
# source is caught instead of silently producing features without codes.
set -euo pipefail

SRC=${WORLD_MAP_GPKG:-/usr/share/qgis/resources/data/world_map.gpkg}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE/admin1.geojson}
COUNTRIES="'KHM','LAO','MMR','MYS','PHL','THA','VNM'"

die() { echo "extract.sh: ERROR: $*" >&2; exit 1; }

[[ -f "$SRC" ]] || die "Natural Earth source not found: $SRC
  It is shipped by Debian's qgis-common package. Install it with:
      apt-get install qgis-common"
command -v ogr2ogr >/dev/null 2>&1 || die "ogr2ogr not found. Install it with: apt-get install gdal-bin"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- lookup table: one row per Natural Earth feature ---------------------------------
# country     ISO 3166-1 alpha-3 (Natural Earth adm0_a3; identical to ISO for these 7)
# ne_name, ne_gn_name   join key = Natural Earth `name` and `gn_name` ('' when null)
# code        ISO 3166-2 code; for Philippine cities that have no ISO 3166-2 code a
#             fallback PH-X-<NAME> (code_status = fallback)
# parent_code Philippines only: ISO 3166-2 region the feature belongs to
cat > "$TMP/lookup.csv" <<'LOOKUP'
"country","ne_name","ne_gn_name","code","code_status","parent_code","name","name_local","name_iso","type_en"
"KHM","Bântéay Méanchey","Khett Banteay Mean Choay","KH-1","iso","","Banteay Meanchey","","Banteay Mean Choăy","Province"
"KHM","Krâchéh","Khett Kracheh","KH-10","iso","","Kratie","","Kracheh","Province"
"KHM","Môndól Kiri","Khett Mondol Kiri","KH-11","iso","","Mondulkiri","","Mondol Kiri","Province"
"KHM","Phnom Penh","Phnum Penh","KH-12","iso","","Phnom Penh","","Phnom Penh","Autonomous municipality"
"KHM","Preah Vihéar","Khett Preah Vihear","KH-13","iso","","Preah Vihear","","Preah Vihear","Province"
"KHM","Prey Vêng","Khett Prey Veng","KH-14","iso","","Prey Veng","","Prey Veaeng","Province"
"KHM","Pouthisat","Khett Pouthisat","KH-15","iso","","Pursat","","Pousaat","Province"
"KHM","Rôtânôkiri","Khett Rotanokiri","KH-16","iso","","Ratanakiri","","Rotanak Kiri","Province"
"KHM","Siemréab","Khett Siem Reab","KH-17","iso","","Siem Reap","","Siem Reab","Province"
"KHM","Krong Preah Sihanouk","Khett Preah Seihanu","KH-18","iso","","Preah Sihanouk","","Preah Sihanouk","Province"
"KHM","Stœng Trêng","Khett Stoeng Treng","KH-19","iso","","Stung Treng","","Stoĕng Trêng","Province"
"KHM","Batdâmbâng","Khett Batdambang","KH-2","iso","","Battambang","","Baat Dambang","Province"
"KHM","Svay Rieng","Khett Svay Rieng","KH-20","iso","","Svay Rieng","","Svaay Rieng","Province"
"KHM","Takêv","Khett Takev","KH-21","iso","","Takeo","","Taakaev","Province"
"KHM","Otdar Mean Chey","Otar Meanchey","KH-22","iso","","Oddar Meanchey","","Otdar Mean Chey","Province"
"KHM","Kep","Keb","KH-23","iso","","Kep","","Kaeb","Province"
"KHM","Krong Pailin","Pailin","KH-24","iso","","Pailin","","Pailin","Province"
"KHM","Kâmpóng Cham","Khett Kampong Cham","KH-3","iso","","Kampong Cham","","Kampong Chaam","Province"
"KHM","Kâmpóng Chhnang","Khett Kampong Chhnang","KH-4","iso","","Kampong Chhnang","","Kampong Chhnang","Province"
"KHM","Kâmpóng Spœ","Khett Kampong Spoe","KH-5","iso","","Kampong Speu","","Kampong Spueu","Province"
"KHM","Kâmpóng Thum","Khett Kampong Thum","KH-6","iso","","Kampong Thom","","Kampong Thum","Province"
"KHM","Kâmpôt","Khett Kampot","KH-7","iso","","Kampot","","Kampot","Province"
"KHM","Kândal","Khett Kandal","KH-8","iso","","Kandal","","Kandaal","Province"
"KHM","Kaôh Kong","Khett Kaoh Kong","KH-9","iso","","Koh Kong","","Kaoh Kong","Province"
"LAO","Attapu","Attapu","LA-AT","iso","","Attapeu","","Attapu","Province"
"LAO","Bokeo","Khoueng Bokeo","LA-BK","iso","","Bokeo","","Bokèo","Province"
"LAO","Bolikhamxai","Bolikhamxai","LA-BL","iso","","Bolikhamsai","","Bolikhamxai","Province"
"LAO","Champasak","Champasak","LA-CH","iso","","Champasak","","Champasak","Province"
"LAO","Houaphan","Houaphan","LA-HO","iso","","Houaphanh","","Houaphan","Province"
"LAO","Khammouan","Khammouan","LA-KH","iso","","Khammouane","","Khammouan","Province"
"LAO","Louang Namtha","Louangnamtha","LA-LM","iso","","Luang Namtha","","Louang Namtha","Province"
"LAO","Louangphrabang","Luang Prabang Province","LA-LP","iso","","Luang Prabang","","Louangphabang","Province"
"LAO","Oudômxai","Khoueng Oudomxai","LA-OU","iso","","Oudomxay","","Oudômxai","Province"
"LAO","Phôngsali","Khoueng Phongsali","LA-PH","iso","","Phongsaly","","Phôngsali","Province"
"LAO","Saravan","Salavan","LA-SL","iso","","Salavan","","Salavan","Province"
"LAO","Savannakhét","Khoueng Savannakhet","LA-SV","iso","","Savannakhet","","Savannakhét","Province"
"LAO","Vientiane","Viangchan","LA-VI","iso","","Vientiane Province","","Viangchan","Province"
"LAO","Vientiane [prefecture]","Viangchan","LA-VT","iso","","Vientiane Prefecture","","Viangchan","Prefecture"
"LAO","Xaignabouri","Xaignabouli","LA-XA","iso","","Sainyabuli","","Xaignabouli","Province"
"LAO","Xékong","Khoueng Xekong","LA-XE","iso","","Sekong","","Xékong","Province"
"LAO","Xiangkhoang","Xiangkhouang","LA-XI","iso","","Xiangkhouang","","Xiangkhouang","Province"
"MMR","Sagaing","Sagaing Division","MM-01","iso","","Sagaing","","Sagaing","Region"
"MMR","Bago","Bago Division","MM-02","iso","","Bago","","Bago","Region"
"MMR","Magway","Magway Division","MM-03","iso","","Magway","","Magway","Region"
"MMR","Mandalay","Mandalay Division","MM-04","iso","","Mandalay","","Mandalay","Region"
"MMR","Tanintharyi","Tanintharyi Division","MM-05","iso","","Tanintharyi","","Tanintharyi","Region"
"MMR","Yangon","Yangon Division","MM-06","iso","","Yangon","","Yangon","Region"
"MMR","Ayeyarwady","Ayeyarwady Division","MM-07","iso","","Ayeyarwady","","Ayeyarwady","Region"
"MMR","Kachin","Kachin State","MM-11","iso","","Kachin","","Kachin","State"
"MMR","Kayah","Kayah State","MM-12","iso","","Kayah","","Kayah","State"
"MMR","Kayin","Kayin State","MM-13","iso","","Kayin","","Kayin","State"
"MMR","Chin","Chin State","MM-14","iso","","Chin","","Chin","State"
"MMR","Mon","Mon State","MM-15","iso","","Mon","","Mon","State"
"MMR","Rakhine","Rakhine State","MM-16","iso","","Rakhine","","Rakhine","State"
"MMR","Shan","Shan State","MM-17","iso","","Shan","","Shan","State"
"MYS","Johor","Johor","MY-01","iso","","Johor","Johor","Johor","State"
"MYS","Kedah","Kedah","MY-02","iso","","Kedah","Kedah","Kedah","State"
"MYS","Kelantan","Kelantan","MY-03","iso","","Kelantan","Kelantan","Kelantan","State"
"MYS","Melaka","Melaka","MY-04","iso","","Melaka","Melaka","Melaka","State"
"MYS","Negeri Sembilan","Negeri Sembilan","MY-05","iso","","Negeri Sembilan","Negeri Sembilan","Negeri Sembilan","State"
"MYS","Pahang","Pahang","MY-06","iso","","Pahang","Pahang","Pahang","State"
"MYS","Pulau Pinang","Pulau Pinang","MY-07","iso","","Penang","Pulau Pinang","Pulau Pinang","State"
"MYS","Perak","Perak","MY-08","iso","","Perak","Perak","Perak","State"
"MYS","Perlis","Perlis","MY-09","iso","","Perlis","Perlis","Perlis","State"
"MYS","Selangor","Selangor","MY-10","iso","","Selangor","Selangor","Selangor","State"
"MYS","Trengganu","Terengganu","MY-11","iso","","Terengganu","Terengganu","Terengganu","State"
"MYS","Sabah","Sabah","MY-12","iso","","Sabah","Sabah","Sabah","State"
"MYS","Sarawak","Sarawak","MY-13","iso","","Sarawak","Sarawak","Sarawak","State"
"MYS","Kuala Lumpur","Kuala Lumpur","MY-14","iso","","Kuala Lumpur","Wilayah Persekutuan Kuala Lumpur","Wilayah Persekutuan Kuala Lumpur","Federal territory"
"MYS","Labuan","Labuan","MY-15","iso","","Labuan","Wilayah Persekutuan Labuan","Wilayah Persekutuan Labuan","Federal territory"
"MYS","Putrajaya","Putrajaya","MY-16","iso","","Putrajaya","Wilayah Persekutuan Putrajaya","Wilayah Persekutuan Putrajaya","Federal territory"
"PHL","Abra","Province of Abra","PH-ABR","iso","PH-15","Abra","Abra","Abra","Province"
"PHL","Agusan del Norte","Province of Agusan del Norte","PH-AGN","iso","PH-13","Agusan del Norte","Agusan del Norte","Agusan del Norte","Province"
"PHL","Agusan del Sur","Province of Agusan del Sur","PH-AGS","iso","PH-13","Agusan del Sur","Agusan del Sur","Agusan del Sur","Province"
"PHL","Aklan","Province of Aklan","PH-AKL","iso","PH-06","Aklan","Aklan","Aklan","Province"
"PHL","Albay","Province of Albay","PH-ALB","iso","PH-05","Albay","Albay","Albay","Province"
"PHL","Antique","Province of Antique","PH-ANT","iso","PH-06","Antique","Antique","Antique","Province"
"PHL","Apayao","Apayao","PH-APA","iso","PH-15","Apayao","Apayao","Apayao","Province"
"PHL","Aurora","Province of Aurora","PH-AUR","iso","PH-03","Aurora","Aurora","Aurora","Province"
"PHL","Bataan","Province of Bataan","PH-BAN","iso","PH-03","Bataan","Bataan","Bataan","Province"
"PHL","Basilan","Province of Basilan","PH-BAS","iso","PH-09","Basilan","Basilan","Basilan","Province"
"PHL","Benguet","Province of Benguet","PH-BEN","iso","PH-15","Benguet","Benguet","Benguet","Province"
"PHL","Biliran","Biliran","PH-BIL","iso","PH-08","Biliran","Biliran","Biliran","Province"
"PHL","Bohol","Province of Bohol","PH-BOH","iso","PH-07","Bohol","Bohol","Bohol","Province"
"PHL","Batangas","Province of Batangas","PH-BTG","iso","PH-40","Batangas","Batangas","Batangas","Province"
"PHL","Batanes","Province of Batanes","PH-BTN","iso","PH-02","Batanes","Batanes","Batanes","Province"
"PHL","Bukidnon","Province of Bukidnon","PH-BUK","iso","PH-10","Bukidnon","Bukidnon","Bukidnon","Province"
"PHL","Bulacan","Province of Bulacan","PH-BUL","iso","PH-03","Bulacan","Bulacan","Bulacan","Province"
"PHL","Cagayan","Province of Cagayan","PH-CAG","iso","PH-02","Cagayan","Cagayan","Cagayan","Province"
"PHL","Camiguin","Province of Camiguin","PH-CAM","iso","PH-10","Camiguin","Camiguin","Camiguin","Province"
"PHL","Camarines Norte","Province of Camarines Norte","PH-CAN","iso","PH-05","Camarines Norte","Camarines Norte","Camarines Norte","Province"
"PHL","Capiz","Province of Capiz","PH-CAP","iso","PH-06","Capiz","Capiz","Capiz","Province"
"PHL","Camarines Sur","Province of Camarines Sur","PH-CAS","iso","PH-05","Camarines Sur","Camarines Sur","Camarines Sur","Province"
"PHL","Catanduanes","Province of Catanduanes","PH-CAT","iso","PH-05","Catanduanes","Catanduanes","Catanduanes","Province"
"PHL","Cavite","Province of Cavite","PH-CAV","iso","PH-40","Cavite","Cavite","Cavite","Province"
"PHL","Cebu","Province of Cebu","PH-CEB","iso","PH-07","Cebu","Cebu","Cebu","Province"
"PHL","Compostela Valley","Compostela","PH-COM","iso","PH-11","Davao de Oro","Davao de Oro","Davao de Oro","Province"
"PHL","Davao Oriental","Province of Davao Oriental","PH-DAO","iso","PH-11","Davao Oriental","Davao Oriental","Davao Oriental","Province"
"PHL","Davao del Sur","Province of Davao del Sur","PH-DAS","iso","PH-11","Davao del Sur","Davao del Sur","Davao del Sur","Province"
"PHL","Davao del Norte","Province of Davao del Norte","PH-DAV","iso","PH-11","Davao del Norte","Davao del Norte","Davao del Norte","Province"
"PHL","Eastern Samar","Province of Eastern Samar","PH-EAS","iso","PH-08","Eastern Samar","Eastern Samar","Eastern Samar","Province"
"PHL","Guimaras","Province of Guimaras","PH-GUI","iso","PH-06","Guimaras","Guimaras","Guimaras","Province"
"PHL","Ifugao","Province of Ifugao","PH-IFU","iso","PH-15","Ifugao","Ifugao","Ifugao","Province"
"PHL","Iloilo","Province of Iloilo","PH-ILI","iso","PH-06","Iloilo","Iloilo","Iloilo","Province"
"PHL","Ilocos Norte","Province of Ilocos Norte","PH-ILN","iso","PH-01","Ilocos Norte","Ilocos Norte","Ilocos Norte","Province"
"PHL","Ilocos Sur","Province of Ilocos Sur","PH-ILS","iso","PH-01","Ilocos Sur","Ilocos Sur","Ilocos Sur","Province"
"PHL","Isabela","Province of Isabela","PH-ISA","iso","PH-02","Isabela","Isabela","Isabela","Province"
"PHL","Kalinga","Kalinga","PH-KAL","iso","PH-15","Kalinga","Kalinga","Kalinga","Province"
"PHL","Laguna","Province of Laguna","PH-LAG","iso","PH-40","Laguna","Laguna","Laguna","Province"
"PHL","Lanao del Norte","Province of Lanao del Norte","PH-LAN","iso","PH-12","Lanao del Norte","Lanao del Norte","Lanao del Norte","Province"
"PHL","Lanao del Sur","Province of Lanao del Sur","PH-LAS","iso","PH-14","Lanao del Sur","Lanao del Sur","Lanao del Sur","Province"
"PHL","Leyte","Province of Leyte","PH-LEY","iso","PH-08","Leyte","Leyte","Leyte","Province"
"PHL","La Union","Province of La Union","PH-LUN","iso","PH-01","La Union","La Union","La Union","Province"
"PHL","Marinduque","Province of Marinduque","PH-MAD","iso","PH-41","Marinduque","Marinduque","Marinduque","Province"
"PHL","Maguindanao","Province of Maguindanao","PH-MAG","iso","PH-14","Maguindanao","Maguindanao","Maguindanao","Province"
"PHL","Masbate","Province of Masbate","PH-MAS","iso","PH-05","Masbate","Masbate","Masbate","Province"
"PHL","Mindoro Occidental","Province of Mindoro Oriental","PH-MDC","iso","PH-41","Occidental Mindoro","Mindoro Occidental","Mindoro Occidental","Province"
"PHL","Mindoro Oriental","Province of Mindoro Oriental","PH-MDR","iso","PH-41","Oriental Mindoro","Mindoro Oriental","Mindoro Oriental","Province"
"PHL","Mountain Province","Mountain Province","PH-MOU","iso","PH-15","Mountain Province","Mountain Province","Mountain Province","Province"
"PHL","Misamis Occidental","Province of Misamis Occidental","PH-MSC","iso","PH-10","Misamis Occidental","Misamis Occidental","Misamis Occidental","Province"
"PHL","Misamis Oriental","Province of Misamis Oriental","PH-MSR","iso","PH-10","Misamis Oriental","Misamis Oriental","Misamis Oriental","Province"
"PHL","Cotabato","Province of North Cotabato","PH-NCO","iso","PH-12","Cotabato","Cotabato","Cotabato","Province"
"PHL","Negros Occidental","Province of Negros Occidental","PH-NEC","iso","PH-06","Negros Occidental","Negros Occidental","Negros Occidental","Province"
"PHL","Negros Oriental","Province of Negros Oriental","PH-NER","iso","PH-07","Negros Oriental","Negros Oriental","Negros Oriental","Province"
"PHL","Northern Samar","Province of Northern Samar","PH-NSA","iso","PH-08","Northern Samar","Northern Samar","Northern Samar","Province"
"PHL","Nueva Ecija","Province of Nueva Ecija","PH-NUE","iso","PH-03","Nueva Ecija","Nueva Ecija","Nueva Ecija","Province"
"PHL","Nueva Vizcaya","Province of Nueva Vizcaya","PH-NUV","iso","PH-02","Nueva Vizcaya","Nueva Vizcaya","Nueva Vizcaya","Province"
"PHL","Pampanga","Province of Pampanga","PH-PAM","iso","PH-03","Pampanga","Pampanga","Pampanga","Province"
"PHL","Pangasinan","San Carlos City","PH-PAN","iso","PH-01","Pangasinan","Pangasinan","Pangasinan","Province"
"PHL","Palawan","Province of Palawan","PH-PLW","iso","PH-41","Palawan","Palawan","Palawan","Province"
"PHL","Quezon","Province of Quezon","PH-QUE","iso","PH-40","Quezon","Quezon","Quezon","Province"
"PHL","Quirino","Province of Quirino","PH-QUI","iso","PH-02","Quirino","Quirino","Quirino","Province"
"PHL","Rizal","Province of Rizal","PH-RIZ","iso","PH-40","Rizal","Rizal","Rizal","Province"
"PHL","Romblon","Province of Romblon","PH-ROM","iso","PH-41","Romblon","Romblon","Romblon","Province"
"PHL","Sarangani","Province of Sarangani","PH-SAR","iso","PH-11","Sarangani","Sarangani","Sarangani","Province"
"PHL","South Cotabato","Province of South Cotabato","PH-SCO","iso","PH-11","South Cotabato","South Cotabato","South Cotabato","Province"
"PHL","Siquijor","Province of Siquijor","PH-SIG","iso","PH-07","Siquijor","Siquijor","Siquijor","Province"
"PHL","Southern Leyte","Province of Southern Leyte","PH-SLE","iso","PH-08","Southern Leyte","Southern Leyte","Southern Leyte","Province"
"PHL","Sulu","Province of Sulu","PH-SLU","iso","PH-14","Sulu","Sulu","Sulu","Province"
"PHL","Sorsogon","Province of Sorsogon","PH-SOR","iso","PH-05","Sorsogon","Sorsogon","Sorsogon","Province"
"PHL","Sultan Kudarat","Province of Sultan Kudarat","PH-SUK","iso","PH-12","Sultan Kudarat","Sultan Kudarat","Sultan Kudarat","Province"
"PHL","Surigao del Norte","Province of Surigao del Norte","PH-SUN","iso","PH-13","Surigao del Norte","Surigao del Norte","Surigao del Norte","Province"
"PHL","Surigao del Sur","Province of Surigao del Sur","PH-SUR","iso","PH-13","Surigao del Sur","Surigao del Sur","Surigao del Sur","Province"
"PHL","Tarlac","Province of Tarlac","PH-TAR","iso","PH-03","Tarlac","Tarlac","Tarlac","Province"
"PHL","Tawi-Tawi","Province of Tawi-Tawi","PH-TAW","iso","PH-14","Tawi-Tawi","Tawi-Tawi","Tawi-Tawi","Province"
"PHL","Samar","Province of Samar","PH-WSA","iso","PH-08","Samar","Samar","Samar","Province"
"PHL","Angeles","","PH-X-ANGELES","fallback","PH-03","Angeles","Angeles","","Highly urbanized city"
"PHL","Bacolod","","PH-X-BACOLOD","fallback","PH-06","Bacolod","Bacolod","","Highly urbanized city"
"PHL","Baguio","Baguio City","PH-X-BAGUIO","fallback","PH-15","Baguio","Baguio","","Highly urbanized city"
"PHL","Butuan","Butuan City","PH-X-BUTUAN","fallback","PH-13","Butuan","Butuan","","Highly urbanized city"
"PHL","Cagayan de Oro","Chartered City of Cagayan de Oro","PH-X-CAGAYAN-DE-ORO","fallback","PH-10","Cagayan de Oro","Cagayan de Oro","","Highly urbanized city"
"PHL","Caloocan","Caloocan City","PH-X-CALOOCAN","fallback","PH-00","Caloocan","Caloocan","","Highly urbanized city"
"PHL","Cebu","Cebu City","PH-X-CEBU-CITY","fallback","PH-07","Cebu City","Cebu City","","Highly urbanized city"
"PHL","Cotabato","Cotabato City","PH-X-COTABATO-CITY","fallback","PH-14","Cotabato City","Cotabato City","","Independent component city"
"PHL","Dagupan","Dagupan City","PH-X-DAGUPAN","fallback","PH-01","Dagupan","Dagupan","","Independent component city"
"PHL","Davao","Davao City","PH-X-DAVAO-CITY","fallback","PH-11","Davao City","Davao City","","Highly urbanized city"
"PHL","General Santos","General Santos City","PH-X-GENERAL-SANTOS","fallback","PH-12","General Santos","General Santos","","Highly urbanized city"
"PHL","Iligan","","PH-X-ILIGAN","fallback","PH-10","Iligan","Iligan","","Highly urbanized city"
"PHL","Iloilo","Iloilo City","PH-X-ILOILO-CITY","fallback","PH-06","Iloilo City","Iloilo City","","Highly urbanized city"
"PHL","Lapu-Lapu","Lapu-Lapu City","PH-X-LAPU-LAPU","fallback","PH-07","Lapu-Lapu","Lapu-Lapu","","Highly urbanized city"
"PHL","Las Pinas","","PH-X-LAS-PINAS","fallback","PH-00","Las Piñas","Las Piñas","","Highly urbanized city"
"PHL","Lucena","","PH-X-LUCENA","fallback","PH-40","Lucena","Lucena","","Highly urbanized city"
"PHL","Makati","Makati City","PH-X-MAKATI","fallback","PH-00","Makati","Makati","","Highly urbanized city"
"PHL","Malabon","Caloocan City","PH-X-MALABON","fallback","PH-00","Malabon","Malabon","","Highly urbanized city"
"PHL","Mandaluyong City","Mandaluyong","PH-X-MANDALUYONG","fallback","PH-00","Mandaluyong","Mandaluyong","","Highly urbanized city"
"PHL","Mandaue","Mandaue City","PH-X-MANDAUE","fallback","PH-07","Mandaue","Mandaue","","Highly urbanized city"
"PHL","Manila","City of Manila","PH-X-MANILA","fallback","PH-00","Manila","Manila","","Highly urbanized city"
"PHL","Marikina","Marikina","PH-X-MARIKINA","fallback","PH-00","Marikina","Marikina","","Highly urbanized city"
"PHL","Muntinlupa","","PH-X-MUNTINLUPA","fallback","PH-00","Muntinlupa","Muntinlupa","","Highly urbanized city"
"PHL","Naga","Naga City","PH-X-NAGA","fallback","PH-05","Naga","Naga","","Independent component city"
"PHL","Navotas","","PH-X-NAVOTAS","fallback","PH-00","Navotas","Navotas","","Highly urbanized city"
"PHL","Olongapo","Olongapo City","PH-X-OLONGAPO","fallback","PH-03","Olongapo","Olongapo","","Highly urbanized city"
"PHL","Ormoc","Ormoc City","PH-X-ORMOC","fallback","PH-08","Ormoc","Ormoc","","Independent component city"
"PHL","Paranaque","","PH-X-PARANAQUE","fallback","PH-00","Parañaque","Parañaque","","Highly urbanized city"
"PHL","Pasay","Pasay City","PH-X-PASAY","fallback","PH-00","Pasay","Pasay","","Highly urbanized city"
"PHL","Pasig","Pasig","PH-X-PASIG","fallback","PH-00","Pasig","Pasig","","Highly urbanized city"
"PHL","Pateros","","PH-X-PATEROS","fallback","PH-00","Pateros","Pateros","","Municipality"
"PHL","Puerto Princesa","Puerto Princesa City","PH-X-PUERTO-PRINCESA","fallback","PH-41","Puerto Princesa","Puerto Princesa","","Highly urbanized city"
"PHL","Quezon City","Quezon City","PH-X-QUEZON-CITY","fallback","PH-00","Quezon City","Quezon City","","Highly urbanized city"
"PHL","San Juan","San Juan","PH-X-SAN-JUAN","fallback","PH-00","San Juan","San Juan","","Highly urbanized city"
"PHL","Santiago","","PH-X-SANTIAGO","fallback","PH-02","Santiago","Santiago","","Independent component city"
"PHL","Tacloban","Tacloban City","PH-X-TACLOBAN","fallback","PH-08","Tacloban","Tacloban","","Highly urbanized city"
"PHL","Taguig","","PH-X-TAGUIG","fallback","PH-00","Taguig","Taguig","","Highly urbanized city"
"PHL","Valenzuela","","PH-X-VALENZUELA","fallback","PH-00","Valenzuela","Valenzuela","","Highly urbanized city"
"PHL","Zamboanga","Zamboanga City","PH-X-ZAMBOANGA-CITY","fallback","PH-09","Zamboanga City","Zamboanga City","","Highly urbanized city"
"PHL","Zamboanga del Norte","Province of Zamboanga del Norte","PH-ZAN","iso","PH-09","Zamboanga del Norte","Zamboanga del Norte","Zamboanga del Norte","Province"
"PHL","Zamboanga del Sur","Province of  Zamboanga del Sur","PH-ZAS","iso","PH-09","Zamboanga del Sur","Zamboanga del Sur","Zamboanga del Sur","Province"
"PHL","Zambales","Province of Zambales","PH-ZMB","iso","PH-03","Zambales","Zambales","Zambales","Province"
"PHL","Zamboanga Sibugay","Province of Zamboanga Sibugay","PH-ZSI","iso","PH-09","Zamboanga Sibugay","Zamboanga Sibugay","Zamboanga Sibugay","Province"
"THA","Bangkok Metropolis","Krung Thep Mahanakhon","TH-10","iso","","Bangkok","กรุงเทพมหานคร","Krung Thep Maha Nakhon","Metropolitan administration"
"THA","Samut Prakan","Changwat Samut Prakan","TH-11","iso","","Samut Prakan","สมุทรปราการ","Samut Prakan","Province"
"THA","Nonthaburi","Changwat Nonthaburi","TH-12","iso","","Nonthaburi","นนทบุรี","Nonthaburi","Province"
"THA","Pathum Thani","Changwat Pathum Thani","TH-13","iso","","Pathum Thani","ปทุมธานี","Pathum Thani","Province"
"THA","Phra Nakhon Si Ayutthaya","Changwat Phra Nakhon Si Ayutthaya","TH-14","iso","","Phra Nakhon Si Ayutthaya","พระนครศรีอยุธยา","Phra Nakhon Si Ayutthaya","Province"
"THA","Ang Thong","Changwat Ang Thong","TH-15","iso","","Ang Thong","อ่างทอง","Ang Thong","Province"
"THA","Lop Buri","Changwat Lop Buri","TH-16","iso","","Lop Buri","ลพบุรี","Lop Buri","Province"
"THA","Sing Buri","Changwat Sing Buri","TH-17","iso","","Sing Buri","สิงห์บุรี","Sing Buri","Province"
"THA","Chai Nat","Changwat Chai Nat","TH-18","iso","","Chai Nat","ชัยนาท","Chai Nat","Province"
"THA","Saraburi","Changwat Sara Buri","TH-19","iso","","Saraburi","สระบุรี","Saraburi","Province"
"THA","Chon Buri","Changwat Chon Buri","TH-20","iso","","Chon Buri","ชลบุรี","Chon Buri","Province"
"THA","Rayong","Changwat Rayong","TH-21","iso","","Rayong","ระยอง","Rayong","Province"
"THA","Chanthaburi","Changwat Chanthaburi","TH-22","iso","","Chanthaburi","จันทบุรี","Chanthaburi","Province"
"THA","Trat","Changwat Trat","TH-23","iso","","Trat","ตราด","Trat","Province"
"THA","Chachoengsao","Changwat Chachoengsao","TH-24","iso","","Chachoengsao","ฉะเชิงเทรา","Chachoengsao","Province"
"THA","Prachin Buri","Changwat Prachin Buri","TH-25","iso","","Prachin Buri","ปราจีนบุรี","Prachin Buri","Province"
"THA","Nakhon Nayok","Changwat Nakhon Nayok","TH-26","iso","","Nakhon Nayok","นครนายก","Nakhon Nayok","Province"
"THA","Sa Kaeo","Changwat Sa Kaeo","TH-27","iso","","Sa Kaeo","สระแก้ว","Sa Kaeo","Province"
"THA","Nakhon Ratchasima","Changwat Nakhon Ratchasima","TH-30","iso","","Nakhon Ratchasima","นครราชสีมา","Nakhon Ratchasima","Province"
"THA","Buri Ram","Changwat Buriram","TH-31","iso","","Buri Ram","บุรีรัมย์","Buri Ram","Province"
"THA","Surin","Changwat Surin","TH-32","iso","","Surin","สุรินทร์","Surin","Province"
"THA","Si Sa Ket","Changwat Sisaket","TH-33","iso","","Si Sa Ket","ศรีสะเกษ","Si Sa Ket","Province"
"THA","Ubon Ratchathani","Changwat Ubon Ratchathani","TH-34","iso","","Ubon Ratchathani","อุบลราชธานี","Ubon Ratchathani","Province"
"THA","Yasothon","Changwat Yasothon","TH-35","iso","","Yasothon","ยโสธร","Yasothon","Province"
"THA","Chaiyaphum","Changwat Chaiyaphum","TH-36","iso","","Chaiyaphum","ชัยภูมิ","Chaiyaphum","Province"
"THA","Amnat Charoen","Changwat Amnat Charoen","TH-37","iso","","Amnat Charoen","อำนาจเจริญ","Amnat Charoen","Province"
"THA","Bueng Kan","Changwat Bueng Kan","TH-38","iso","","Bueng Kan","บึงกาฬ","Bueng Kan","Province"
"THA","Nong Bua Lam Phu","Changwat Nong Bua Lamphu","TH-39","iso","","Nong Bua Lam Phu","หนองบัวลำพู","Nong Bua Lam Phu","Province"
"THA","Khon Kaen","Changwat Khon Kaen","TH-40","iso","","Khon Kaen","ขอนแก่น","Khon Kaen","Province"
"THA","Udon Thani","Changwat Udon Thani","TH-41","iso","","Udon Thani","อุดรธานี","Udon Thani","Province"
"THA","Loei","Changwat Loei","TH-42","iso","","Loei","เลย","Loei","Province"
"THA","Nong Khai","Changwat Nong Khai","TH-43","iso","","Nong Khai","หนองคาย","Nong Khai","Province"
"THA","Maha Sarakham","Changwat Maha Sarakham","TH-44","iso","","Maha Sarakham","มหาสารคาม","Maha Sarakham","Province"
"THA","Roi Et","Changwat Roi Et","TH-45","iso","","Roi Et","ร้อยเอ็ด","Roi Et","Province"
"THA","Kalasin","Changwat Kalasin","TH-46","iso","","Kalasin","กาฬสินธุ์","Kalasin","Province"
"THA","Sakon Nakhon","Changwat Sakon Nakhon","TH-47","iso","","Sakon Nakhon","สกลนคร","Sakon Nakhon","Province"
"THA","Nakhon Phanom","Changwat Nakhon Phanom","TH-48","iso","","Nakhon Phanom","นครพนม","Nakhon Phanom","Province"
"THA","Mukdahan","Changwat Mukdahan","TH-49","iso","","Mukdahan","มุกดาหาร","Mukdahan","Province"
"THA","Chiang Mai","Chiang Mai Province","TH-50","iso","","Chiang Mai","เชียงใหม่","Chiang Mai","Province"
"THA","Lamphun","Changwat Lamphun","TH-51","iso","","Lamphun","ลำพูน","Lamphun","Province"
"THA","Lampang","Changwat Lampang","TH-52","iso","","Lampang","ลำปาง","Lampang","Province"
"THA","Uttaradit","Changwat Uttaradit","TH-53","iso","","Uttaradit","อุตรดิตถ์","Uttaradit","Province"
"THA","Phrae","Changwat Phrae","TH-54","iso","","Phrae","แพร่","Phrae","Province"
"THA","Nan","Changwat Nan","TH-55","iso","","Nan","น่าน","Nan","Province"
"THA","Phayao","Changwat Phayao","TH-56","iso","","Phayao","พะเยา","Phayao","Province"
"THA","Chiang Rai","Changwat Chiang Rai","TH-57","iso","","Chiang Rai","เชียงราย","Chiang Rai","Province"
"THA","Mae Hong Son","Changwat Mae Hong Son","TH-58","iso","","Mae Hong Son","แม่ฮ่องสอน","Mae Hong Son","Province"
"THA","Nakhon Sawan","Changwat Nakhon Sawan","TH-60","iso","","Nakhon Sawan","นครสวรรค์","Nakhon Sawan","Province"
"THA","Uthai Thani","Changwat Uthai Thani","TH-61","iso","","Uthai Thani","อุทัยธานี","Uthai Thani","Province"
"THA","Kamphaeng Phet","Changwat Kamphaeng Phet","TH-62","iso","","Kamphaeng Phet","กำแพงเพชร","Kamphaeng Phet","Province"
"THA","Tak","Changwat Tak","TH-63","iso","","Tak","ตาก","Tak","Province"
"THA","Sukhothai","Changwat Sukhothai","TH-64","iso","","Sukhothai","สุโขทัย","Sukhothai","Province"
"THA","Phitsanulok","Changwat Phitsanulok","TH-65","iso","","Phitsanulok","พิษณุโลก","Phitsanulok","Province"
"THA","Phichit","Changwat Phichit","TH-66","iso","","Phichit","พิจิตร","Phichit","Province"
"THA","Phetchabun","Changwat Phetchabun","TH-67","iso","","Phetchabun","เพชรบูรณ์","Phetchabun","Province"
"THA","Ratchaburi","Changwat Ratchaburi","TH-70","iso","","Ratchaburi","ราชบุรี","Ratchaburi","Province"
"THA","Kanchanaburi","Changwat Kanchanaburi","TH-71","iso","","Kanchanaburi","กาญจนบุรี","Kanchanaburi","Province"
"THA","Suphan Buri","Changwat Suphan Buri","TH-72","iso","","Suphan Buri","สุพรรณบุรี","Suphan Buri","Province"
"THA","Nakhon Pathom","Changwat Nakhon Pathom","TH-73","iso","","Nakhon Pathom","นครปฐม","Nakhon Pathom","Province"
"THA","Samut Sakhon","Changwat Samut Sakhon","TH-74","iso","","Samut Sakhon","สมุทรสาคร","Samut Sakhon","Province"
"THA","Samut Songkhram","Changwat Samut Songkhram","TH-75","iso","","Samut Songkhram","สมุทรสงคราม","Samut Songkhram","Province"
"THA","Phetchaburi","Changwat Phetchaburi","TH-76","iso","","Phetchaburi","เพชรบุรี","Phetchaburi","Province"
"THA","Prachuap Khiri Khan","Changwat Prachuap Khiri Khan","TH-77","iso","","Prachuap Khiri Khan","ประจวบคีรีขันธ์","Prachuap Khiri Khan","Province"
"THA","Nakhon Si Thammarat","Changwat Nakhon Si Thammarat","TH-80","iso","","Nakhon Si Thammarat","นครศรีธรรมราช","Nakhon Si Thammarat","Province"
"THA","Krabi","Changwat Krabi","TH-81","iso","","Krabi","กระบี่","Krabi","Province"
"THA","Phangnga","Changwat Phangnga","TH-82","iso","","Phangnga","พังงา","Phangnga","Province"
"THA","Phuket","Phuket Province","TH-83","iso","","Phuket","ภูเก็ต","Phuket","Province"
"THA","Surat Thani","Changwat Surat Thani","TH-84","iso","","Surat Thani","สุราษฎร์ธานี","Surat Thani","Province"
"THA","Ranong","Changwat Ranong","TH-85","iso","","Ranong","ระนอง","Ranong","Province"
"THA","Chumphon","Changwat Chumphon","TH-86","iso","","Chumphon","ชุมพร","Chumphon","Province"
"THA","Songkhla","Changwat Songkhla","TH-90","iso","","Songkhla","สงขลา","Songkhla","Province"
"THA","Satun","Changwat Satun","TH-91","iso","","Satun","สตูล","Satun","Province"
"THA","Trang","Changwat Trang","TH-92","iso","","Trang","ตรัง","Trang","Province"
"THA","Phatthalung","Changwat Phatthalung","TH-93","iso","","Phatthalung","พัทลุง","Phatthalung","Province"
"THA","Pattani","Changwat Pattani","TH-94","iso","","Pattani","ปัตตานี","Pattani","Province"
"THA","Yala","Changwat Yala","TH-95","iso","","Yala","ยะลา","Yala","Province"
"THA","Narathiwat","Changwat Narathiwat","TH-96","iso","","Narathiwat","นราธิวาส","Narathiwat","Province"
"VNM","Lai Chau","Tinh Lai Chau","VN-01","iso","","Lai Chau","Lai Châu","Lai Châu","Province"
"VNM","Lào Cai","Tinh Lao Cai","VN-02","iso","","Lao Cai","Lào Cai","Lào Cai","Province"
"VNM","Hà Giang","Tinh Ha Giang","VN-03","iso","","Ha Giang","Hà Giang","Hà Giang","Province"
"VNM","Cao Bằng","Tinh Cao Bang","VN-04","iso","","Cao Bang","Cao Bằng","Cao Bằng","Province"
"VNM","Son La","Tinh Son La","VN-05","iso","","Son La","Sơn La","Sơn La","Province"
"VNM","Yên Bái","Tinh Yen Bai","VN-06","iso","","Yen Bai","Yên Bái","Yên Bái","Province"
"VNM","Tuyên Quang","Tinh Tuyen Quang","VN-07","iso","","Tuyen Quang","Tuyên Quang","Tuyên Quang","Province"
"VNM","Lạng Sơn","Tinh Lang Son","VN-09","iso","","Lang Son","Lạng Sơn","Lạng Sơn","Province"
"VNM","Quảng Ninh","Tinh Quang Ninh","VN-13","iso","","Quang Ninh","Quảng Ninh","Quảng Ninh","Province"
"VNM","Hòa Bình","Tinh Hoa Binh","VN-14","iso","","Hoa Binh","Hòa Bình","Hòa Bình","Province"
"VNM","Ninh Bình","Tinh Ninh Binh","VN-18","iso","","Ninh Binh","Ninh Bình","Ninh Bình","Province"
"VNM","Thái Bình","Tinh Thai Binh","VN-20","iso","","Thai Binh","Thái Bình","Thái Bình","Province"
"VNM","Thanh Hóa","Tinh Thanh Hoa","VN-21","iso","","Thanh Hoa","Thanh Hóa","Thanh Hóa","Province"
"VNM","Nghệ An","Tinh Nghe An","VN-22","iso","","Nghe An","Nghệ An","Nghệ An","Province"
"VNM","Ha Tinh","Tinh Ha Tinh","VN-23","iso","","Ha Tinh","Hà Tĩnh","Hà Tĩnh","Province"
"VNM","Quảng Bình","Tinh Quang Binh","VN-24","iso","","Quang Binh","Quảng Bình","Quảng Bình","Province"
"VNM","Quảng Trị","Tinh Quang Tri","VN-25","iso","","Quang Tri","Quảng Trị","Quảng Trị","Province"
"VNM","Thừa Thiên - Huế","Tinh Thua Thien-Hue","VN-26","iso","","Thua Thien-Hue","Thừa Thiên-Huế","Thừa Thiên-Huế","Province"
"VNM","Quàng Nam","Tinh Quang Nam","VN-27","iso","","Quang Nam","Quảng Nam","Quảng Nam","Province"
"VNM","Kon Tum","Tinh Kon Tum","VN-28","iso","","Kon Tum","Kon Tum","Kon Tum","Province"
"VNM","Quảng Ngãi","Tinh Quang Ngai","VN-29","iso","","Quang Ngai","Quảng Ngãi","Quảng Ngãi","Province"
"VNM","Gia Lai","Tinh Gia Lai","VN-30","iso","","Gia Lai","Gia Lai","Gia Lai","Province"
"VNM","Bình Định","Tinh Binh Dinh","VN-31","iso","","Binh Dinh","Bình Định","Bình Định","Province"
"VNM","Phú Yên","Tinh Phu Yen","VN-32","iso","","Phu Yen","Phú Yên","Phú Yên","Province"
"VNM","Đắk Lắk","Tinh Dak Lak","VN-33","iso","","Dak Lak","Đắk Lắk","Đắk Lắk","Province"
"VNM","Khánh Hòa","Tinh Khanh Hoa","VN-34","iso","","Khanh Hoa","Khánh Hòa","Khánh Hòa","Province"
"VNM","Lâm Đồng","Tinh Lam Dong","VN-35","iso","","Lam Dong","Lâm Đồng","Lâm Đồng","Province"
"VNM","Ninh Thuận","Tinh Ninh Thuan","VN-36","iso","","Ninh Thuan","Ninh Thuận","Ninh Thuận","Province"
"VNM","Tây Ninh","Tinh Tay Ninh","VN-37","iso","","Tay Ninh","Tây Ninh","Tây Ninh","Province"
"VNM","Đông Nam Bộ","Tinh Dong Nai","VN-39","iso","","Dong Nai","Đồng Nai","Đồng Nai","Province"
"VNM","Bình Thuận","Tinh Binh Thuan","VN-40","iso","","Binh Thuan","Bình Thuận","Bình Thuận","Province"
"VNM","Long An","Tinh Long An","VN-41","iso","","Long An","Long An","Long An","Province"
"VNM","Bà Rịa - Vũng Tàu","Tinh Ba Ria-Vung Tau","VN-43","iso","","Ba Ria-Vung Tau","Bà Rịa - Vũng Tàu","Bà Rịa - Vũng Tàu","Province"
"VNM","An Giang","Tinh An Giang","VN-44","iso","","An Giang","An Giang","An Giang","Province"
"VNM","Ðong Tháp","Tinh Dong Thap","VN-45","iso","","Dong Thap","Đồng Tháp","Đồng Tháp","Province"
"VNM","Tiền Giang","Tinh Tien Giang","VN-46","iso","","Tien Giang","Tiền Giang","Tiền Giang","Province"
"VNM","Kiên Giang","Tinh Kien Giang","VN-47","iso","","Kien Giang","Kiên Giang","Kiên Giang","Province"
"VNM","Vĩnh Long","Tinh Vinh Long","VN-49","iso","","Vinh Long","Vĩnh Long","Vĩnh Long","Province"
"VNM","Bến Tre","Tinh Ben Tre","VN-50","iso","","Ben Tre","Bến Tre","Bến Tre","Province"
"VNM","Trà Vinh","Tinh Tra Vinh","VN-51","iso","","Tra Vinh","Trà Vinh","Trà Vinh","Province"
"VNM","Sóc Trăng","Tinh Soc Trang","VN-52","iso","","Soc Trang","Sóc Trăng","Sóc Trăng","Province"
"VNM","Đông Bắc","Tinh Bac Kan","VN-53","iso","","Bac Kan","Bắc Kạn","Bắc Kạn","Province"
"VNM","Bắc Giang","Tinh Bac Giang","VN-54","iso","","Bac Giang","Bắc Giang","Bắc Giang","Province"
"VNM","Bạc Liêu","Tinh Bac Lieu","VN-55","iso","","Bac Lieu","Bạc Liêu","Bạc Liêu","Province"
"VNM","Bắc Ninh","Tinh Bac Ninh","VN-56","iso","","Bac Ninh","Bắc Ninh","Bắc Ninh","Province"
"VNM","Bình Dương","Tinh Binh Duong","VN-57","iso","","Binh Duong","Bình Dương","Bình Dương","Province"
"VNM","Bình Phước","Tinh Binh Phuoc","VN-58","iso","","Binh Phuoc","Bình Phước","Bình Phước","Province"
"VNM","Cà Mau","Tinh Ca Mau","VN-59","iso","","Ca Mau","Cà Mau","Cà Mau","Province"
"VNM","Hải Dương","Tinh Hai Duong","VN-61","iso","","Hai Duong","Hải Dương","Hải Dương","Province"
"VNM","Hà Nam","Tinh Ha Nam","VN-63","iso","","Ha Nam","Hà Nam","Hà Nam","Province"
"VNM","Đồng Bằng Sông Hồng","Tinh Hung Yen","VN-66","iso","","Hung Yen","Hưng Yên","Hưng Yên","Province"
"VNM","Nam Định","Tinh Nam Dinh","VN-67","iso","","Nam Dinh","Nam Định","Nam Định","Province"
"VNM","Phú Thọ","Tinh Phu Tho","VN-68","iso","","Phu Tho","Phú Thọ","Phú Thọ","Province"
"VNM","Thái Nguyên","Tinh Thai Nguyen","VN-69","iso","","Thai Nguyen","Thái Nguyên","Thái Nguyên","Province"
"VNM","Vĩnh Phúc","Tinh Vinh Phuc","VN-70","iso","","Vinh Phuc","Vĩnh Phúc","Vĩnh Phúc","Province"
"VNM","Điện Biên","Huyen Dien Bien","VN-71","iso","","Dien Bien","Điện Biên","Điện Biên","Province"
"VNM","Đắk Nông","Dak Nong","VN-72","iso","","Dak Nong","Đắk Nông","Đắk Nông","Province"
"VNM","Hau Giang","Hau Giang","VN-73","iso","","Hau Giang","Hậu Giang","Hậu Giang","Province"
"VNM","Can Tho","Thanh Pho Can Tho","VN-CT","iso","","Can Tho","Cần Thơ","Cần Thơ","Municipality"
"VNM","Đà Nẵng","Thanh Pho Da Nang","VN-DN","iso","","Da Nang","Đà Nẵng","Đà Nẵng","Municipality"
"VNM","Ha Noi","Thanh Pho Ha Noi","VN-HN","iso","","Hanoi","Hà Nội","Hà Nội","Municipality"
"VNM","Hải Phòng","Thanh Pho Hai Phong","VN-HP","iso","","Hai Phong","Hải Phòng","Hải Phòng","Municipality"
"VNM","Hồ Chí Minh city","Thanh pho Ho Chi Minh","VN-SG","iso","","Ho Chi Minh City","Hồ Chí Minh","Hồ Chí Minh","Municipality"
LOOKUP

# SQL helper: run a query (SQLite dialect) and print the result rows without header.
q() { ogr2ogr -f CSV /vsistdout/ "$1" -dialect SQLITE -sql "$2" | tail -n +2 | tr -d '"'; }

# 1. scratch GeoPackage with the 7 countries and the lookup table
ogr2ogr -f GPKG "$TMP/work.gpkg" "$SRC" states_provinces -nln src \
  -where "adm0_a3 IN ($COUNTRIES)"
ogr2ogr -update -f GPKG "$TMP/work.gpkg" "$TMP/lookup.csv" -nln lookup

JOIN="src s JOIN lookup l ON l.country = s.adm0_a3 AND l.ne_name = s.name AND l.ne_gn_name = COALESCE(s.gn_name, '')"

# 2. consistency checks between source and lookup
unmatched=$(q "$TMP/work.gpkg" "SELECT s.adm0_a3 || ' / ' || s.name || ' / ' || COALESCE(s.gn_name, '(null)') FROM src s
  LEFT JOIN lookup l ON l.country = s.adm0_a3 AND l.ne_name = s.name AND l.ne_gn_name = COALESCE(s.gn_name, '')
  WHERE l.code IS NULL")
[[ -z "$unmatched" ]] || die "source features missing from the lookup table (source changed?):
$unmatched"
orphans=$(q "$TMP/work.gpkg" "SELECT l.code FROM lookup l LEFT JOIN src s
  ON l.country = s.adm0_a3 AND l.ne_name = s.name AND l.ne_gn_name = COALESCE(s.gn_name, '')
  WHERE s.fid IS NULL")
[[ -z "$orphans" ]] || die "lookup rows that match no source feature: $orphans"
dups=$(q "$TMP/work.gpkg" "SELECT l.code FROM $JOIN GROUP BY l.code HAVING count(*) > 1")
[[ -z "$dups" ]] || die "duplicate codes: $dups"
n_src=$(q "$TMP/work.gpkg" "SELECT count(*) FROM src")
n_join=$(q "$TMP/work.gpkg" "SELECT count(*) FROM $JOIN")
[[ "$n_src" == "$n_join" ]] || die "join produced $n_join features for $n_src source features"

# 3. the extract: RFC 7946 GeoJSON, EPSG:4326, 5 decimals (~1 m), valid MultiPolygons.
#    No -simplify: the QGIS copy is already generalized (GRASS v.generalize), see README.
#    Two passes, because in GDAL 3.6 -makevalid runs after the -nlt promotion and hands
#    back single-part Polygons; the second pass promotes everything to MultiPolygon.
ogr2ogr -update -f GPKG "$TMP/work.gpkg" "$TMP/work.gpkg" -nln joined \
  -makevalid -nlt MULTIPOLYGON -dialect SQLITE -sql "
  SELECT l.code                     AS code,
         l.name                     AS name,
         NULLIF(l.name_local, '')   AS name_local,
         l.country                  AS country,
         NULLIF(l.type_en, '')      AS type_en,
         l.code_status              AS code_status,
         NULLIF(l.parent_code, '')  AS parent_code,
         NULLIF(l.name_iso, '')     AS name_iso,
         s.name                     AS ne_name,
         s.geom                     AS geom
  FROM $JOIN"
# RFC 7946 pass: right-hand-rule winding (exterior rings counter-clockwise), no "crs"
# member, coordinates rounded to 5 decimals. GDAL 3.6's RFC 7946 writer runs every
# geometry through its antimeridian wrapper, which turns single-part MultiPolygons back
# into Polygons, so a last plain GeoJSON pass (which keeps winding and coordinates as
# they are and writes no "crs" for CRS84 input) promotes them to MultiPolygon again.
ogr2ogr -f GeoJSON -lco RFC7946=YES -lco COORDINATE_PRECISION=5 \
  -t_srs EPSG:4326 -nlt MULTIPOLYGON -nln admin1 \
  "$TMP/rfc7946.geojson" "$TMP/work.gpkg" -dialect SQLITE -sql "
  SELECT code, name, name_local, country, type_en, code_status, parent_code, name_iso, ne_name, geom
  FROM joined ORDER BY country, length(code), code"
rm -f "$TMP/admin1.geojson"
ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=5 -nlt MULTIPOLYGON -nln admin1 \
  "$TMP/admin1.geojson" "$TMP/rfc7946.geojson" admin1

# 4. verify the written file (after coordinate rounding)
G="$TMP/admin1.geojson"
n_out=$(q "$G" "SELECT count(*) FROM admin1")
[[ "$n_out" == "$n_src" ]] || die "wrote $n_out features, expected $n_src"
bad=$(q "$G" "SELECT code FROM admin1 WHERE geometry IS NULL OR NOT ST_IsValid(geometry)
  OR ST_GeometryType(geometry) NOT IN ('MULTIPOLYGON', 'MultiPolygon')")
[[ -z "$bad" ]] || die "invalid / non-MultiPolygon geometries after writing: $bad"
cw=$(q "$G" "SELECT count(*) FROM admin1 WHERE NOT ST_IsPolygonCCW(geometry)")
[[ "$cw" == "0" ]] || die "$cw geometries do not follow the RFC 7946 right-hand rule"
grep -q '"crs"' "$G" && die 'output has a "crs" member (not RFC 7946)'
grep -q '"type": "Polygon"' "$G" && die "output still has Polygon geometries"
nocode=$(q "$G" "SELECT count(*) FROM admin1 WHERE code IS NULL OR code = '' OR code LIKE '%-99'")
[[ "$nocode" == "0" ]] || die "$nocode features without a usable code"

mv -f "$G" "$OUT"
echo "wrote $OUT ($(wc -c < "$OUT") bytes, $n_out features)"
q "$OUT" "SELECT country, count(*), sum(code_status = 'fallback') FROM admin1 GROUP BY country ORDER BY country" |
  awk -F, '{ printf "  %s %4d features (%d with fallback code)\n", $1, $2, $3 }'
