"""Every table, with disclosure control and (optionally) differential privacy: :func:`build_tables`, :func:`aggregate`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from casenotes.indicators import privacy
from casenotes.indicators.disclosure import suppress
from casenotes.indicators.layout import (  # noqa: F401 - re-exported
    CHILD_LEVEL_TABLES,
    DP_INTERNAL_TABLES,
    INTERNAL_TABLES,
    internal_tables,
    provenance_of,
    published_tables,
)
from casenotes.indicators.periods import ALL, check_grain
from casenotes.indicators.provenance import casenotes_version, dumps, fingerprint, taxonomy_text
from casenotes.indicators.tables import (
    NATIONAL_COLUMN,
    NATIONAL_YEAR,
    RATE_KEYS,
    UNIT_KEYS,
    all_indicators,
    child_indicators,
    children_rows,
    co_occurrence,
    co_occurrence_rows,
    data_quality,
    finish_unit_rates,
    load_need_services,
    load_notes_and_sources,
    rate,
    sorted_table,
    unit_child_rows,
    unit_indicator_rows,
    unit_month_rates,
    units_of,
    unmet_need,
    unmet_need_rows,
    unmet_need_summary,
)
from casenotes.taxonomy import Taxonomy, load_taxonomy
GEOGRAPHY_FIELDS = ("new_la_code", "old_la_code", "la_name", "region_code", "region_name")


@dataclass
class AggregateOptions:
    """Settings for :func:`aggregate`; every field is also a ``casenotes aggregate`` option."""

    period: str = "month"            # grain of every table: month, quarter, year, financial-year or all
    suppress: bool = True            # statistical disclosure control on published counts
    threshold: int = 5               # counts 1..threshold are suppressed
    round_to: int | None = None      # round published counts to the nearest round_to (e.g. 5)
    dp_epsilon: float | None = None  # total epsilon of the whole differentially private release, None = off
    dp_contributions: int = privacy.DEFAULT_DP_CONTRIBUTIONS  # cells per child per count column (privacy unit)
    dp_max_noise_share: float = privacy.DEFAULT_DP_MAX_NOISE_SHARE  # refuse above this noise / median count
    force: bool = False              # publish a release that fails the noise rule, every row flagged
    need_services: Path | None = None  # need -> services YAML (default: casenotes/data/need_services.yaml)
    lexicon: Path | None = None      # the council overlay the notes were extracted with (labels, taxonomy version)
    formats: tuple[str, ...] = ("parquet", "csv", "duckdb")  # add "ees" and/or "xlsx"
    geography: Mapping[str, str] | None = None  # EES: new_la_code, old_la_code, la_name, region_code, region_name


# ------------------------------------------------------------------------------- exact publication

@dataclass
class _Published:
    """How one count column of a table is published: the margins that add up to a published total."""

    table: str
    column: str
    margins: tuple[tuple[str, ...], ...]


def _plans(side_grain: str | None) -> list[_Published]:
    across_units = ("unit_type", "period", "indicator_type", "indicator")
    unmet_margin = ("unit_type",) + (("period",) if side_grain else ()) + ("need",)
    return [
        _Published("unit_rates", "children", (across_units,)),
        _Published("unit_rates", "children_with_notes", (across_units,)),
        _Published("co_occurrence", "children", ()),
        _Published("unmet_need_summary", "children_with_need", (unmet_margin,)),
        _Published("unmet_need_summary", "children_unmet", (unmet_margin,)),
    ]


def _disclosure_control(tables: dict[str, pd.DataFrame], plans: Sequence[_Published], options: AggregateOptions) -> None:
    for plan in plans:
        frame = tables[plan.table]
        if options.suppress:
            frame = suppress(frame, options.threshold, options.round_to, count_col=plan.column, margins=plan.margins)
        elif options.round_to:
            frame = suppress(frame, 0, options.round_to, count_col=plan.column)
        tables[plan.table] = frame
    _recompute_rates(tables)


def _recompute_rates(tables: dict[str, pd.DataFrame]) -> None:
    """Rates from published counts only, so a rate never reveals a suppressed or rounded count."""
    rates = tables["unit_rates"]
    rates["rate_pct"] = rate(rates["children"], rates["children_with_notes"])
    summary = tables["unmet_need_summary"]
    if not summary.empty:
        summary["pct_unmet"] = rate(summary["children_unmet"], summary["children_with_need"])
        unmet_shown = summary["children_unmet"].notna()
        met = summary["children_with_need"].astype("Float64") - summary["children_unmet"].astype("Float64")
        summary["median_days_unmet"] = summary["median_days_unmet"].where(unmet_shown)
        summary["median_days_to_service"] = summary["median_days_to_service"].where(unmet_shown & (met > 0))


# --------------------------------------------------------------------------- private publication

def _periods(notes: pd.DataFrame, grain: str) -> list[str]:
    """The periods covered (treated as public, like team names) and ``all``."""
    if grain == ALL:
        return [ALL]
    rows = unit_child_rows(notes, grain)
    return sorted(set(rows["period"]) - {ALL}) + [ALL]


def _unit_pairs(notes: pd.DataFrame) -> pd.DataFrame:
    pairs = [(ALL, ALL)] + [(column, unit) for column in units_of(notes)
                            for unit in sorted(notes.loc[notes["status"] == "ok", column].unique())]
    return pd.DataFrame(pairs, columns=["unit_type", "unit"])


def _cross(*frames: pd.DataFrame) -> pd.DataFrame:
    out = frames[0]
    for frame in frames[1:]:
        out = out.merge(frame, how="cross")
    return out.reset_index(drop=True)


def _pair_grid(taxonomy: Taxonomy) -> pd.DataFrame:
    labels = taxonomy.labels()
    rows = [(kind, a, b) for kind in ("factor", "need") for a in labels[kind] for b in labels[kind] if a <= b]
    return pd.DataFrame(rows, columns=["indicator_type", "indicator_a", "indicator_b"])


def _count_columns(notes: pd.DataFrame, unmet: pd.DataFrame, mapping: Mapping[str, Sequence[str]], grain: str,
                   side_grain: str | None, taxonomy: Taxonomy) -> list[privacy.CountColumn]:
    """Every published count column as public cells and member rows (the children counted in each cell)."""
    periods = pd.DataFrame({"period": _periods(notes, grain)})
    side_periods = pd.DataFrame({"period": _periods(notes, side_grain)}) if side_grain else None
    units = _unit_pairs(notes)
    unit_grid = _cross(units, periods)
    by = ["period"] if side_grain else ["scope"]  # a one-cell column still needs a key to join on
    whole = side_periods if side_grain else pd.DataFrame({"scope": [ALL]})
    pair_rows = co_occurrence_rows(notes, period=side_grain)
    children = children_rows(notes, side_grain)
    if not side_grain:
        pair_rows, children = pair_rows.assign(scope=ALL), children.assign(scope=ALL)
    unmet_keys = ["unit_type", "unit"] + (["period"] if side_grain else []) + ["need"]
    unmet_grid = _cross(*[units] + ([side_periods] if side_grain else []) + [pd.DataFrame({"need": list(mapping)})])
    stacked = (unmet_need_rows(unmet, period=side_grain) if not unmet.empty
               else pd.DataFrame(columns=["child", "met"] + unmet_keys))
    return [
        privacy.CountColumn("unit_rates", "children", RATE_KEYS, _cross(unit_grid, all_indicators(taxonomy)),
                            unit_indicator_rows(notes, grain)),
        privacy.CountColumn("unit_rates", "children_with_notes", UNIT_KEYS, unit_grid, unit_child_rows(notes, grain)),
        privacy.CountColumn("co_occurrence", "children", by + ["indicator_type", "indicator_a", "indicator_b"],
                            _cross(whole, _pair_grid(taxonomy)), pair_rows),
        privacy.CountColumn("co_occurrence", "children_with_notes", by, whole, children),
        privacy.CountColumn("unmet_need_summary", "children_with_need", unmet_keys, unmet_grid, stacked),
        privacy.CountColumn("unmet_need_summary", "children_unmet", unmet_keys, unmet_grid,
                            stacked[~stacked["met"].astype(bool)]),
    ]


def _private_tables(notes: pd.DataFrame, unmet: pd.DataFrame, mapping: Mapping[str, Sequence[str]], grain: str,
                    side_grain: str | None, taxonomy: Taxonomy, options: AggregateOptions,
                    rng: np.random.Generator | None) -> tuple[dict[str, pd.DataFrame], privacy.Release]:
    """unit_rates, co_occurrence and unmet_need_summary from one OpenDP release over their full public grids."""
    columns = {column.name: column for column in _count_columns(notes, unmet, mapping, grain, side_grain, taxonomy)}
    result = privacy.release(list(columns.values()), float(options.dp_epsilon), options.dp_contributions, rng)

    def noisy(name: str, as_column: str) -> pd.DataFrame:
        column = columns[name]
        return column.grid.assign(**{as_column: result.counts[name]})

    denominators = noisy("unit_rates.children_with_notes", "children_with_notes")
    numerators = noisy("unit_rates.children", "children")
    grid = denominators.merge(numerators[["indicator_type", "indicator"]].drop_duplicates(), how="cross")
    rates = finish_unit_rates(grid, numerators, taxonomy)

    pairs = noisy("co_occurrence.children", "children")
    pair_totals = noisy("co_occurrence.children_with_notes", "children_with_notes")
    keys = columns["co_occurrence.children"].keys
    pairs = pairs.merge(pair_totals, on=columns["co_occurrence.children_with_notes"].keys)
    if not side_grain:
        pairs, keys = pairs.drop(columns="scope"), keys[1:]
    pairs = sorted_table(pairs[keys + ["children", "children_with_notes"]], keys)

    unmet_keys = columns["unmet_need_summary.children_with_need"].keys
    summary = noisy("unmet_need_summary.children_with_need", "children_with_need")
    summary["children_unmet"] = result.counts["unmet_need_summary.children_unmet"]
    summary["pct_unmet"] = rate(summary["children_unmet"], summary["children_with_need"])
    summary["median_days_unmet"] = math.nan  # medians are not differentially private: withheld
    summary["median_days_to_service"] = math.nan
    summary = sorted_table(summary, unmet_keys)
    return {"unit_rates": rates, "co_occurrence": pairs, "unmet_need_summary": summary}, result


def _dp_finish(tables: dict[str, pd.DataFrame], result: privacy.Release, options: AggregateOptions) -> pd.DataFrame:
    """Intervals, the noise rule and the ``dp_unreliable`` flags on the published (noised, suppressed) tables;
    returns the ``privacy`` table. Raises :class:`privacy.DPRefused` when the rule fails and force is off."""
    share_limit = float(options.dp_max_noise_share)
    rates = tables["unit_rates"]
    population = rates.drop_duplicates(UNIT_KEYS)["children_with_notes"]
    reference, share = privacy.noise_share(population, result.scale)
    failed = not share <= share_limit
    if failed and not options.force:
        raise privacy.DPRefused(_refusal(reference, share, result.scale, share_limit))
    for name in {row["table"] for row in result.columns}:
        frame = tables[name]
        flag = pd.Series(failed, index=frame.index)  # a forced failing release: every row
        for column in [row["column"] for row in result.columns if row["table"] == name]:
            low, high = privacy.interval(frame[column], result.ci_half_width, options.round_to)
            frame[f"{column}_ci_low"], frame[f"{column}_ci_high"] = low, high
            shown = frame[column].astype("Float64")
            flag |= (shown.notna() & (result.scale > share_limit * shown)).fillna(False).astype(bool)
        frame["dp_unreliable"] = flag.to_numpy()
    common = {"mechanism": privacy.MECHANISM, "scale": result.scale, "epsilon_per_cell": result.epsilon_per_cell,
              "ci95_half_width": result.ci_half_width}
    rows = [{**row, **common, "max_noise_share": share_limit, "unreliable": failed} for row in result.columns]
    rows.append({"table": ALL, "column": ALL, "cells": sum(row["cells"] for row in rows),
                 "contributions": sum(row["contributions"] for row in rows), "epsilon": result.epsilon_total,
                 **common, "reference_count": reference, "noise_share": share, "max_noise_share": share_limit,
                 "unreliable": failed})
    order = ["table", "column", "cells", "contributions", "epsilon", "epsilon_per_cell", "mechanism", "scale",
             "ci95_half_width", "reference_count", "noise_share", "max_noise_share", "unreliable"]
    return pd.DataFrame(rows).reindex(columns=order)


def _refusal(reference: float, share: float, scale: float, limit: float) -> str:
    found = (f"noise scale {scale:.3g} is {share:.2g} times the median published number of children per unit and "
             f"period ({reference:g})" if math.isfinite(share) else "no unit and period has a published number of "
             "children above zero")
    return ("differential privacy: the noise would swamp the counts, so nothing was written: " + found
            + f" (the limit, --dp-max-noise-share, is {limit:g} times). Publish fewer, larger cells (--period quarter, "
            "year or financial-year), spend more budget (--dp-epsilon), bound each child's cells tighter "
            "(--dp-contributions), or publish anyway with --force (every row is then flagged dp_unreliable). "
            "This run's noisy counts are discarded, but count as spent budget.")


# ----------------------------------------------------------------------------------- the whole job

def build_tables(notes: pd.DataFrame, options: AggregateOptions | None = None, taxonomy: Taxonomy | None = None,
                 sources: Sequence[Mapping] = (), rng: np.random.Generator | None = None) -> dict[str, pd.DataFrame]:
    """Every table from a prepared notes frame, with disclosure control applied to the published ones.

    ``sources`` are the distinct ``provenance`` dicts of the input records (see :func:`aggregate`).
    Raises :class:`casenotes.indicators.privacy.DPRefused` when a DP release fails the noise rule.
    """
    options = options or AggregateOptions()
    grain = check_grain(options.period)
    side_grain = None if grain == "month" else grain  # whole-window tables: by period beyond the default month
    taxonomy = taxonomy or load_taxonomy(extra=options.lexicon)
    mapping = load_need_services(options.need_services, taxonomy)
    unmet = unmet_need(notes, mapping)
    tables: dict[str, pd.DataFrame] = {"child_indicators": child_indicators(notes, grain)}
    result = None
    if options.dp_epsilon:
        published, result = _private_tables(notes, unmet, mapping, grain, side_grain, taxonomy, options, rng)
    else:
        published = {"unit_rates": unit_month_rates(notes, taxonomy, grain),
                     "co_occurrence": co_occurrence(notes, period=side_grain),
                     "unmet_need_summary": unmet_need_summary(unmet, units_of(notes), side_grain)}
    tables.update(unit_rates=published["unit_rates"], co_occurrence=published["co_occurrence"], unmet_need=unmet,
                  unmet_need_summary=published["unmet_need_summary"], data_quality=data_quality(notes))
    _disclosure_control(tables, _plans(side_grain), options)
    dp_block = None
    if result is not None:
        tables["privacy"] = _dp_finish(tables, result, options)
        tables["dp_clipping"] = pd.DataFrame(result.clipping)
        dp_block = _dp_block(tables["privacy"], result, options)
    used = taxonomy_text(taxonomy.version, options.lexicon)
    provenance = {"casenotes": casenotes_version(), "taxonomy": used, "settings": settings(options),
                  "dp": dp_block, "sources": [dict(source) for source in sources]}
    tables["about"] = _about(options, taxonomy, tables, provenance, side_grain)
    return tables


def settings(options: AggregateOptions) -> dict:
    """Every option that changes what is published (not where or in which formats it is written)."""
    dp_on = bool(options.dp_epsilon)
    return {
        "period": options.period,
        "suppress": options.suppress,
        "threshold": options.threshold if options.suppress else None,
        "round_to": options.round_to,
        "dp_epsilon": options.dp_epsilon,
        "dp_contributions": options.dp_contributions if dp_on else None,
        "dp_max_noise_share": options.dp_max_noise_share if dp_on else None,
        "force": options.force if dp_on else None,
        "need_services": fingerprint(options.need_services) or "bundled need_services.yaml",
        "lexicon": fingerprint(options.lexicon),
        "geography": {key: value for key, value in (options.geography or {}).items() if value} or None,
    }


def _dp_block(table: pd.DataFrame, result: privacy.Release, options: AggregateOptions) -> dict:
    columns = table[table["table"] != ALL]
    total = table[table["table"] == ALL].iloc[0]
    return {
        "mechanism": privacy.MECHANISM,
        "opendp": privacy.opendp_version(),
        "privacy_unit": "one child (child_id, else case_id, else note_id)",
        "contributions_per_column": int(options.dp_contributions),
        "contributions_total": int(columns["contributions"].sum()),
        "epsilon_total": result.epsilon_total,
        "epsilon_per_cell": result.epsilon_per_cell,
        "scale": result.scale,
        "ci95_half_width": result.ci_half_width,
        "cells": int(columns["cells"].sum()),
        "reference_count": _number(total["reference_count"]),
        "noise_share": _number(total["noise_share"]),
        "max_noise_share": float(options.dp_max_noise_share),
        "unreliable": bool(total["unreliable"]),
        "forced": bool(options.force and total["unreliable"]),
        "columns": [{"table": row["table"], "column": row["column"], "cells": int(row["cells"]),
                     "contributions": int(row["contributions"]), "epsilon": float(row["epsilon"])}
                    for _, row in columns.iterrows()],
    }


def _number(value: float) -> float | None:
    """JSON has no NaN or infinity: None stands for 'none published'."""
    return float(value) if math.isfinite(value) else None


PERIOD_TEXT = {
    "month": "month of the date column (YYYY-MM)",
    "quarter": "calendar quarter of the date column (YYYY-Qn)",
    "year": "calendar year of the date column (YYYY)",
    "financial-year": "financial year of the date column, April to March (YYYY-YY)",
    ALL: "the whole window only",
}


def _about(options: AggregateOptions, taxonomy: Taxonomy, tables: Mapping[str, pd.DataFrame], provenance: dict,
           side_grain: str | None) -> pd.DataFrame:
    dp = provenance["dp"]
    period = PERIOD_TEXT[options.period] + ("" if options.period == ALL else "; 'all' = the whole window")
    whole = ("co_occurrence and unmet_need_summary: whole window" if side_grain is None else
             f"co_occurrence and unmet_need_summary: by {options.period} too (unmet need by the period it was first "
             "seen in)")
    rows = [
        ("generated_at", datetime.now(timezone.utc).isoformat(timespec="seconds")),
        ("taxonomy_version", provenance["taxonomy"]),
        ("child_identifier", "child_id, else case_id, else note_id (see child_source)"),
        ("period", f"{period}; undated notes only in data_quality; {whole}"),
        ("rate", "children with the indicator / children with any note in the unit and period, per cent"),
        ("national_rate", f"CIN census, England, {NATIONAL_YEAR}: % of episodes with the factor at assessment "
                          f"(column {NATIONAL_COLUMN} of cin_assessment_factors.csv)"),
        ("suppression", f"counts 1-{options.threshold} suppressed, with secondary suppression across units"
                        if options.suppress else "off"),
        ("rounding", f"nearest {options.round_to}" if options.round_to else "none"),
        ("differential_privacy", "off" if dp is None else _dp_text(dp)),
        ("child_level_tables", ", ".join(internal_tables(tables)) + ": unit-record or exact data, in internal/ "
                               "(own files and internal.duckdb), not suppressed; never publish"),
        ("settings", str({key: str(value) for key, value in _legacy_settings(options).items()})),
        ("provenance", dumps(provenance)),
    ]
    mismatch = sorted({str(source.get("taxonomy")) for source in provenance["sources"]
                       if source.get("taxonomy") not in (None, provenance["taxonomy"])})
    if mismatch:
        rows.append(("warning", f"the records were extracted with taxonomy {', '.join(mismatch)} but aggregate used "
                                f"{provenance['taxonomy']}; pass the lexicon the records were made with (--lexicon)"))
    return pd.DataFrame(rows, columns=["key", "value"])


def _legacy_settings(options: AggregateOptions) -> dict:
    from dataclasses import asdict

    return asdict(options)


def _dp_text(dp: Mapping) -> str:
    state = ("UNRELIABLE, published with --force: every row is flagged dp_unreliable" if dp["forced"] else
             "within the noise rule")
    return (f"total epsilon {dp['epsilon_total']:g} for the whole release ({dp['cells']} cells in "
            f"{len(dp['columns'])} count columns; epsilon {dp['epsilon_per_cell']:.3g} per cell), checked with "
            f"OpenDP's privacy map; privacy unit one child, counted in at most {dp['contributions_per_column']} cells "
            f"per count column (more are clipped at random); discrete Laplace noise of scale {dp['scale']:.3g}, "
            f"95% interval +/- {dp['ci95_half_width']:.3g} (columns <count>_ci_low and _ci_high, for the clipped "
            f"count); rule: noise scale at most {dp['max_noise_share']:g} times the median published number of "
            f"children per unit and period (rows whose own count is below scale / that share are flagged "
            f"dp_unreliable), {state}. Team, area and period names are treated as public; medians are withheld; data_quality is "
            "in internal/")


def aggregate(records_path: Path | str, out_dir: Path | str | None = None,
              options: AggregateOptions | None = None) -> dict[str, pd.DataFrame]:
    """Read casenotes output, build every table, and write them to ``out_dir`` (when given).

    Published tables go to ``out_dir`` (and ``indicators.duckdb``), internal ones to ``out_dir/internal``,
    with ``provenance.json`` beside them. Returns every table, internal ones included.
    """
    from casenotes.indicators.export import write_tables

    options = options or AggregateOptions()
    notes, sources = load_notes_and_sources(records_path)
    if notes.empty:
        raise ValueError(f"{Path(records_path).name} holds no notes: nothing to aggregate")
    tables = build_tables(notes, options, sources=sources)
    if out_dir is not None:
        write_tables(tables, out_dir, options.formats)
    return tables

