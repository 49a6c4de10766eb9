#!/usr/bin/env python3
"""Writes seed/time-zones.tsv from the IANA time-zone database's zone.tab.

Source: tzdata's zone.tab (Debian package tzdata, /usr/share/zoneinfo/zone.tab),
public domain. One line per country and zone; the first zone of each country is
the one Membernet guesses for a reader from that country (the zone of its capital
or most populous region: zone.tab's own first line, or the choice below where the
first line is a far-off island or a small region).

    python3 seed/generate-time-zones.py > seed/time-zones.tsv
"""
import sys

PRIMARY = {
    "AR": "America/Argentina/Buenos_Aires", "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo", "CA": "America/Toronto", "CD": "Africa/Kinshasa",
    "CL": "America/Santiago", "CN": "Asia/Shanghai", "DE": "Europe/Berlin",
    "EC": "America/Guayaquil", "ES": "Europe/Madrid", "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty", "MX": "America/Mexico_City", "MN": "Asia/Ulaanbaatar",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland", "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow", "UA": "Europe/Kyiv", "US": "America/New_York",
    "UZ": "Asia/Tashkent", "FM": "Pacific/Pohnpei", "KI": "Pacific/Tarawa",
    "PF": "Pacific/Tahiti", "PG": "Pacific/Port_Moresby", "UM": "Pacific/Midway",
    "GL": "America/Nuuk", "CY": "Asia/Nicosia", "AQ": "Antarctica/McMurdo",
}

zones = {}
with open("/usr/share/zoneinfo/zone.tab", encoding="utf-8") as tab:
    for line in tab:
        if line.startswith("#") or not line.strip():
            continue
        country, _coordinates, zone = line.rstrip("\n").split("\t")[:3]
        zones.setdefault(country, []).append(zone)

print("# country\tzone (the first of a country is the guess for its readers); from tzdata zone.tab, see generate-time-zones.py")
for country in sorted(zones):
    listed = zones[country]
    first = PRIMARY.get(country, listed[0])
    assert first in listed, (country, first)
    for zone in [first] + [z for z in listed if z != first]:
        print(f"{country}\t{zone}")
