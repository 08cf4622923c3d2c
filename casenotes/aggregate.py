"""Per-note labels -> need indicator tables, in pure pandas.

    >>> from casenotes.aggregate import aggregate
    >>> tables = aggregate("out/sample_notes.notes.jsonl", "out/indicators")
    >>> tables["unit_rates"].query("unit_type == 'all' and indicator == '3B'")

Reads casenotes output (``factors``, ``needs``, ``services`` and the pass-through columns ``child_id``,
``case_id``, ``date``, ``team``, ``area``), never the note text. Every table is tidy long form: one row
per unit, period and indicator.

Rules, all written into the ``about`` table of the output:

- **Who is counted.** A note's child is its ``child_id``, else its ``case_id``, else its ``note_id``
  (``child_source`` says which). Counts are of distinct children, not notes.
- **Periods.** The month of ``date`` (``YYYY-MM``) plus ``all`` for the whole window. Notes with no
  or an unreadable date are left out of the unit tables and counted in ``data_quality``; error records
  are counted in ``data_quality`` only.
- **Rates.** Children with the indicator / children with any note in that unit and period, in per cent.
  Factor rows carry the national rate from the CIN census (``national_pct``, ``national_year``).
- **Disclosure control** (on by default; :func:`suppress`): counts of 1 to ``threshold`` become
  missing with ``<count>_suppressed`` True; then secondary suppression; optional rounding; rates are
  computed from the published counts only. Optional differentially private counts (:func:`add_dp_noise`).
- **Child-level tables** (``child_indicators``, ``unmet_need``) are unit-record data for internal
  case work: they are not aggregated, suppressed or noised and must never be published.
"""

from __future__ import annotations

import csv
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import yaml

from casenotes.io import read_records
from casenotes.taxonomy import Taxonomy, load_taxonomy

INDICATOR_TYPES = ("factor", "need", "service")
UNIT_COLUMNS = ("team", "area")
NATIONAL_COLUMN, NATIONAL_YEAR = "england_2025_pct", "2024-25"
ALL = "all"
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
                "factors", "needs", "services")
CHILD_LEVEL_TABLES = ("child_indicators", "unmet_need")


@dataclass
class AggregateOptions:
    """Settings for :func:`aggregate`; every field is also a ``casenotes aggregate`` option."""

    period: str = "month"            # child_indicators period: month, quarter, year or all
    suppress: bool = True            # statistical disclosure control on published counts
    threshold: int = 5               # counts 1..threshold are suppressed
    round_to: int | None = None      # round published counts to the nearest round_to (e.g. 5)
    dp_epsilon: float | None = None  # epsilon per published count column (OpenDP), None = off
    need_services: Path | None = None  # need -> services YAML (default: casenotes/data/need_services.yaml)
    formats: tuple[str, ...] = ("parquet", "csv", "duckdb")


# -------------------------------------------------------------------------------------------- input

def load_notes(records_path: Path | str) -> pd.DataFrame:
    """One row per note with the columns aggregation needs; the note text is never read into memory.

    Adds ``child`` and ``child_source`` (which id was used), ``when`` (parsed date or NaT), ``date_problem``
    (``missing``/``invalid``/None) and ``month`` (``YYYY-MM`` or None).
    """
    rows = [{key: record.get(key) for key in NOTE_COLUMNS} for record in read_records(records_path)]
    return prepare_notes(pd.DataFrame(rows, columns=list(NOTE_COLUMNS)))


def prepare_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """Normalise a notes frame (hand-made in tests, or from :func:`load_notes`)."""
    notes = notes.copy()
    for column in NOTE_COLUMNS:
        if column not in notes:
            notes[column] = None
    for column in ("factors", "needs", "services"):
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
    for kind, column in (("factor", "factors"), ("need", "needs"), ("service", "services")):
        exploded = ok[keep + [column]].explode(column).dropna(subset=[column])
        parts.append(exploded.rename(columns={column: "indicator"}).assign(indicator_type=kind))
    long = pd.concat(parts, ignore_index=True)
    return long.drop_duplicates(["note_id", "indicator_type", "indicator"])


# ------------------------------------------------------------------------------------------- labels

def indicator_labels(taxonomy: Taxonomy | None = None) -> dict[tuple[str, str], str]:
    """(indicator_type, indicator) -> a readable label, from the taxonomy."""
    taxonomy = taxonomy or load_taxonomy()
    labels = {("factor", code): factor.description for code, factor in taxonomy.factors.items()}
    labels.update({("need", need_id): need.label for need_id, need in taxonomy.needs.items()})
    labels.update({("service", name): name for name in taxonomy.services})
    labels.update({("combination", key): label for key, (label, _) in COMBINATIONS.items()})
    return labels


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

    ``period`` is ``month``, ``quarter``, ``year`` or ``all``; undated notes get the period ``undated``.
    """
    long = note_indicators(notes)
    long = long[long["indicator_type"] != "combination"]
    freq = {"month": "M", "quarter": "Q", "year": "Y"}.get(period)
    if period == ALL:
        long = long.assign(period=ALL)
    elif freq is None:
        raise ValueError(f"period must be month, quarter, year or all, not {period!r}")
    else:
        long = long.assign(period=long["when"].dt.to_period(freq).astype(str).where(long["when"].notna(), "undated"))
    grouped = long.groupby(["child", "child_source", "period", "indicator_type", "indicator"], dropna=False)
    table = grouped.agg(first_seen=("when", "min"), last_seen=("when", "max"), notes=("note_id", "nunique"))
    table = table.reset_index()
    for column in ("first_seen", "last_seen"):
        table[column] = table[column].dt.date
    return table.sort_values(["child", "period", "indicator_type", "indicator"], ignore_index=True)


# ------------------------------------------------------------------------------------- unit level

def _units(notes: pd.DataFrame) -> list[str]:
    """Unit columns with at least one known value."""
    return [column for column in UNIT_COLUMNS if (notes[column] != UNKNOWN_UNIT).any()]


def _with_units(frame: pd.DataFrame, units: Sequence[str]) -> pd.DataFrame:
    """Stack a frame once per unit type: (unit_type, unit) = ('all', 'all'), ('team', 'East'), ..."""
    parts = [frame.assign(unit_type=ALL, unit=ALL)]
    parts += [frame.assign(unit_type=column, unit=frame[column]) for column in units]
    return pd.concat(parts, ignore_index=True)


def _with_periods(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([frame.assign(period=frame["month"]), frame.assign(period=ALL)], ignore_index=True)


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


def unit_month_rates(notes: pd.DataFrame, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Per unit (all, team, area), period (month and ``all``) and indicator: children and rate.

    Columns: unit_type, unit, period, indicator_type, indicator, label, children, children_with_notes,
    rate_pct, national_pct, national_year. Every indicator seen anywhere gets a row in every unit and
    period, zeros included, so a missing row never hides a count.
    """
    dated = notes[(notes["status"] == "ok") & notes["when"].notna()]
    units = _units(notes)
    base = _with_periods(_with_units(dated, units))
    denominators = (base.groupby(["unit_type", "unit", "period"])["child"].nunique()
                    .rename("children_with_notes").reset_index())
    long = note_indicators(dated)
    long = _with_periods(_with_units(long, units))
    long = pd.concat([long, _unit_combinations(long)], ignore_index=True)
    numerators = (long.groupby(["unit_type", "unit", "period", "indicator_type", "indicator"])["child"]
                  .nunique().rename("children").reset_index())
    combinations = pd.DataFrame({"indicator_type": "combination", "indicator": list(COMBINATIONS)})
    indicators = pd.concat([numerators[["indicator_type", "indicator"]], combinations]).drop_duplicates()
    grid = denominators.merge(indicators, how="cross")
    table = grid.merge(numerators, how="left", on=["unit_type", "unit", "period", "indicator_type", "indicator"])
    table["children"] = table["children"].fillna(0).astype("int64")
    table = _add_labels(table, taxonomy)
    table["rate_pct"] = _rate(table["children"], table["children_with_notes"])
    national = national_rates()
    is_factor = table["indicator_type"] == "factor"
    table["national_pct"] = table["indicator"].map(national).where(is_factor)
    table["national_year"] = table["national_pct"].notna().map({True: NATIONAL_YEAR, False: None})
    order = ["unit_type", "unit", "period", "indicator_type", "indicator", "label", "children",
             "children_with_notes", "rate_pct", "national_pct", "national_year"]
    return _sorted(table[order], ["unit_type", "unit", "period", "indicator_type", "indicator"])


def co_occurrence(notes: pd.DataFrame, types: Iterable[str] = ("factor", "need")) -> pd.DataFrame:
    """Children with both indicators at any time in the window, all units together.

    One row per unordered pair within an indicator type (``indicator_a <= indicator_b``); the diagonal
    (a == b) is the number of children with that indicator. Undated notes count here.
    """
    long = note_indicators(notes)
    rows = []
    for kind in types:
        held = long[long["indicator_type"] == kind][["child", "indicator"]].drop_duplicates()
        pairs = held.merge(held, on="child", suffixes=("_a", "_b"))
        pairs = pairs[pairs["indicator_a"] <= pairs["indicator_b"]]
        counts = pairs.groupby(["indicator_a", "indicator_b"])["child"].nunique().rename("children").reset_index()
        rows.append(counts.assign(indicator_type=kind))
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["indicator_a", "indicator_b", "children", "indicator_type"])
    table["children_with_notes"] = notes.loc[notes["status"] == "ok", "child"].nunique()
    table = table[["indicator_type", "indicator_a", "indicator_b", "children", "children_with_notes"]]
    return _sorted(table, ["indicator_type", "indicator_a", "indicator_b"])


def unmet_need(notes: pd.DataFrame, need_services: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Per child and need: when the need was first seen, whether a meeting service was involved or referred.

    ``days_unmet`` is the days from the first dated evidence of the need to the first date a meeting
    service appears (0 when one was already involved or referred before), or to the child's last dated
    note when none ever appears (``met`` False: still unmet at the end of the data). ``team``/``area``
    are those of the note where the need was first seen. Needs not in the mapping are not assessed.
    """
    dated = notes[(notes["status"] == "ok") & notes["when"].notna()]
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
    return _sorted(table[columns], ["child", "need"])


def unmet_need_summary(unmet: pd.DataFrame, units: Sequence[str] = UNIT_COLUMNS) -> pd.DataFrame:
    """Per unit and need: children with the need, children whose need stayed unmet, median durations.

    ``median_days_unmet`` is over children still unmet (days from first evidence to their last note);
    ``median_days_to_service`` over children whose need was met (0 when the service came first).
    """
    columns = ["unit_type", "unit", "need", "children_with_need", "children_unmet", "pct_unmet",
               "median_days_unmet", "median_days_to_service"]
    if unmet.empty:
        return pd.DataFrame(columns=columns)
    present = [column for column in units if column in unmet and (unmet[column] != UNKNOWN_UNIT).any()]
    stacked = _with_units(unmet, present)
    grouped = stacked.groupby(["unit_type", "unit", "need"])
    table = grouped.agg(children_with_need=("child", "nunique"),
                        children_unmet=("met", lambda met: int((~met.astype(bool)).sum()))).reset_index()
    medians = {
        "median_days_unmet": stacked[~stacked["met"].astype(bool)],
        "median_days_to_service": stacked[stacked["met"].astype(bool)],
    }
    for name, subset in medians.items():
        values = subset.groupby(["unit_type", "unit", "need"])["days_unmet"].median().rename(name).reset_index()
        table = table.merge(values, how="left", on=["unit_type", "unit", "need"])
    table["pct_unmet"] = _rate(table["children_unmet"], table["children_with_need"])
    return _sorted(table[columns], ["unit_type", "unit", "need"])


def data_quality(notes: pd.DataFrame) -> pd.DataFrame:
    """Counts of notes (never their text): errors by kind, empty, undated, no indicators, id fallbacks."""
    from casenotes.pipeline import error_kind

    ok = notes["status"] == "ok"
    errors = notes.loc[~ok, "error"].fillna("").map(error_kind)
    problem, source = notes["date_problem"].where(ok), notes["child_source"].where(ok)
    no_indicators = ok & notes[["factors", "needs", "services"]].apply(lambda row: not any(map(len, row)), axis=1)
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


# --------------------------------------------------------------------------- disclosure control

def suppress(
    df: pd.DataFrame,
    threshold: int = 5,
    round_to: int | None = None,
    *,
    count_col: str = "children",
    margins: Sequence[Sequence[str]] = (),
) -> pd.DataFrame:
    """DfE-style statistical disclosure control on one count column.

    1. **Primary:** counts from 1 to ``threshold`` are suppressed (zeros are shown).
    2. **Secondary:** ``margins`` lists groups of cells that add up to a published total (e.g. the
       teams of one month and indicator add up to the all-teams row). In every group with exactly one
       suppressed cell, the next-smallest cell is suppressed too, preferring a non-zero one, so the
       suppressed cell cannot be worked back from the total. Repeated until no group changes.
    3. **Rounding** (``round_to``, e.g. 5): published counts are rounded to the nearest multiple.

    Suppressed counts become missing (``<NA>``) and ``<count_col>_suppressed`` is True. The input is
    not changed.
    """
    out = df.copy()
    counts = out[count_col].astype("Float64").to_numpy(dtype=float, na_value=math.nan)
    hidden = (counts >= 1) & (counts <= threshold)
    groups = [out.groupby(list(margin), dropna=False, sort=False).ngroup().to_numpy() for margin in margins]
    changed = bool(groups) and len(out) > 0  # an empty table (no note has the indicator) has nothing to hide
    while changed:
        changed = False
        for group in groups:
            per_group = np.bincount(group, weights=hidden, minlength=group.max() + 1)
            for lonely in np.flatnonzero(per_group == 1):
                open_cells = np.flatnonzero((group == lonely) & ~hidden & ~np.isnan(counts))
                if open_cells.size == 0:
                    continue
                nonzero = open_cells[counts[open_cells] > 0]
                pool = nonzero if nonzero.size else open_cells
                hidden[pool[np.argmin(counts[pool])]] = True
                changed = True
    published = np.where(hidden, np.nan, counts)
    if round_to:
        published = np.floor(published / round_to + 0.5) * round_to
    out[count_col] = pd.array(np.round(published), dtype="Float64").astype("Int64")
    out[f"{count_col}_suppressed"] = hidden
    return out


def add_dp_noise(df: pd.DataFrame, count_col: str, epsilon: float, contributions: int, seed: Any = None) -> tuple[pd.DataFrame, dict]:
    """Replace ``count_col`` by differentially private counts (OpenDP discrete Laplace, clamped at 0).

    ``contributions`` is the most cells one child adds 1 to in this column (the L1 sensitivity); the
    noise scale is ``contributions / epsilon``, so the whole column is ``epsilon``-DP with respect to
    adding or removing one child. Returns the frame and a row for the ``privacy`` table.
    """
    try:
        import opendp.prelude as dp
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError("differentially private counts need OpenDP: pip install opendp") from error
    dp.enable_features("contrib")
    contributions = max(int(contributions), 1)
    scale = contributions / float(epsilon)
    domain = dp.vector_domain(dp.atom_domain(T=int))
    measurement = dp.m.make_laplace(domain, dp.l1_distance(T=int), scale=scale)
    out = df.copy()
    noisy = measurement([int(value) for value in out[count_col].fillna(0)])
    out[count_col] = pd.Series([max(value, 0) for value in noisy], index=out.index, dtype="int64")
    budget = {"column": count_col, "mechanism": "discrete Laplace (OpenDP make_laplace, L1)",
              "sensitivity_cells_per_child": contributions, "scale": scale,
              "epsilon": float(measurement.map(contributions))}
    return out, budget


@dataclass
class _Published:
    """How one count column of a table is published: its margins and its sensitivity under DP."""

    table: str
    column: str
    margins: tuple[tuple[str, ...], ...]
    contributions: int


def _publish(tables: dict[str, pd.DataFrame], plans: list[_Published], options: AggregateOptions) -> list[dict]:
    budget = []
    for plan in plans:
        frame = tables[plan.table]
        if options.dp_epsilon:
            frame, row = add_dp_noise(frame, plan.column, options.dp_epsilon, plan.contributions)
            budget.append({"table": plan.table, **row})
        if options.suppress:
            frame = suppress(frame, options.threshold, options.round_to, count_col=plan.column, margins=plan.margins)
        elif options.round_to:
            frame = suppress(frame, 0, options.round_to, count_col=plan.column)
        tables[plan.table] = frame
    _recompute_rates(tables)
    return budget


def _recompute_rates(tables: dict[str, pd.DataFrame]) -> None:
    """Rates from published counts only, so a rate never reveals a suppressed or rounded count."""
    rates = tables["unit_rates"]
    rates["rate_pct"] = _rate(rates["children"], rates["children_with_notes"])
    summary = tables["unmet_need_summary"]
    if not summary.empty:
        summary["pct_unmet"] = _rate(summary["children_unmet"], summary["children_with_need"])
        unmet_shown = summary["children_unmet"].notna()
        met = summary["children_with_need"].astype("Float64") - summary["children_unmet"].astype("Float64")
        summary["median_days_unmet"] = summary["median_days_unmet"].where(unmet_shown)
        summary["median_days_to_service"] = summary["median_days_to_service"].where(unmet_shown & (met > 0))


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num, den = numerator.astype("Float64"), denominator.astype("Float64")
    rate = (100 * num / den.where(den > 0)).clip(upper=100).round(1)
    return rate.astype("float64")


def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, ignore_index=True, key=lambda s: s.astype(str))


# ----------------------------------------------------------------------------------- the whole job

def build_tables(notes: pd.DataFrame, options: AggregateOptions | None = None,
                 taxonomy: Taxonomy | None = None) -> dict[str, pd.DataFrame]:
    """Every table from a prepared notes frame, with disclosure control applied to the published ones."""
    options = options or AggregateOptions()
    taxonomy = taxonomy or load_taxonomy()
    mapping = load_need_services(options.need_services, taxonomy)
    unmet = unmet_need(notes, mapping)
    tables = {
        "child_indicators": child_indicators(notes, options.period),
        "unit_rates": unit_month_rates(notes, taxonomy),
        "co_occurrence": co_occurrence(notes),
        "unmet_need": unmet,
        "unmet_need_summary": unmet_need_summary(unmet, _units(notes)),
        "data_quality": data_quality(notes),
    }
    budget = _publish(tables, _plans(notes, tables, unmet), options)
    if options.dp_epsilon:
        tables["privacy"] = pd.DataFrame(budget)
    tables["about"] = _about(notes, options, taxonomy, budget)
    return tables


def _plans(notes: pd.DataFrame, tables: dict[str, pd.DataFrame], unmet: pd.DataFrame) -> list[_Published]:
    """Published count columns, their additive margins and how many cells one child can touch."""
    across_units = ("unit_type", "period", "indicator_type", "indicator")
    n_units = 1 + len(_units(notes))
    months_per_child = notes[notes["when"].notna()].groupby("child")["month"].nunique()
    den_cells = n_units * (int(months_per_child.max()) + 1 if len(months_per_child) else 1)
    pairs = tables["co_occurrence"]
    return [
        _Published("unit_rates", "children", (across_units,), _cells_per_child(notes)),
        _Published("unit_rates", "children_with_notes", (("unit_type", "period", "indicator_type", "indicator"),),
                   den_cells),
        _Published("co_occurrence", "children", (), max(len(pairs), 1)),
        _Published("unmet_need_summary", "children_with_need", (("unit_type", "need"),),
                   n_units * max(len(unmet["need"].unique()) if not unmet.empty else 1, 1)),
        _Published("unmet_need_summary", "children_unmet", (("unit_type", "need"),),
                   n_units * max(len(unmet["need"].unique()) if not unmet.empty else 1, 1)),
    ]


def _cells_per_child(notes: pd.DataFrame) -> int:
    """The most unit_rates cells one child is counted in (observed): the L1 sensitivity used for DP."""
    dated = notes[(notes["status"] == "ok") & notes["when"].notna()]
    if dated.empty:
        return 1
    long = _with_periods(_with_units(note_indicators(dated), _units(notes)))
    long = pd.concat([long, _unit_combinations(long)], ignore_index=True)
    cells = long.drop_duplicates(["child", "unit_type", "unit", "period", "indicator_type", "indicator"])
    return int(cells.groupby("child").size().max()) if len(cells) else 1  # no note has an indicator


def _about(notes: pd.DataFrame, options: AggregateOptions, taxonomy: Taxonomy, budget: list[dict]) -> pd.DataFrame:
    settings = asdict(options)
    rows = [
        ("generated_at", datetime.now(timezone.utc).isoformat(timespec="seconds")),
        ("taxonomy_version", taxonomy.version),
        ("child_identifier", "child_id, else case_id, else note_id (see child_source)"),
        ("period", "month of the date column (YYYY-MM); 'all' = the whole window; undated notes only in data_quality"),
        ("rate", "children with the indicator / children with any note in the unit and period, per cent"),
        ("national_rate", f"CIN census, England, {NATIONAL_YEAR}: % of episodes with the factor at assessment "
                          f"(column {NATIONAL_COLUMN} of cin_assessment_factors.csv)"),
        ("suppression", f"counts 1-{options.threshold} suppressed, with secondary suppression across units"
                        if options.suppress else "off"),
        ("rounding", f"nearest {options.round_to}" if options.round_to else "none"),
        ("differential_privacy", "off" if not options.dp_epsilon else
         f"epsilon {options.dp_epsilon} per published count column; {len(budget)} columns; total epsilon "
         f"{sum(row['epsilon'] for row in budget):g} by sequential composition (see the privacy table); the "
         "unit_rates sensitivity is the most cells any child is counted in here, read from the data, so the "
         "guarantee holds for children within that bound"),
        ("child_level_tables", ", ".join(CHILD_LEVEL_TABLES) + ": unit-record data, not suppressed; never publish"),
        ("settings", str({key: str(value) for key, value in settings.items()})),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``, from a team or case id)
    get a leading apostrophe, so Excel shows them as text (OWASP's advice for CSV injection)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda value: "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value)
    return out


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path | str,
                 formats: Iterable[str] = ("parquet", "csv", "duckdb")) -> Path:
    """Each table as ``<name>.parquet`` and ``<name>.csv``, and all of them in ``indicators.duckdb``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = set(formats)
    for name, frame in tables.items():
        if "parquet" in formats:
            frame.to_parquet(out_dir / f"{name}.parquet", index=False)
        if "csv" in formats:
            spreadsheet_safe(frame).to_csv(out_dir / f"{name}.csv", index=False)
    if "duckdb" in formats:
        import duckdb

        path = out_dir / "indicators.duckdb"
        path.unlink(missing_ok=True)
        with duckdb.connect(str(path)) as connection:
            for name, frame in tables.items():
                connection.register("frame", frame)
                connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
                connection.unregister("frame")
    return out_dir


def aggregate(records_path: Path | str, out_dir: Path | str | None = None,
              options: AggregateOptions | None = None) -> dict[str, pd.DataFrame]:
    """Read casenotes output, build every table, and write them to ``out_dir`` (when given)."""
    options = options or AggregateOptions()
    notes = load_notes(records_path)
    if notes.empty:
        raise ValueError(f"{Path(records_path).name} holds no notes: nothing to aggregate")
    tables = build_tables(notes, options)
    if out_dir is not None:
        write_tables(tables, out_dir, options.formats)
    return tables


def read_tables(out_dir: Path | str) -> dict[str, pd.DataFrame]:
    """Tables written by :func:`aggregate`, back from their Parquet files."""
    return {path.stem: pd.read_parquet(path) for path in sorted(Path(out_dir).glob("*.parquet"))}
