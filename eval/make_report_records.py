"""Synthetic ``casenotes run``-style records for looking at the report at a large authority's scale.

    .venv/bin/python eval/make_report_records.py -n 30000 -o /tmp/big.jsonl
    casenotes aggregate /tmp/big.jsonl -d /tmp/big_ind && casenotes report /tmp/big_ind -o /tmp/big.html

No pipeline run and no note text: each record carries only what ``aggregate`` reads (note_id, child_id,
date, team, area, status "ok", factors, needs, services). Children hold a few factors drawn at the CIN
census rates (so the mix looks like a real caseload), their needs follow from the factor groups, and a
meeting service appears for most needs but not all, so unmet need is neither 0 nor 100%.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Iterator

from casenotes.aggregate import load_need_services
from casenotes.taxonomy import load_taxonomy

TEAMS = ("Assessment Team", "CIN Team", "CP Team", "Children in Care", "Early Help", "Exploitation Team",
         "MASH", "Leaving Care")
AREAS = ("North", "South", "East", "West", "Inner")


def _factor_rates() -> dict[str, float]:
    path = resources.files("casenotes.taxonomy") / "data" / "cin_assessment_factors.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["code"]: float(row["england_2025_pct"]) / 100 for row in csv.DictReader(handle)
                if row.get("england_2025_pct") and row["code"] not in ("20", "21")}


def synthetic_records(n_notes: int, seed: int = 18, notes_per_child: float = 6.0, months: int = 24,
                      start: date = date(2023, 4, 1), teams: tuple[str, ...] = TEAMS,
                      areas: tuple[str, ...] = AREAS) -> Iterator[dict]:
    """``n_notes`` records over ``months`` months from ``start``, about ``notes_per_child`` notes per child."""
    rng = random.Random(seed)
    taxonomy = load_taxonomy()
    rates = _factor_rates()
    need_of = {code: group.need for group in taxonomy.groups.values() for code in group.all_codes}
    meeting = load_need_services(taxonomy=taxonomy)
    other_services = list(taxonomy.services)
    n_children = max(1, round(n_notes / notes_per_child))
    children = []
    for index in range(n_children):
        factors = [code for code, rate in rates.items() if rng.random() < rate] or [rng.choice(list(rates))]
        needs = sorted({need_of[code] for code in factors if need_of.get(code) in taxonomy.needs})
        # a meeting service for most needs, never for some: the report's unmet-need section has something to say
        services = [rng.choice(meeting[need]) for need in needs if need in meeting and meeting[need] and rng.random() < 0.7]
        first = rng.randrange(months * 30)
        children.append({"child_id": f"SYN-{index:06d}", "team": rng.choice(teams), "area": rng.choice(areas),
                         "factors": factors, "needs": needs, "services": services, "first": first})
    for index in range(n_notes):
        child = children[index % n_children] if index < n_children else rng.choice(children)
        day = child["first"] + int(rng.expovariate(1 / 60))
        if day >= months * 30:  # past the window: any day in it, so the last month is not a pile-up
            day = rng.randrange(months * 30)
        keep = [code for code in child["factors"] if rng.random() < 0.6]
        yield {
            "note_id": f"SN{index:07d}", "row": index + 1, "status": "ok", "error": None,
            "child_id": child["child_id"], "date": (start + timedelta(days=day)).isoformat(),
            "team": child["team"], "area": child["area"],
            "factors": keep,
            "needs": sorted({need_of[code] for code in keep if need_of.get(code) in taxonomy.needs}),
            "services": [name for name in child["services"] if rng.random() < 0.5]
                        + ([rng.choice(other_services)] if rng.random() < 0.2 else []),
        }


def write_records(path: Path | str, n_notes: int, **options) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in synthetic_records(n_notes, **options):
            handle.write(json.dumps(record) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--notes", type=int, default=30_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    path = write_records(args.output, args.notes, months=args.months, seed=args.seed)
    print(f"Wrote {args.notes} synthetic records to {path}")


if __name__ == "__main__":
    main()
