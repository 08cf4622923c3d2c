"""The indicator tables, exact (before disclosure control): reading notes, labels, child and unit level tables.

Every function takes a notes frame from :func:`prepare_notes` and never reads the note text.
"""

from __future__ import annotations

import csv
import math
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd
import yaml

from casenotes.contract import KIND_FIELD, LABEL_FIELDS, error_kind
from casenotes.indicators.periods import ALL, check_grain, period_of
from casenotes.io import read_records
from casenotes.taxonomy import Taxonomy, load_taxonomy

INDICATOR_TYPES = ("factor", "need", "service")
UNIT_COLUMNS = ("team", "area")
NATIONAL_COLUMN, NATIONAL_YEAR = "england_2025_pct", "2024-25"
UNKNOWN_UNIT = "unknown"

#: Parental factor combinations reported beside single indicators ("toxic trio" and its pairs).
#: Each entry: id -> (label, groups); a child has it when every group has at least one of its codes.
COMBINATIONS: dict[str, tuple[str, tuple[frozenset[str], ...]]] = {
    "3B+4B": ("Domestic abuse and mental health (parent/carer)", (frozenset({"3B"}), frozenset({"4B"}))),
    "3B+1B/2B": ("Domestic abuse and alcohol or drug misuse (parent/carer)",
                 (frozenset({"3B"}), frozenset({"1B", "2B"}))),
    "4B+1B/2B": ("Mental health and alcohol or drug misuse (parent/carer)",
                 (frozenset({"4B"}), frozenset({"1B", "2B"}))),
    "3B+4B+1B/2B": ("Domestic abuse, mental health and alcohol or drug misuse (parent/carer)",
                    (frozenset({"3B"}), frozenset({"4B"}), frozenset({"1B", "2B"}))),
}

NOTE_COLUMNS = ("note_id", "row", "status", "error", "child_id", "case_id", "date", "team", "area",
                *LABEL_FIELDS)


# -------------------------------------------------------------------------------------------- input

def load_notes(records_path: Path | str) -> pd.DataFrame:
    """One row per note with the columns aggregation needs; the note text is never read into memory.

    Adds ``child`` and ``child_source`` (which id was used), ``when`` (parsed date or NaT), ``date_problem``
    (``missing``/``invalid``/None) and ``month`` (``YYYY-MM`` or None).
    """
    notes, _ = load_notes_and_sources(records_path)
    return notes


def load_notes_and_sources(records_path: Path | str) -> tuple[pd.DataFrame, list[dict]]:
    """:func:`load_notes`, plus the distinct ``provenance`` dicts of the records (records without one are skipped)."""
    from casenotes.indicators.provenance import SourceCollector

    sources = SourceCollector()
    rows = []
    for record in read_records(records_path):
        sources.add(record.get("provenance"))
        rows.append({key: record.get(key) for key in NOTE_COLUMNS})
    return prepare_notes(pd.DataFrame(rows, columns=list(NOTE_COLUMNS))), sources.distinct()


def prepare_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """Normalise a notes frame (hand-made in tests, or from :func:`load_notes`)."""
    notes = notes.copy()
    for column in NOTE_COLUMNS:
        if column not in notes:
            notes[column] = None
    for column in LABEL_FIELDS:
        notes[column] = notes[column].map(_as_list)
    notes["status"] = notes["status"].fillna("ok")
    child, source = _first_present(notes, ("child_id", "case_id", "note_id"))
    notes["child"], notes["child_source"] = child, source
    raw = notes["date"].map(lambda value: None if value is None or str(value).strip() in ("", "nan", "None")
                            else str(value).strip())
    when = pd.to_datetime(raw, errors="coerce", format="ISO8601")
    retry = when.isna() & raw.notna()
    if retry.any():
        when[retry] = pd.to_datetime(raw[retry], errors="coerce", dayfirst=True, format="mixed")
    notes["when"] = when
    notes["date_problem"] = None
    notes.loc[raw.isna(), "date_problem"] = "missing"
    notes.loc[raw.notna() & when.isna(), "date_problem"] = "invalid"
    notes["month"] = when.dt.strftime("%Y-%m").where(when.notna(), None)
    for column in UNIT_COLUMNS:
        notes[column] = notes[column].map(lambda v: UNKNOWN_UNIT if v is None or str(v).strip() in ("", "nan")
                                          else str(v).strip())
    return notes


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [str(item) for item in value]


def _first_present(notes: pd.DataFrame, columns: Sequence[str]) -> tuple[pd.Series, pd.Series]:
    child = pd.Series([None] * len(notes), index=notes.index, dtype=object)
    source = child.copy()
    for column in columns:
        values = notes[column].map(lambda v: None if v is None or str(v).strip() in ("", "nan") else str(v).strip())
        take = child.isna() & values.notna()
        child[take], source[take] = values[take], column
    return child, source


def note_indicators(notes: pd.DataFrame) -> pd.DataFrame:
    """Long form of the ok notes: one row per note and indicator (``indicator_type``, ``indicator``)."""
    ok = notes[notes["status"] == "ok"]
    keep = ["note_id", "child", "child_source", "when", "month", "team", "area"]
    parts = []
    for kind, column in KIND_FIELD.items():
        exploded = ok[keep + [column]].explode(column).dropna(subset=[column])
        parts.append(exploded.rename(columns={column: "indicator"}).assign(indicator_type=kind))
    long = pd.concat(parts, ignore_index=True)
    return long.drop_duplicates(["note_id", "indicator_type", "indicator"])


def dated_notes(notes: pd.DataFrame) -> pd.DataFrame:
    return notes[(notes["status"] == "ok") & notes["when"].notna()]


# ------------------------------------------------------------------------------------------- labels

def indicator_labels(taxonomy: Taxonomy | None = None) -> dict[tuple[str, str], str]:
    """(indicator_type, indicator) -> a readable label, from the taxonomy."""
    taxonomy = taxonomy or load_taxonomy()
    labels = {("factor", code): factor.description for code, factor in taxonomy.factors.items()}
    labels.update({("need", need_id): need.label for need_id, need in taxonomy.needs.items()})
    labels.update({("service", name): name for name in taxonomy.services})
    labels.update({("combination", key): label for key, (label, _) in COMBINATIONS.items()})
    return labels


def all_indicators(taxonomy: Taxonomy) -> pd.DataFrame:
    """Every indicator the taxonomy can emit (plus the combinations): the data-independent list a
    differentially private table must cover, so that a row's presence never reveals a child."""
    labels = taxonomy.labels()
    rows = [(kind, name) for kind in INDICATOR_TYPES for name in labels[kind]]
    rows += [("combination", key) for key in COMBINATIONS]
    return pd.DataFrame(rows, columns=["indicator_type", "indicator"])


def _add_labels(table: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.DataFrame:
    labels = indicator_labels(taxonomy)
    keys = zip(table["indicator_type"], table["indicator"])
    return table.assign(label=[labels.get(key, key[1]) for key in keys])


def national_rates() -> dict[str, float]:
    """CIN census factor code -> % of episodes with that factor at assessment, England, 2024-25."""
    path = resources.files("casenotes.taxonomy") / "data" / "cin_assessment_factors.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["code"]: float(row[NATIONAL_COLUMN]) for row in csv.DictReader(handle)
                if row.get(NATIONAL_COLUMN) not in (None, "")}


def load_need_services(path: Path | str | None = None, taxonomy: Taxonomy | None = None) -> dict[str, list[str]]:
    """The need -> meeting services mapping, checked against the taxonomy (unknown names fail loudly)."""
    taxonomy = taxonomy or load_taxonomy()
    if path is None:
        text = (resources.files("casenotes") / "data" / "need_services.yaml").read_text(encoding="utf-8")
        name = "need_services.yaml"
    else:
        text, name = Path(path).read_text(encoding="utf-8"), Path(path).name
    data = yaml.safe_load(text) or {}
    mapping = data.get("needs") if isinstance(data, dict) else None
    if not isinstance(mapping, dict):
        raise ValueError(f"{name}: expected a 'needs' mapping of need id -> list of service names")
    for need, services in mapping.items():
        if need not in taxonomy.needs:
            raise ValueError(f"{name}: unknown need '{need}' (known: {', '.join(taxonomy.needs)})")
        unknown = [service for service in services or [] if service not in taxonomy.services]
        if unknown:
            raise ValueError(f"{name}: need '{need}' lists unknown services {unknown}; "
                             "use names from the 'service' column of services.csv")
    return {need: list(services or []) for need, services in mapping.items()}


# ----------------------------------------------------------------------------------- child level

def child_indicators(notes: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Per child, period and indicator: first and last date seen and the number of notes with evidence.

    ``period`` is ``month``, ``quarter``, ``year``, ``financial-year`` or ``all``; undated notes get the
    period ``undated``.
    """
    check_grain(period)
    long = note_indicators(notes)
    long = long[long["indicator_type"] != "combination"]
    if period == ALL:
        long = long.assign(period=ALL)
    else:
        long = long.assign(period=period_of(long["when"], period).fillna("undated"))
    grouped = long.groupby(["child", "child_source", "period", "indicator_type", "indicator"], dropna=False)
    table = grouped.agg(first_seen=("when", "min"), last_seen=("when", "max"), notes=("note_id", "nunique"))
    table = table.reset_index()
    for column in ("first_seen", "last_seen"):
        table[column] = table[column].dt.date
    return table.sort_values(["child", "period", "indicator_type", "indicator"], ignore_index=True)


# ------------------------------------------------------------------------------------- unit level

def units_of(notes: pd.DataFrame) -> list[str]:
    """Unit columns with at least one known value."""
    return [column for column in UNIT_COLUMNS if (notes[column] != UNKNOWN_UNIT).any()]


def with_units(frame: pd.DataFrame, units: Sequence[str]) -> pd.DataFrame:
    """Stack a frame once per unit type: (unit_type, unit) = ('all', 'all'), ('team', 'East'), ..."""
    parts = [frame.assign(unit_type=ALL, unit=ALL)]
    parts += [frame.assign(unit_type=column, unit=frame[column]) for column in units]
    return pd.concat(parts, ignore_index=True)


def with_periods(frame: pd.DataFrame, grain: str = "month", when: str = "when") -> pd.DataFrame:
    """Stack a frame once per period: the grain's period of ``when`` (rows with no date dropped), and ``all``."""
    if grain == ALL:
        return frame.assign(period=ALL)
    dated = frame[frame[when].notna()]
    return pd.concat([dated.assign(period=period_of(dated[when], grain)), frame.assign(period=ALL)],
                     ignore_index=True)


def _unit_combinations(long: pd.DataFrame) -> pd.DataFrame:
    """Combination rows per child, unit and period: the parts may come from different notes."""
    factors = long[long["indicator_type"] == "factor"]
    held = factors.groupby(["unit_type", "unit", "period", "child"])["indicator"].agg(frozenset).reset_index()
    rows = []
    for key, (_, groups) in COMBINATIONS.items():
        has = held["indicator"].map(lambda codes, groups=groups: all(codes & group for group in groups))
        rows.append(held.loc[has, ["unit_type", "unit", "period", "child"]].assign(
            indicator_type="combination", indicator=key))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


UNIT_KEYS = ["unit_type", "unit", "period"]
RATE_KEYS = UNIT_KEYS + ["indicator_type", "indicator"]


def unit_child_rows(notes: pd.DataFrame, grain: str = "month") -> pd.DataFrame:
    """One row per child and (unit_type, unit, period) they have a dated note in: the denominators' members."""
    dated = dated_notes(notes)
    stacked = with_periods(with_units(dated, units_of(notes)), grain)
    return stacked[["child"] + UNIT_KEYS].drop_duplicates(ignore_index=True)


def unit_indicator_rows(notes: pd.DataFrame, grain: str = "month") -> pd.DataFrame:
    """One row per child and unit_rates cell (unit, period, indicator) they are counted in."""
    dated = dated_notes(notes)
    long = with_periods(with_units(note_indicators(dated), units_of(notes)), grain)
    long = pd.concat([long, _unit_combinations(long)], ignore_index=True)
    if long.empty:
        return pd.DataFrame(columns=["child"] + RATE_KEYS)
    return long[["child"] + RATE_KEYS].drop_duplicates(ignore_index=True)


def unit_month_rates(notes: pd.DataFrame, taxonomy: Taxonomy | None = None, period: str = "month") -> pd.DataFrame:
    """Per unit (all, team, area), period (the grain's periods and ``all``) and indicator: children and rate.

    Columns: unit_type, unit, period, indicator_type, indicator, label, children, children_with_notes,
    rate_pct, national_pct, national_year. Every indicator seen anywhere gets a row in every unit and
    period, zeros included, so a missing row never hides a count.
    """
    check_grain(period)
    denominators = (unit_child_rows(notes, period).groupby(UNIT_KEYS)["child"].nunique()
                    .rename("children_with_notes").reset_index())
    numerators = (unit_indicator_rows(notes, period).groupby(RATE_KEYS)["child"]
                  .nunique().rename("children").reset_index())
    combinations = pd.DataFrame({"indicator_type": "combination", "indicator": list(COMBINATIONS)})
    indicators = pd.concat([numerators[["indicator_type", "indicator"]], combinations]).drop_duplicates()
    return finish_unit_rates(denominators.merge(indicators, how="cross"), numerators, taxonomy)


def finish_unit_rates(grid: pd.DataFrame, numerators: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.DataFrame:
    """unit_rates from its cells (with ``children_with_notes``) and the numerators: labels, rates, national rates."""
    table = grid.merge(numerators, how="left", on=RATE_KEYS)
    table["children"] = table["children"].fillna(0).astype("int64")
    table = _add_labels(table, taxonomy)
    table["rate_pct"] = rate(table["children"], table["children_with_notes"])
    national = national_rates()
    is_factor = table["indicator_type"] == "factor"
    table["national_pct"] = table["indicator"].map(national).where(is_factor)
    table["national_year"] = table["national_pct"].notna().map({True: NATIONAL_YEAR, False: None})
    order = ["unit_type", "unit", "period", "indicator_type", "indicator", "label", "children",
             "children_with_notes", "rate_pct", "national_pct", "national_year"]
    extra = [column for column in table.columns if column not in order]
    return sorted_table(table[order + extra], RATE_KEYS)


def co_occurrence_rows(notes: pd.DataFrame, types: Iterable[str] = ("factor", "need"),
                       period: str | None = None) -> pd.DataFrame:
    """One row per child and (period,) indicator pair they hold both of: the co-occurrence cells' members."""
    long = note_indicators(notes)
    if period is not None:
        long = with_periods(long, period)
    by = ["child"] + (["period"] if period is not None else [])
    parts = []
    for kind in types:
        held = long[long["indicator_type"] == kind][by + ["indicator"]].drop_duplicates()
        pairs = held.merge(held, on=by, suffixes=("_a", "_b"))
        pairs = pairs[pairs["indicator_a"] <= pairs["indicator_b"]]
        parts.append(pairs.assign(indicator_type=kind))
    columns = by + ["indicator_type", "indicator_a", "indicator_b"]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return rows[columns] if len(rows) else pd.DataFrame(columns=columns)


def children_rows(notes: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """One row per child with an ok note (and period): the members of co-occurrence's denominator."""
    ok = notes[notes["status"] == "ok"]
    if period is None:
        return ok[["child"]].drop_duplicates(ignore_index=True)
    return with_periods(ok, period)[["child", "period"]].drop_duplicates(ignore_index=True)


def co_occurrence(notes: pd.DataFrame, types: Iterable[str] = ("factor", "need"), period: str | None = None) -> pd.DataFrame:
    """Children with both indicators at any time in the window (or in each period), all units together.

    One row per unordered pair within an indicator type (``indicator_a <= indicator_b``); the diagonal
    (a == b) is the number of children with that indicator. Undated notes count in the whole window.
    ``period`` (a grain) adds a ``period`` column: that grain's periods and ``all``; None = whole window only.
    """
    by = ["period"] if period is not None else []
    keys = by + ["indicator_type", "indicator_a", "indicator_b"]
    rows = co_occurrence_rows(notes, types, period)
    table = rows.groupby(keys)["child"].nunique().rename("children").reset_index() if len(rows) else \
        pd.DataFrame(columns=keys + ["children"])
    members = children_rows(notes, period)
    if period is None:
        table["children_with_notes"] = members["child"].nunique()
    else:
        denominators = members.groupby("period")["child"].nunique().rename("children_with_notes").reset_index()
        table = table.merge(denominators, how="left", on="period")
    table = table[keys + ["children", "children_with_notes"]]
    return sorted_table(table, keys)


def unmet_need(notes: pd.DataFrame, need_services: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Per child and need: when the need was first seen, whether a meeting service was involved or referred.

    ``days_unmet`` is the days from the first dated evidence of the need to the first date a meeting
    service appears (0 when one was already involved or referred before), or to the child's last dated
    note when none ever appears (``met`` False: still unmet at the end of the data). ``team``/``area``
    are those of the note where the need was first seen. Needs not in the mapping are not assessed.
    """
    dated = dated_notes(notes)
    columns = ["child", "child_source", "need", "team", "area", "first_need_date", "met", "meeting_service",
               "first_service_date", "last_note_date", "days_unmet"]
    needs = dated[["child", "child_source", "when", "team", "area", "needs"]].explode("needs").dropna(subset=["needs"])
    needs = needs[needs["needs"].isin(list(need_services))].rename(columns={"needs": "need"})
    if needs.empty:
        return pd.DataFrame(columns=columns)
    first = needs.sort_values("when").drop_duplicates(["child", "need"]).rename(columns={"when": "first_need_date"})
    services = dated[["child", "when", "services"]].explode("services").dropna(subset=["services"])
    meets = pd.DataFrame([(need, service) for need, names in need_services.items() for service in names],
                         columns=["need", "services"])
    met = (services.merge(meets, on="services").sort_values(["when", "services"])
           .drop_duplicates(["child", "need"])
           .rename(columns={"when": "first_service_date", "services": "meeting_service"}))
    last = dated.groupby("child")["when"].max().rename("last_note_date").reset_index()
    table = first.merge(met, how="left", on=["child", "need"]).merge(last, on="child")
    table["met"] = table["first_service_date"].notna()
    end = table["first_service_date"].where(table["met"], table["last_note_date"])
    table["days_unmet"] = (end - table["first_need_date"]).dt.days.clip(lower=0).astype("int64")
    for column in ("first_need_date", "first_service_date", "last_note_date"):
        table[column] = table[column].dt.date
    return sorted_table(table[columns], ["child", "need"])


def unmet_need_rows(unmet: pd.DataFrame, units: Sequence[str] = UNIT_COLUMNS, period: str | None = None) -> pd.DataFrame:
    """The child-level unmet-need table stacked per unit (and per period of ``first_need_date``)."""
    present = [column for column in units if column in unmet and (unmet[column] != UNKNOWN_UNIT).any()]
    stacked = with_units(unmet, present)
    if period is not None:
        stacked = with_periods(stacked.assign(first_need_when=pd.to_datetime(stacked["first_need_date"])), period,
                               when="first_need_when")
    return stacked


def unmet_need_summary(unmet: pd.DataFrame, units: Sequence[str] = UNIT_COLUMNS, period: str | None = None) -> pd.DataFrame:
    """Per unit (and period) and need: children with the need, children whose need stayed unmet, median durations.

    ``median_days_unmet`` is over children still unmet (days from first evidence to their last note);
    ``median_days_to_service`` over children whose need was met (0 when the service came first).
    ``period`` (a grain) groups children by the period their need was first seen in, plus ``all``.
    """
    by = ["unit_type", "unit"] + (["period"] if period is not None else []) + ["need"]
    columns = by + ["children_with_need", "children_unmet", "pct_unmet", "median_days_unmet", "median_days_to_service"]
    if unmet.empty:
        return pd.DataFrame(columns=columns)
    stacked = unmet_need_rows(unmet, units, period)
    grouped = stacked.groupby(by)
    table = grouped.agg(children_with_need=("child", "nunique"),
                        children_unmet=("met", lambda met: int((~met.astype(bool)).sum()))).reset_index()
    medians = {
        "median_days_unmet": stacked[~stacked["met"].astype(bool)],
        "median_days_to_service": stacked[stacked["met"].astype(bool)],
    }
    for name, subset in medians.items():
        values = subset.groupby(by)["days_unmet"].median().rename(name).reset_index()
        table = table.merge(values, how="left", on=by)
    table["pct_unmet"] = rate(table["children_unmet"], table["children_with_need"])
    return sorted_table(table[columns], by)


def data_quality(notes: pd.DataFrame) -> pd.DataFrame:
    """Counts of notes (never their text): errors by kind, empty, undated, no indicators, id fallbacks."""
    ok = notes["status"] == "ok"
    errors = notes.loc[~ok, "error"].fillna("").map(error_kind)
    problem, source = notes["date_problem"].where(ok), notes["child_source"].where(ok)
    no_indicators = ok & notes[list(LABEL_FIELDS)].apply(lambda row: not any(map(len, row)), axis=1)
    rows = [
        ("notes", "all notes", len(notes)),
        ("ok_notes", "notes processed", int(ok.sum())),
        ("error_notes", "notes with status error (counted here only)", int((~ok).sum())),
        ("empty_notes", "notes with empty or missing text", int(errors.isin(["text is empty", "text is missing"]).sum())),
        ("no_date", "processed notes with no date (left out of the monthly tables)", int((problem == "missing").sum())),
        ("invalid_date", "processed notes with a date that cannot be read (left out of the monthly tables)",
         int((problem == "invalid").sum())),
        ("no_indicators", "processed notes with no factor, need or service", int(no_indicators.sum())),
        ("child_from_case_id", "processed notes with no child_id, counted by case_id", int((source == "case_id").sum())),
        ("child_from_note_id", "processed notes with no child_id or case_id, counted by note_id",
         int((source == "note_id").sum())),
        ("children", "distinct children in processed notes (child_id, else case_id, else note_id)",
         int(notes.loc[ok, "child"].nunique())),
    ]
    rows += [(f"error: {kind}", "error notes of this kind", int(count)) for kind, count in errors.value_counts().items()]
    return pd.DataFrame(rows, columns=["measure", "description", "count"])


def rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num, den = numerator.astype("Float64"), denominator.astype("Float64")
    value = (100 * num / den.where(den > 0)).clip(upper=100).round(1)
    return value.astype("float64")


def sorted_table(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, ignore_index=True, key=lambda s: s.astype(str))
