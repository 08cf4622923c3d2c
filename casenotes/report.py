"""A self-contained HTML report from the indicator tables: counts and rates only, never note text.

    >>> from casenotes.report import write_report
    >>> write_report("out/indicators", "out/report.html")

Charts are matplotlib PNGs embedded as base64 data URIs and the styles are inline, so the file opens
offline and loads nothing from the network. Suppressed counts are shown as ``c`` (DfE's symbol).
"""

from __future__ import annotations

import base64
import io
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Mapping

import pandas as pd

from casenotes.aggregate import ALL, aggregate, read_tables

SUPPRESSED = "c"
TOP_INDICATORS = 8


def load_tables(source: Path | str) -> dict[str, pd.DataFrame]:
    """Tables from a folder written by ``casenotes aggregate``, or built in memory from a records file."""
    source = Path(source)
    if source.is_dir():
        tables = read_tables(source)
        if "unit_rates" not in tables:
            raise ValueError(f"{source} holds no unit_rates.parquet; run casenotes aggregate first")
        return tables
    return aggregate(source)


def render_report(tables: Mapping[str, pd.DataFrame], title: str = "Need indicators from case notes") -> str:
    """The report as one HTML string."""
    import jinja2

    template_text = (resources.files("casenotes") / "report_templates" / "report.html").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    about = dict(zip(tables["about"]["key"], tables["about"]["value"])) if "about" in tables else {}
    rates = tables["unit_rates"]
    context = {
        "title": title,
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "about": about,
        "headline": _headline(rates),
        "trend_chart": _trend_chart(rates),
        "team_chart": _team_chart(rates),
        "national": _table_html(_national_table(rates)),
        "combinations": _table_html(_combination_table(rates)),
        "cooccurrence_chart": _cooccurrence_chart(tables.get("co_occurrence")),
        "unmet_chart": _unmet_chart(tables.get("unmet_need_summary")),
        "unmet": _table_html(_unmet_table(tables.get("unmet_need_summary"))),
        "quality": _table_html(_quality_table(tables.get("data_quality"))),
        "privacy": _table_html(tables["privacy"]) if "privacy" in tables else None,
    }
    return environment.from_string(template_text).render(**context)


def write_report(source: Path | str, output: Path | str, title: str = "Need indicators from case notes") -> Path:
    """Render the report for ``source`` (see :func:`load_tables`) and write it to ``output``."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(load_tables(source), title=title), encoding="utf-8")
    return output


# ---------------------------------------------------------------------------------------- tables

def _show(value) -> str:
    return SUPPRESSED if pd.isna(value) else f"{value:g}" if isinstance(value, float) else str(value)


def _table_html(frame: pd.DataFrame | None) -> str:
    if frame is None or frame.empty:
        return "<p class='empty'>Nothing to show.</p>"
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(_show)
    return shown.to_html(index=False, escape=True, border=0, classes="data", na_rep=SUPPRESSED)


def _headline(rates: pd.DataFrame) -> dict:
    total = rates[(rates["unit_type"] == ALL) & (rates["period"] == ALL)]
    months = sorted(p for p in rates["period"].unique() if p != ALL)
    return {
        "children": _show(total["children_with_notes"].iloc[0]) if len(total) else "0",
        "months": f"{months[0]} to {months[-1]}" if months else "none",
        "teams": int(rates.loc[rates["unit_type"] == "team", "unit"].nunique()),
        "areas": int(rates.loc[rates["unit_type"] == "area", "unit"].nunique()),
    }


def _national_table(rates: pd.DataFrame) -> pd.DataFrame:
    rows = rates[(rates["unit_type"] == ALL) & (rates["period"] == ALL) & (rates["indicator_type"] == "factor")]
    table = rows[["indicator", "label", "children", "rate_pct", "national_pct", "national_year"]]
    return table.rename(columns={"indicator": "code", "rate_pct": "rate here (%)", "national_pct": "England (%)",
                                 "national_year": "year"})


def _combination_table(rates: pd.DataFrame) -> pd.DataFrame:
    rows = rates[(rates["period"] == ALL) & (rates["indicator_type"] == "combination")]
    table = rows[["unit_type", "unit", "indicator", "label", "children", "children_with_notes", "rate_pct"]]
    return table.rename(columns={"indicator": "combination", "rate_pct": "rate (%)"})


def _unmet_table(summary: pd.DataFrame | None) -> pd.DataFrame | None:
    if summary is None or summary.empty:
        return None
    columns = ["unit_type", "unit", "need", "children_with_need", "children_unmet", "pct_unmet",
               "median_days_unmet", "median_days_to_service"]
    return summary[[column for column in columns if column in summary]]


def _quality_table(quality: pd.DataFrame | None) -> pd.DataFrame | None:
    return None if quality is None else quality[["measure", "description", "count"]]


# ---------------------------------------------------------------------------------------- charts

def _figure_uri(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["text.parse_math"] = False  # a team called "$North$" is text, not TeX
    import matplotlib.pyplot as plt

    return plt


def _top_indicators(frame: pd.DataFrame, n: int = TOP_INDICATORS) -> list[tuple[str, str]]:
    overall = frame[(frame["unit_type"] == ALL) & (frame["period"] == ALL) & frame["children"].notna()
                    & frame["indicator_type"].isin(["factor", "need"])]
    overall = overall.sort_values("children", ascending=False)
    return list(zip(overall["indicator_type"], overall["indicator"]))[:n]


def _trend_chart(rates: pd.DataFrame) -> str | None:
    monthly = rates[(rates["unit_type"] == ALL) & (rates["period"] != ALL)]
    shown = monthly[monthly["rate_pct"].notna()]
    top = [key for key in _top_indicators(rates) if key in set(zip(shown["indicator_type"], shown["indicator"]))]
    if not top:
        return None
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(9, 4.2))
    months = sorted(monthly["period"].unique())
    for kind, indicator in top:
        series = monthly[(monthly["indicator_type"] == kind) & (monthly["indicator"] == indicator)]
        series = series.set_index("period").reindex(months)["rate_pct"]
        axis.plot(months, series.to_numpy(dtype=float), marker="o", label=f"{indicator}")
    axis.set_ylabel("% of children with a note that month")
    axis.set_ylim(0, 100)
    axis.tick_params(axis="x", rotation=45)
    axis.legend(fontsize=8, ncol=2, frameon=False)
    axis.set_title("Indicator rates by month (gaps: suppressed)")
    return _figure_uri(figure)


def _team_chart(rates: pd.DataFrame) -> str | None:
    teams = rates[(rates["unit_type"] == "team") & (rates["period"] == ALL)]
    top = _top_indicators(rates)
    if teams.empty or not top:
        return None
    keys = [f"{kind}:{indicator}" for kind, indicator in top]
    teams = teams.assign(key=teams["indicator_type"] + ":" + teams["indicator"])
    grid = teams[teams["key"].isin(keys)].pivot(index="unit", columns="key", values="rate_pct").reindex(columns=keys)
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(1.1 * len(keys) + 3, 0.45 * len(grid) + 1.5))
    values = grid.to_numpy(dtype=float)
    axis.imshow(values, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    for (row, column), value in _cells(values):
        axis.text(column, row, SUPPRESSED if pd.isna(value) else f"{value:.0f}", ha="center", va="center", fontsize=8)
    axis.set_xticks(range(len(keys)), [key.split(":", 1)[1] for key in keys], rotation=45, ha="right")
    axis.set_yticks(range(len(grid)), list(grid.index))
    axis.set_title("Rate (%) by team, whole period")
    return _figure_uri(figure)


def _cooccurrence_chart(pairs: pd.DataFrame | None) -> str | None:
    if pairs is None or pairs.empty:
        return None
    factors = pairs[pairs["indicator_type"] == "factor"]
    if factors.empty:
        return None
    codes = sorted(set(factors["indicator_a"]) | set(factors["indicator_b"]), key=_code_order)
    matrix = pd.DataFrame(0.0, index=codes, columns=codes)  # a pair never seen together is 0
    suppressed = factors["children_suppressed"] if "children_suppressed" in factors else pd.Series(False, index=factors.index)
    for (_, row), hidden in zip(factors.iterrows(), suppressed):
        value = float("nan") if hidden or pd.isna(row["children"]) else float(row["children"])
        matrix.loc[row["indicator_a"], row["indicator_b"]] = matrix.loc[row["indicator_b"], row["indicator_a"]] = value
    plt = _pyplot()
    size = 0.5 * len(codes) + 2
    figure, axis = plt.subplots(figsize=(size, size))
    values = matrix.to_numpy(dtype=float)
    axis.imshow(values, cmap="Oranges", aspect="equal")
    for (row, column), value in _cells(values):
        axis.text(column, row, SUPPRESSED if pd.isna(value) else f"{value:.0f}", ha="center", va="center", fontsize=7)
    axis.set_xticks(range(len(codes)), codes, rotation=90)
    axis.set_yticks(range(len(codes)), codes)
    axis.set_title("Children with both factors (diagonal: with the factor)")
    return _figure_uri(figure)


def _unmet_chart(summary: pd.DataFrame | None) -> str | None:
    if summary is None or summary.empty:
        return None
    rows = summary[summary["unit_type"] == ALL].sort_values("need")
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(8, 0.4 * len(rows) + 1.5))
    need = rows["children_with_need"].astype("Float64").fillna(0).to_numpy(dtype=float)
    unmet = rows["children_unmet"].astype("Float64").fillna(0).to_numpy(dtype=float)
    positions = range(len(rows))
    axis.barh(positions, need, color="#c6dbef", label="children with the need")
    axis.barh(positions, unmet, color="#de2d26", label="no meeting service seen")
    for position, (n, u) in enumerate(zip(rows["children_with_need"], rows["children_unmet"])):
        axis.text(0.2, position, f"{_show(u)} of {_show(n)}", va="center", fontsize=8)
    axis.set_yticks(list(positions), list(rows["need"]))
    axis.legend(fontsize=8, frameon=False)
    axis.set_title("Unmet need, all teams (c: suppressed, drawn as 0)")
    return _figure_uri(figure)


def _cells(values):
    for row in range(values.shape[0]):
        for column in range(values.shape[1]):
            yield (row, column), values[row, column]


def _code_order(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 999, code)
