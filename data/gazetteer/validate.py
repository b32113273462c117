#!/usr/bin/env python3
"""Sanity checks for places.csv and aliases.csv. Exit status 1 on any problem.

Usage: python3 data/gazetteer/validate.py
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# Rough (generous) bounding boxes: lat_min, lat_max, lon_min, lon_max.
BBOX = {
    "KHM": (9.2, 14.8, 102.2, 107.7),
    "THA": (5.5, 20.5, 97.3, 105.7),
    "LAO": (13.9, 22.6, 100.0, 107.7),
    "MMR": (9.5, 28.6, 92.1, 101.2),
    "VNM": (8.0, 23.5, 102.1, 117.0),
    "PHL": (4.5, 21.2, 116.9, 126.7),
    "MYS": (0.8, 7.5, 99.6, 119.3),
}
SCRIPTS = {"Latn", "Khmr", "Hans", "Hant", "Thai", "Mymr", "Laoo"}
# Unicode name prefixes expected for the letters of each script.
SCRIPT_PREFIX = {
    "Latn": ("LATIN",), "Khmr": ("KHMER",), "Hans": ("CJK",), "Hant": ("CJK",),
    "Thai": ("THAI",), "Mymr": ("MYANMAR",), "Laoo": ("LAO",),
}
PRECISION = {"town", "province", "country"}
COORD = re.compile(r"^-?\d{1,3}\.\d{5}$")

errors = []


def err(msg):
    errors.append(msg)


def check_point(where, country, lat_s, lon_s):
    if not COORD.match(lat_s) or not COORD.match(lon_s):
        err(f"{where}: lat/lon not 5-decimal numbers: {lat_s},{lon_s}")
        return
    lat, lon = float(lat_s), float(lon_s)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        err(f"{where}: lat/lon out of range: {lat},{lon}")
    box = BBOX.get(country)
    if box is None:
        err(f"{where}: unknown country {country!r}")
    elif not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
        err(f"{where}: {lat},{lon} outside rough bbox of {country}")


def read(path, header):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    if not rows or rows[0] != header:
        err(f"{path}: header is {rows[0] if rows else None}, want {header}")
        return []
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            err(f"{path}:{i}: {len(r)} fields, want {len(header)}")
    return [dict(zip(header, r)) for r in rows[1:] if len(r) == len(header)]


def check_places():
    path = os.path.join(HERE, "places.csv")
    rows = read(path, ["name", "country", "admin1", "lat", "lon", "source"])
    seen = set()
    keys = []
    for i, r in enumerate(rows, start=2):
        where = f"places.csv:{i}"
        if not r["name"].strip():
            err(f"{where}: empty name")
        if r["source"] != "geonames":
            err(f"{where}: source {r['source']!r}")
        check_point(where, r["country"], r["lat"], r["lon"])
        t = tuple(r.values())
        if t in seen:
            err(f"{where}: duplicate row")
        seen.add(t)
        try:
            keys.append((r["country"], r["name"], float(r["lat"]), float(r["lon"])))
        except ValueError:
            pass
    if keys != sorted(keys):
        err("places.csv: not sorted by (country, name, lat, lon)")
    return rows


def check_aliases():
    path = os.path.join(HERE, "aliases.csv")
    header = ["place_key", "name", "script", "lang", "lat", "lon", "country",
              "province_iso", "precision", "note"]
    rows = read(path, header)
    seen = set()
    per_key = {}
    for i, r in enumerate(rows, start=2):
        where = f"aliases.csv:{i} ({r['place_key']} / {r['name']})"
        if not re.match(r"^[a-z0-9_]+$", r["place_key"]):
            err(f"{where}: bad place_key")
        if not r["name"].strip() or r["name"] != r["name"].strip():
            err(f"{where}: empty name or surrounding whitespace")
        if unicodedata.normalize("NFC", r["name"]) != r["name"]:
            err(f"{where}: name not NFC")
        k = (r["place_key"], r["name"])
        if k in seen:
            err(f"{where}: duplicate (place_key, name)")
        seen.add(k)
        if r["script"] not in SCRIPTS:
            err(f"{where}: script {r['script']!r}")
        else:
            want = SCRIPT_PREFIX[r["script"]]
            for ch in r["name"]:
                if not unicodedata.category(ch).startswith("L"):
                    continue
                n = unicodedata.name(ch, "")
                if r["script"] != "Latn" and n.startswith("LATIN"):
                    continue  # e.g. "KK园"
                if not n.startswith(want):
                    err(f"{where}: letter {ch!r} ({n}) not in script {r['script']}")
                    break
        if r["lang"] and not re.match(r"^[a-z]{2}$", r["lang"]):
            err(f"{where}: lang {r['lang']!r}")
        if r["precision"] not in PRECISION:
            err(f"{where}: precision {r['precision']!r}")
        prov = r["province_iso"]
        if r["precision"] == "country":
            if prov:
                err(f"{where}: country row with province_iso")
        elif not re.match(r"^[A-Z]{2}-[0-9A-Z]{1,3}$", prov):
            err(f"{where}: province_iso {prov!r}")
        elif prov[:2] != {"KHM": "KH", "THA": "TH", "LAO": "LA", "MMR": "MM",
                          "VNM": "VN", "PHL": "PH", "MYS": "MY"}.get(r["country"]):
            err(f"{where}: province_iso {prov} does not match country {r['country']}")
        check_point(where, r["country"], r["lat"], r["lon"])
        place = (r["lat"], r["lon"], r["country"], prov, r["precision"])
        if per_key.setdefault(r["place_key"], place) != place:
            err(f"{where}: point/country/province/precision differ within place_key")
    return rows, per_key


def main():
    places = check_places()
    aliases, keys = check_aliases()
    counts = {}
    for r in places:
        counts[r["country"]] = counts.get(r["country"], 0) + 1
    print("places.csv:", len(places), "rows;",
          " ".join(f"{c}={counts[c]}" for c in sorted(counts)))
    print("aliases.csv:", len(aliases), "rows,", len(keys), "place_keys")
    if errors:
        for e in errors:
            print("ERROR", e, file=sys.stderr)
        print(f"{len(errors)} problem(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
