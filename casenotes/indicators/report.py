"""A self-contained HTML report from the published indicator tables: counts and rates only, never note text.

    >>> from casenotes.report import write_report
    >>> write_report("out/indicators", "out/report.html")                 # all teams
    >>> write_report("out/indicators", "out/east.html", team="East")      # one team

What it reads: only the published tables in the top of the folder that ``casenotes aggregate`` wrote
(:data:`PUBLISHED_TABLES`) and ``provenance.json`` beside them. It never opens ``internal/`` or the
child-level tables, so nothing unit-record can reach the report.

How it reads at any scale: every section shows what can be published and says in one sentence what
cannot (a grid of ``c`` or a table of zeros says nothing). Suppression is drawn one way everywhere: a
grey hatched cell marked ``c`` (DfE's symbol), in tables and charts alike, never as 0. Each chart has alt
text and its data table; colours are the Okabe-Ito palette, which reads under the common colour-vision
deficiencies. Charts are matplotlib PNGs embedded as data URIs and the styles are inline, so the file
opens offline and loads nothing from the network.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd
from markupsafe import Markup, escape

from casenotes.indicators.build import aggregate
from casenotes.indicators.periods import ALL
from casenotes.indicators.provenance import PROVENANCE_FILE  # written by aggregate, read here

#: The tables a report may read. Child-level tables (``child_indicators``, ``unmet_need``) and anything
#: under ``internal/`` are unit-record data: never published, so never read here.
PUBLISHED_TABLES = ("unit_rates", "co_occurrence", "unmet_need_summary", "data_quality", "about", "privacy")
NEVER_READ = ("child_indicators", "unmet_need", "internal")

SUPPRESSED = "c"
DEFAULT_TITLE = "Need indicators from case notes"
TOP_TREND = 8          # small multiples in the trend chart
TOP_GRID = 10          # indicators in the team and area grids
TOP_PAIRS = 12         # indicators in a co-occurrence matrix
TOP_NATIONAL_CHART = 20

#: Okabe & Ito (2008), "Color universal design": distinguishable with any common colour-vision deficiency.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7"}
HERE_COLOUR = OKABE_ITO["blue"]
ENGLAND_COLOUR = OKABE_ITO["vermillion"]
UNMET_COLOUR = OKABE_ITO["orange"]
#: The one look of a suppressed value, in charts (matplotlib hatch) and tables (the CSS in the template).
SUPPRESSED_FACE, SUPPRESSED_EDGE, SUPPRESSED_HATCH = "#eeeeee", "#8a8a8a", "///"

COLUMN_LABELS = {
    "unit_type": "Breakdown", "unit": "Unit", "period": "Period", "indicator": "Indicator", "label": "Label",
    "children": "Children", "children_with_notes": "Children with notes", "rate_pct": "Rate (%)",
    "national_pct": "England (%)", "national_year": "England year", "need": "Need",
    "children_with_need": "Children with the need", "children_unmet": "Children with no meeting service",
    "pct_unmet": "Unmet (%)", "median_days_unmet": "Median days unmet",
    "median_days_to_service": "Median days to a service", "measure": "Measure", "count": "Count",
    "table": "Table", "column": "Column", "mechanism": "Mechanism", "epsilon": "Epsilon", "scale": "Noise scale",
    "sensitivity_cells_per_child": "Cells per child (sensitivity)", "taxonomy_version": "Taxonomy version",
    "generated_at": "Tables generated", "child_identifier": "Child identifier", "national_rate": "National rate",
    "suppression": "Suppression", "rounding": "Rounding", "differential_privacy": "Differential privacy",
    "child_level_tables": "Child-level tables", "settings": "Settings", "rate": "Rate",
}
UNIT_NAMES = {"team": ("team", "teams"), "area": ("area", "areas")}
GRAINS = {  # period grain -> (noun, plural, adjective)
    "month": ("month", "months", "monthly"), "quarter": ("quarter", "quarters", "quarterly"),
    "year": ("year", "years", "yearly"), "financial-year": ("financial year", "financial years", "financial-year"),
}


# ------------------------------------------------------------------------------------------ input

def load_tables(source: Path | str) -> dict[str, pd.DataFrame]:
    """The published tables from a folder written by ``casenotes aggregate``, or built from a records file.

    Only the names in :data:`PUBLISHED_TABLES` are read, by name, from the top of the folder: never a glob,
    never ``internal/``, never a child-level table.
    """
    source = Path(source)
    if source.is_dir():
        tables = {name: pd.read_parquet(source / f"{name}.parquet") for name in PUBLISHED_TABLES
                  if (source / f"{name}.parquet").is_file()}
        if "unit_rates" not in tables:
            raise ValueError(f"{source} holds no unit_rates.parquet; run casenotes aggregate first")
        return _whole_window(tables)
    built = aggregate(source)
    return _whole_window({name: frame for name, frame in built.items() if name in PUBLISHED_TABLES})


def _whole_window(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Pairs and unmet need over the whole window: at a quarter, year or financial-year grain ``aggregate`` also
    writes them per period, and one matrix or chart must not add periods together."""
    for name in ("co_occurrence", "unmet_need_summary"):
        frame = tables.get(name)
        if frame is not None and "period" in frame.columns:
            tables[name] = frame[frame["period"].astype(str) == "all"].drop(columns="period").reset_index(drop=True)
    return tables


def load_provenance(source: Path | str) -> dict | None:
    """``provenance.json`` beside the tables, or None when the tables did not record it."""
    path = Path(source) / PROVENANCE_FILE
    if not Path(source).is_dir() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path.name} cannot be read as JSON: {error}") from error
    return data if isinstance(data, dict) else None


def teams_in(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    rates = tables["unit_rates"]
    return sorted(rates.loc[rates["unit_type"] == "team", "unit"].astype(str).unique())


def render_report(tables: Mapping[str, pd.DataFrame], title: str = DEFAULT_TITLE, team: str | None = None,
                  provenance: Mapping[str, Any] | None = None) -> str:
    """The report as one HTML string; ``team`` narrows every section to that team's rows."""
    import jinja2

    if team is not None and team not in teams_in(tables):
        known = teams_in(tables)
        raise ValueError(f"no team {team!r} in these tables; teams: {', '.join(known)}" if known
                         else "these tables have no team breakdown (the notes had no team column)")
    report = _Report(tables, team, provenance)
    template_text = (resources.files("casenotes.indicators") / "report_templates" / "report.html").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(template_text).render(
        title=title, team=team, generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        **report.context())


def write_report(source: Path | str, output: Path | str, title: str = DEFAULT_TITLE,
                 team: str | None = None) -> Path:
    """Render the report for ``source`` (see :func:`load_tables`) and write it to ``output``."""
    html = render_report(load_tables(source), title=title, team=team, provenance=load_provenance(source))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    return output


# ---------------------------------------------------------------------------------------- labels

def short_factor_labels() -> dict[str, str]:
    """CIN factor code -> a short readable label ('Domestic abuse (parent/carer)'), from the taxonomy."""
    from casenotes.taxonomy import load_taxonomy

    factors = load_taxonomy().factors
    abouts: dict[str, set[str]] = {}
    for factor in factors.values():
        abouts.setdefault(factor.group_label, set()).add(factor.about)
    labels = {}
    for code, factor in factors.items():
        group = re.sub(r"\s*\(census wording:[^)]*\)", "", factor.group_label)
        if code.startswith("8") and " - " in factor.description:  # privately fostered subtypes
            labels[code] = f"{group}: {factor.description.rsplit(' - ', 1)[1]}"
        elif factor.about not in ("child", "any", "n/a") or "parent/carer" in abouts[factor.group_label] - {factor.about}:
            labels[code] = f"{group} ({factor.about})"
        else:
            labels[code] = group
    return labels


def _need_labels() -> dict[str, str]:
    from casenotes.taxonomy import load_taxonomy

    return {need_id: need.label for need_id, need in load_taxonomy().needs.items()}


def column_label(name: str) -> str:
    """'children_with_notes' -> 'Children with notes'."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    return name.replace("_", " ").strip().capitalize()


def detect_grain(periods: Iterable[str], hint: str | None = None) -> str:
    """month, quarter, year or financial-year, from the period values (``2025-03``, ``2025-Q1``, ``2025``,
    ``2024-25``); ``hint`` (the aggregate setting) settles ``2011-12``-like values that fit two grains."""
    values = [str(p) for p in periods if str(p) != ALL]
    if hint in GRAINS:
        return hint
    if values and all(re.fullmatch(r"\d{4}-Q[1-4]", v) for v in values):
        return "quarter"
    if values and all(re.fullmatch(r"\d{4}", v) for v in values):
        return "year"
    pairs = [re.fullmatch(r"(\d{4})-(\d{2})", v) for v in values]
    if values and all(pairs):
        consecutive = all(int(m.group(2)) == (int(m.group(1)) + 1) % 100 for m in pairs)
        if consecutive and any(int(m.group(2)) > 12 or int(m.group(2)) == 0 for m in pairs):
            return "financial-year"
    return "month"


# --------------------------------------------------------------------------------- table values

@dataclass
class Table:
    """A small HTML table. A cell that is None is suppressed and shows ``c``; numeric columns align right."""

    columns: list[str]
    rows: list[list[Any]]
    numeric: set[int] = field(default_factory=set)
    caption: str | None = None

    def html(self) -> Markup:
        head = "".join(f"<th scope='col'{' class=num' if i in self.numeric else ''}>{escape(c)}</th>"
                       for i, c in enumerate(self.columns))
        body = []
        for row in self.rows:
            cells = []
            for i, value in enumerate(row):
                if value is None:
                    cells.append(f"<td class='c' title='suppressed'><span>{SUPPRESSED}</span></td>")
                elif i == 0:
                    cells.append(f"<th scope='row'>{escape(value)}</th>")
                else:
                    cells.append(f"<td{' class=num' if i in self.numeric else ''}>{escape(value)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{escape(self.caption)}</caption>" if self.caption else ""
        return Markup(f"<table class='data'>{caption}<thead><tr>{head}</tr></thead>"
                      f"<tbody>{''.join(body)}</tbody></table>")


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _count(value: Any) -> str | None:
    return None if _missing(value) else f"{int(round(float(value))):,}"


def _pct(value: Any) -> str | None:
    return None if _missing(value) else f"{float(value):.1f}"


def _interval(low: Any, high: Any) -> str:
    return "–" if _missing(low) or _missing(high) else f"{float(low):.1f}–{float(high):.1f}"


def _rate_interval(frame: pd.DataFrame, count: str, denominator: str) -> tuple[pd.Series, pd.Series] | None:
    """The 95% interval of a rate from its noisy count's interval (``<count>_ci_low``/``_high``), or None."""
    low, high = f"{count}_ci_low", f"{count}_ci_high"
    if low not in frame or high not in frame:
        return None
    den = frame[denominator].astype("Float64").astype(float)
    den = den.where(den > 0)
    as_rate = lambda column: (100 * frame[column].astype("Float64").astype(float) / den).clip(0, 100)  # noqa: E731
    return as_rate(low), as_rate(high)


def _flagged(frame: pd.DataFrame) -> pd.Series:
    """Rows that aggregate flagged as too noisy to trust (``dp_unreliable``)."""
    if "dp_unreliable" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["dp_unreliable"].fillna(False).astype(bool)


def _listing(names: Sequence[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# ---------------------------------------------------------------------------------------- charts

@dataclass
class Chart:
    uri: str
    alt: str
    table: Table
    caption: str


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _render(draw, *args) -> tuple[str, Any]:
    """Run a drawing function with mathtext off (a team called "$North$" is text, not TeX) and encode it."""
    import matplotlib

    plt = _pyplot()
    with matplotlib.rc_context({"text.parse_math": False, "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False}):
        figure = draw(plt, *args)
        uri = _encode(figure)  # inside the context: tick labels made while drawing must not be TeX either
    plt.close(figure)
    return uri, figure


def _encode(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def hatch_patch(x: float, y: float, width: float, height: float):
    """The one drawing of a suppressed value: a grey hatched box."""
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), width, height, facecolor=SUPPRESSED_FACE, edgecolor=SUPPRESSED_EDGE,
                     hatch=SUPPRESSED_HATCH, linewidth=0, zorder=0.5, label="_suppressed")


def _suppressed_legend_handle():
    from matplotlib.patches import Patch

    return Patch(facecolor=SUPPRESSED_FACE, edgecolor=SUPPRESSED_EDGE, hatch=SUPPRESSED_HATCH,
                 label="c: suppressed (not zero)")


def _ramp():
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("okabe_ito_blue", ["#ffffff", HERE_COLOUR])


def _wrap(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _nice_top(values: Iterable[float], floor: float = 10) -> float:
    finite = [v for v in values if not _missing(v)]
    top = max(finite + [floor]) * 1.12
    return min(100.0, math.ceil(top / 10) * 10)


# ---------------------------------------------------------------------------------------- report

@dataclass
class Section:
    id: str
    title: str
    intro: list[str] = field(default_factory=list)
    empty: str | None = None            # one sentence when nothing here can be published
    figures: list[tuple[str, str]] = field(default_factory=list)          # headline (value, what)
    charts: list[Chart] = field(default_factory=list)
    tables: list[tuple[str | None, Table]] = field(default_factory=list)   # (heading, table)
    details: list[tuple[str, Table]] = field(default_factory=list)         # collapsed extra tables
    notes: list[str] = field(default_factory=list)


class _Report:
    """Builds every section from the published tables, for all units or one team."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], team: str | None,
                 provenance: Mapping[str, Any] | None):
        self.tables = tables
        self.team = team
        self.provenance = provenance
        self.rates = tables["unit_rates"]
        self.about = dict(zip(tables["about"]["key"], tables["about"]["value"])) if "about" in tables else {}
        self.scope = ("team", team) if team else (ALL, ALL)
        self.scope_name = f"team {team}" if team else "all teams"
        self.factor_labels = short_factor_labels()
        self.need_labels = _need_labels()
        periods = [p for p in self.rates["period"].astype(str).unique() if p != ALL]
        self.periods = sorted(periods)
        self.grain = detect_grain(self.periods, self._grain_hint())
        self.noun, self.plural, self.adjective = GRAINS[self.grain]

    # ----------------------------------------------------------------------------- helpers

    def _grain_hint(self) -> str | None:
        settings = (self.provenance or {}).get("settings") if isinstance(self.provenance, Mapping) else None
        value = settings.get("period") if isinstance(settings, Mapping) else None
        return value if value in GRAINS and value != "month" else None

    def label(self, kind: str, code: str, fallback: str | None = None) -> str:
        if kind == "factor":
            return f"{code} {self.factor_labels.get(code) or fallback or ''}".strip()
        if kind == "need":
            return self.need_labels.get(code) or fallback or code
        return fallback if fallback and not _missing(fallback) else code

    def in_scope(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["unit_type"] == self.scope[0]) & (frame["unit"].astype(str) == self.scope[1])]

    def overall(self) -> pd.DataFrame:
        rows = self.in_scope(self.rates)
        return rows[rows["period"] == ALL]

    def _row_label(self, row) -> str:
        return self.label(row["indicator_type"], row["indicator"], row.get("label"))

    # ----------------------------------------------------------------------------- sections

    def context(self) -> dict:
        sections = [self.summary(), self.trends(), self.units(), self.national(), self.cooccurrence(),
                    self.unmet(), self.quality(), self.method()]
        flagged = {name: int(_flagged(frame).sum()) for name, frame in self.tables.items()}
        return {
            "sections": sections,
            "suppression": self.about.get("suppression", "not recorded"),
            "rounding": self.about.get("rounding", "none"),
            "dp": self.about.get("differential_privacy", "off"),
            "dp_flagged": sum(flagged.values()),
            "has_intervals": any(c.endswith("_ci_low") for frame in self.tables.values() for c in frame.columns),
            "provenance": self.provenance_rows(),
        }

    def summary(self) -> Section:
        section = Section("summary", "Summary")
        overall = self.overall()
        den = overall["children_with_notes"].iloc[0] if len(overall) else 0  # no row: no dated note at all
        children = _count(den) or SUPPRESSED
        scope_rows = self.in_scope(self.rates)
        counts = scope_rows["children"]
        teams, areas = (self.rates.loc[self.rates["unit_type"] == kind, "unit"].nunique() for kind in ("team", "area"))
        units = (f"; {teams} teams and {areas} areas in the tables." if teams or areas
                 else "; the notes had no team or area column.")
        section.intro.append(
            f"{children} children with a dated note in {self.scope_name}"
            + (f", over {len(self.periods)} {self.plural if len(self.periods) != 1 else self.noun} "
               f"({self.periods[0]} to {self.periods[-1]})" if self.periods else "")
            + ("." if self.team else units))
        section.figures = [
            (children, "children with a dated note"),
            (f"{self.periods[0]} to {self.periods[-1]}" if self.periods else "none", f"{self.plural} covered"),
            (f"{int((counts.notna() & (counts > 0)).sum()):,} of {int((counts.isna() | (counts > 0)).sum()):,}",
             "non-zero counts published (the rest suppressed)"),
        ]
        findings = []
        for kind, name in (("factor", "factors"), ("need", "needs")):
            rows = overall[(overall["indicator_type"] == kind) & overall["rate_pct"].notna() & (overall["children"] > 0)]
            top = rows.sort_values("rate_pct", ascending=False).head(3)
            if len(top):
                findings.append(f"Most common {name}: " + "; ".join(
                    f"{self._row_label(row)} {row['rate_pct']:.1f}%" for _, row in top.iterrows()) + ".")
            elif (overall["indicator_type"] == kind).any():
                findings.append(f"No {kind} count can be published for {self.scope_name}.")
            else:
                findings.append(f"No {kind} was found in the dated notes of {self.scope_name}.")
        section.notes = findings
        share = counts.isna().sum() / max(int((counts.isna() | (counts > 0)).sum()), 1)
        if share > 0.5:
            hint = (" Fewer, larger cells publish more: a coarser period (casenotes aggregate --period quarter, "
                    "year or financial-year)" + (", or the all-teams report" if self.team else "") + "."
                    if self.grain in ("month", "quarter") else "")
            section.notes.append(f"{share:.0%} of the non-zero counts are suppressed at this scale.{hint}")
        return section

    def trends(self) -> Section:
        section = Section("trends", "Indicator rates over time")
        rows = self.in_scope(self.rates)
        rows = rows[(rows["period"] != ALL) & rows["indicator_type"].isin(["factor", "need"])]
        if not self.periods:
            section.empty = "No dated notes, so no rate over time."
            return section
        if len(self.periods) == 1:
            section.empty = (f"All the notes fall in one {self.noun} ({self.periods[0]}), so there is no trend "
                             "to draw; its rates are in the summary and national tables.")
            return section
        shown = rows[rows["rate_pct"].notna() & (rows["children"] > 0)]
        published_periods = shown.groupby(["indicator_type", "indicator"])["period"].nunique()
        keys = set(published_periods[published_periods >= 2].index)  # one published point is not a trend
        overall = self.overall()
        ranked = overall[overall["indicator_type"].isin(["factor", "need"])].assign(
            rank=overall["children"].astype("Float64").fillna(-1)).sort_values("rank", ascending=False)
        top = [(row["indicator_type"], row["indicator"], self._row_label(row)) for _, row in ranked.iterrows()
               if (row["indicator_type"], row["indicator"]) in keys][:TOP_TREND]
        if not top:
            more = (" A coarser period publishes more (casenotes aggregate --period quarter, year or "
                    "financial-year)." if self.grain in ("month", "quarter") else "")
            section.empty = (f"No indicator has a published rate in two or more {self.plural} for "
                             f"{self.scope_name}: the {self.adjective} counts are 1 to the threshold or protect "
                             f"another.{more}")
            return section
        series = []
        for kind, indicator, label in top:
            one = rows[(rows["indicator_type"] == kind) & (rows["indicator"] == indicator)].set_index("period")
            one = one.reindex(self.periods)
            interval = _rate_interval(one, "children", "children_with_notes")
            series.append((label, one["rate_pct"].astype(float), interval))
        uri, _ = _render(_draw_trend, series, self.periods, self.noun)
        table_rows = []
        for index, period in enumerate(self.periods):
            cells = []
            for _, values, interval in series:
                value = values.iloc[index]
                if _missing(value):
                    cells.append(None)
                else:
                    cells.append(f"{value:.1f}" + (f" ({_interval(interval[0].iloc[index], interval[1].iloc[index])})"
                                                   if interval else ""))
            if any(cell is not None for cell in cells):
                table_rows.append([period] + cells)
        hidden = [period for period in self.periods if period not in {row[0] for row in table_rows}]
        table = Table([self.noun.capitalize()] + [label for label, _, _ in series], table_rows,
                      numeric=set(range(1, len(series) + 1)),
                      caption=f"Rate (%) by {self.noun}" + (" (95% interval)" if series[0][2] else "")
                      + (f"; every count suppressed in {_listing(hidden)}" if hidden else ""))
        alt = (f"{len(series)} small charts, one per indicator, of the share of children with a note in each "
               f"{self.noun} who have the indicator, {self.periods[0]} to {self.periods[-1]}, {self.scope_name}. "
               + " ".join(_series_summary(label, values) for label, values, _ in series)
               + " Suppressed values are grey hatched boxes.")
        section.charts.append(Chart(uri, alt, table, f"Rate (%) by {self.noun}, the {len(series)} most common "
                                    f"indicators with a published rate; hatched: suppressed."))
        return section

    def units(self) -> Section:
        section = Section("teams", "Rates by team and area")
        if self.team:
            section.empty = (f"This report covers team {self.team} only; the all-teams report compares teams "
                             "and areas.")
            return section
        overall = self.overall()
        order = overall.assign(rank=overall["children"].astype("Float64").fillna(-1)).sort_values(
            "rank", ascending=False)
        order = order[order["indicator_type"].isin(["factor", "need"])]
        nothing, few = [], []
        for unit_type in ("team", "area"):
            singular, plural = UNIT_NAMES[unit_type]
            rows = self.rates[(self.rates["unit_type"] == unit_type) & (self.rates["period"] == ALL)]
            if rows.empty:
                continue
            published = rows[rows["rate_pct"].notna() & (rows["children"] > 0)]
            keys = set(zip(published["indicator_type"], published["indicator"]))
            top = [(r["indicator_type"], r["indicator"], self._row_label(r)) for _, r in order.iterrows()
                   if (r["indicator_type"], r["indicator"]) in keys][:TOP_GRID]
            if not top:
                nothing.append(plural)
                continue
            grid = {}
            for kind, indicator, label in top:
                one = rows[(rows["indicator_type"] == kind) & (rows["indicator"] == indicator)]
                grid[label] = one.set_index(one["unit"].astype(str))["rate_pct"].astype(float)
            frame = pd.DataFrame(grid).sort_index()
            hidden = [unit for unit in frame.index if frame.loc[unit].isna().all()]
            frame = frame.drop(index=hidden)
            if int(frame.notna().sum().sum()) < 4:  # a chart of one or two numbers says less than a sentence
                few.append(f"by {singular}, " + "; ".join(
                    f"{unit}, {indicator}: {value:.1f}%" for (unit, indicator), value in frame.stack().items()))
                continue
            uri, _ = _render(_draw_grid, frame, singular)
            table = Table([singular.capitalize()] + list(frame.columns),
                          [[unit] + [_pct(v) for v in frame.loc[unit]] for unit in frame.index],
                          numeric=set(range(1, len(frame.columns) + 1)), caption=f"Rate (%) by {singular}, whole period")
            high = frame.stack().idxmax()
            alt = (f"Grid of {len(frame)} {plural} by {len(frame.columns)} indicators, each cell the rate (%) for "
                   f"the whole period; darker is higher. Highest: {high[0]}, {high[1]}, {frame.stack().max():.1f}%. "
                   f"{int(frame.isna().sum().sum())} cells suppressed (grey hatched).")
            caption = f"Rate (%) by {singular}, whole period; hatched: suppressed."
            if hidden:
                caption += f" Not shown, every count suppressed: {_listing(hidden)}."
            section.charts.append(Chart(uri, alt, table, caption))
        if few:
            section.notes.append("The only published rates (%), whole period: " + "; ".join(few) + ".")
        if not section.charts and not few:
            section.empty = ("No rate by team or area can be published: every count is 1 to the threshold or "
                             "protects another." if nothing else "The notes had no team or area column.")
        elif nothing:
            section.notes.append(f"No rate by {' or '.join(nothing)} can be published.")
        return section

    def national(self) -> Section:
        section = Section("national", "CIN census factors: here and in England")
        section.intro.append(
            "Rate here: children with the factor in any note / children with any dated note. England: share of "
            "children in need episodes with the factor at assessment, CIN census. The two are not measured the "
            "same way; read the comparison as a prompt, not a benchmark.")
        overall = self.overall()
        factors = overall[overall["indicator_type"] == "factor"].copy()
        factors["name"] = [self._row_label(row) for _, row in factors.iterrows()]
        published = factors[factors["children"].notna() & (factors["children"] > 0)].sort_values(
            "rate_pct", ascending=False)
        suppressed = factors[factors["children"].isna()]
        absent = factors[factors["children"].notna() & (factors["children"] == 0)]
        interval = _rate_interval(published, "children", "children_with_notes")
        if published.empty:
            section.empty = (f"No factor count can be published for {self.scope_name}"
                             + (f": {len(suppressed)} factors were found, each suppressed." if len(suppressed)
                                else ": no factor was found."))
        else:
            flagged = _flagged(published)
            columns = ["Factor", "Children", "Rate here (%)"] + (["95% interval"] if interval else []) + ["England (%)"]
            table_rows = []
            for index, row in published.iterrows():
                cells = [row["name"] + (" ‡" if flagged.loc[index] else ""), _count(row["children"]), _pct(row["rate_pct"])]
                if interval:
                    cells.append(_interval(interval[0].loc[index], interval[1].loc[index]))
                cells.append("–" if _missing(row["national_pct"]) else f"{row['national_pct']:.1f}")
                table_rows.append(cells)
            table = Table(columns, table_rows, numeric=set(range(1, len(columns))),
                          caption=f"Factors, {self.scope_name}, whole period; England: CIN census "
                                  f"{published['national_year'].dropna().iloc[0] if published['national_year'].notna().any() else ''}")
            drawn = published.head(TOP_NATIONAL_CHART)
            chart_interval = (interval[0].loc[drawn.index], interval[1].loc[drawn.index]) if interval else None
            uri, _ = _render(_draw_national, drawn, chart_interval)
            alt = (f"Horizontal bars of the rate (%) of {len(drawn)} CIN factors here, with the England rate as a "
                   f"diamond. " + " ".join(f"{row['name']}: " + (f"{row['rate_pct']:.1f}% here" if not _missing(
                                               row["rate_pct"]) else "rate suppressed")
                                           + ("" if _missing(row["national_pct"]) else f", {row['national_pct']:.1f}% England")
                                           + "." for _, row in drawn.head(5).iterrows())
                   + (f" {len(drawn) - 5} more in the table." if len(drawn) > 5 else ""))
            caption = (f"Rate (%) of each factor with a published count, {self.scope_name}"
                       + (f" (the {TOP_NATIONAL_CHART} highest; all {len(published)} in the table)"
                          if len(published) > TOP_NATIONAL_CHART else "") + "; diamond: England.")
            section.charts.append(Chart(uri, alt, table, caption))
        if len(suppressed) and not published.empty:
            section.notes.append(f"Also found, counts suppressed: {_listing(suppressed['name'])}.")
        if len(absent):
            section.notes.append(f"Found elsewhere but not in {self.scope_name}: {_listing(absent['name'])}.")
        combos = overall[overall["indicator_type"] == "combination"]
        rows = [[self._row_label(r), _count(r["children"]), _pct(r["rate_pct"])] for _, r in combos.iterrows()
                if not _missing(r["children"]) and r["children"] > 0]
        zero = [self._row_label(r) for _, r in combos.iterrows() if not _missing(r["children"]) and r["children"] == 0]
        hidden = [self._row_label(r) for _, r in combos.iterrows() if _missing(r["children"])]
        heading = "Parental domestic abuse, mental health and substance misuse together"
        if rows:
            section.tables.append((heading, Table(["Combination", "Children", "Rate (%)"], rows, numeric={1, 2})))
            if hidden:
                section.notes.append(f"Combinations with suppressed counts: {_listing(hidden)}.")
            if zero:
                section.notes.append(f"No child had: {_listing(zero)}.")
        else:
            section.notes.append(f"{heading}: no count can be published"
                                 + (" (every combination is suppressed or none)." if hidden else " (none found)."))
        return section

    def cooccurrence(self) -> Section:
        section = Section("cooccurrence", "Factors and needs found together")
        section.intro.append("Children with both indicators in any of their notes, all teams together. The "
                             "diagonal is the number of children with the indicator.")
        pairs = self.tables.get("co_occurrence")
        if self.team:
            section.empty = "Counted for all teams together only, so not shown in a team report."
            return section
        if pairs is None or pairs.empty:
            section.empty = "No factor or need was found, so no pair to count."
            return section
        unpublished = []
        for kind, plural in (("factor", "factors"), ("need", "needs")):
            subset = pairs[pairs["indicator_type"] == kind]
            off = subset[subset["indicator_a"] != subset["indicator_b"]]
            if not (off["children"].notna() & (off["children"] > 0)).any():
                unpublished.append(plural)
                continue
            diagonal = subset[subset["indicator_a"] == subset["indicator_b"]]
            diagonal = diagonal[diagonal["children"].notna()].sort_values("children", ascending=False)
            codes = list(diagonal["indicator_a"].head(TOP_PAIRS))
            label = {code: self.label(kind, code) for code in set(subset["indicator_a"]) | set(subset["indicator_b"])}
            matrix = pd.DataFrame(0.0, index=codes, columns=codes)  # a pair never seen together is a true 0
            for _, row in subset.iterrows():
                a, b = row["indicator_a"], row["indicator_b"]
                if a in matrix.index and b in matrix.index:
                    matrix.loc[a, b] = matrix.loc[b, a] = math.nan if _missing(row["children"]) else float(row["children"])
            shown = off[off["children"].notna() & (off["children"] > 0)].sort_values("children", ascending=False)
            if matrix.shape[0] < 2 or not any(a in codes and b in codes for a, b in zip(shown["indicator_a"], shown["indicator_b"])):
                continue
            names = [label[code] for code in codes]
            uri, _ = _render(_draw_pairs, matrix.to_numpy(), names, kind)
            top = shown.head(20)
            table = Table([f"{kind.capitalize()} A", f"{kind.capitalize()} B", "Children with both"],
                          [[label[r["indicator_a"]], label[r["indicator_b"]], _count(r["children"])]
                           for _, r in top.iterrows()], numeric={2},
                          caption=f"The {len(top)} most frequent published pairs of {plural}"
                                  + (f" ({len(shown)} in all)" if len(shown) > len(top) else ""))
            alt = (f"Lower-triangle matrix of {len(codes)} {plural}; each cell the number of children with both. "
                   "Most frequent pairs: " + "; ".join(f"{label[r['indicator_a']]} and {label[r['indicator_b']]}: "
                                                      f"{_count(r['children'])}" for _, r in top.head(3).iterrows())
                   + f". {int(pd.isna(matrix.to_numpy()).sum() // 2)} pairs suppressed (grey hatched).")
            section.charts.append(Chart(uri, alt, table, f"Children with both {plural}, the {len(codes)} most "
                                        f"common {plural}; hatched: suppressed; 0: never together."))
        together = pairs[(pairs["indicator_a"] != pairs["indicator_b"])
                         & (pairs["children"].isna() | (pairs["children"] > 0))]
        if not section.charts:
            section.empty = ("No pair count can be published: every pair of indicators found together is 1 to the "
                             "threshold children." if len(together) else "No two factors or needs were found "
                             "together in any child's notes.")
        elif unpublished:
            section.notes.append(f"No pair of {' or '.join(unpublished)} can be published.")
        return section

    def unmet(self) -> Section:
        section = Section("unmet", "Unmet need")
        section.intro.append(
            "A child has an unmet need when a note shows the need and no note shows a service that meets it (the "
            "editable need-to-services mapping) as involved or referred.")
        summary = self.tables.get("unmet_need_summary")
        if summary is None or summary.empty:
            section.empty = "No need in the need-to-services mapping was found in the notes."
            return section
        rows = self.in_scope(summary).copy()
        if rows.empty:
            section.empty = f"No need in the need-to-services mapping was found for {self.scope_name}."
            return section
        rows["name"] = [self.label("need", need) for need in rows["need"]]
        published = rows[rows["children_with_need"].notna() & (rows["children_with_need"] > 0)]
        hidden = rows[rows["children_with_need"].isna()]
        if published.empty:
            section.empty = (f"No unmet-need count can be published for {self.scope_name}: {len(hidden)} needs "
                             "were found, each for 1 to the threshold children (suppressed).")
            return section
        published = published.assign(order=published["pct_unmet"].fillna(-1)).sort_values(
            ["order", "name"], ascending=[False, True])
        interval = _rate_interval(published, "children_unmet", "children_with_need")
        flagged = _flagged(published)
        columns = ["Need", "Children with the need", "With no meeting service", "Unmet (%)"] + (
            ["95% interval"] if interval else []) + ["Median days unmet", "Median days to a service"]
        table_rows = []
        for index, row in published.iterrows():
            unmet_hidden = _missing(row["children_unmet"])
            cells = [row["name"] + (" ‡" if flagged.loc[index] else ""), _count(row["children_with_need"]),
                     _count(row["children_unmet"]), _pct(row["pct_unmet"])]
            if interval:
                cells.append(_interval(interval[0].loc[index], interval[1].loc[index]))
            for median in ("median_days_unmet", "median_days_to_service"):  # a median hides with its count
                value = row.get(median)
                cells.append(None if unmet_hidden else "–" if _missing(value) else f"{float(value):g}")
            table_rows.append(cells)
        table = Table(columns, table_rows, numeric=set(range(1, len(columns))),
                      caption=f"Unmet need, {self.scope_name}; –: no child to take a median over")
        chart_interval = (interval[0], interval[1]) if interval else None
        uri, _ = _render(_draw_unmet, published, chart_interval)
        alt = (f"Horizontal bars of the share (%) of children with each of {len(published)} needs who had no "
               f"meeting service, {self.scope_name}. " + " ".join(
                   f"{row['name']}: " + (f"{row['pct_unmet']:.1f}% ({_count(row['children_unmet'])} of "
                                         f"{_count(row['children_with_need'])})" if not _missing(row["pct_unmet"])
                                         else f"suppressed (of {_count(row['children_with_need'])})") + "."
                   for _, row in published.iterrows()) + " Suppressed values are grey hatched, not zero.")
        section.charts.append(Chart(uri, alt, table, f"Unmet need (%), {self.scope_name}; hatched: suppressed, "
                                    "not zero."))
        if len(hidden):
            section.notes.append(f"Also found, counts suppressed: {_listing(hidden['name'])}.")
        if not self.team:
            teams = summary[(summary["unit_type"] == "team")]
            if not teams.empty:
                grid = teams.pivot_table(index="need", columns="unit", values="pct_unmet", aggfunc="first", dropna=False)
                grid = grid.dropna(how="all").dropna(axis=1, how="all")
                if not grid.empty:
                    section.details.append(("Unmet (%) by team", Table(
                        ["Need"] + [str(c) for c in grid.columns],
                        [[self.label("need", need)] + [_pct(v) for v in grid.loc[need]] for need in grid.index],
                        numeric=set(range(1, len(grid.columns) + 1)))))
        return section

    def quality(self) -> Section:
        section = Section("quality", "Data quality")
        section.intro.append("Counts of notes" + (", all teams together" if self.team else "") + ". Notes with "
                             "no or an unreadable date are left out of the rate tables; error notes are counted "
                             "here only.")
        quality = self.tables.get("data_quality")
        if quality is None or quality.empty:
            section.empty = "No data-quality table was written."
            return section
        keep = quality[(quality["count"] > 0) | quality["measure"].isin(["notes", "ok_notes"])]
        none = quality[~quality.index.isin(keep.index)]
        section.tables.append((None, Table(["Measure", "Notes"], [[str(r["description"]).capitalize(), _count(r["count"])]
                                                                  for _, r in keep.iterrows()], numeric={1})))
        if len(none):
            section.notes.append("No notes at all in: " + "; ".join(str(d) for d in none["description"]) + ".")
        return section

    def method(self) -> Section:
        section = Section("method", "Method")
        about = [[column_label(key), _flat(_settings(value)) if key == "settings" else str(value)]
                 for key, value in self.about.items()]
        if about:
            section.tables.append(("How the tables were made", Table(["Setting", "Value"], about)))
        privacy = self.tables.get("privacy")
        if privacy is not None and not privacy.empty:
            section.tables.append(("Privacy budget", Table(
                [column_label(c) for c in privacy.columns],
                [[str(v) if not isinstance(v, float) else f"{v:g}" for v in row] for row in privacy.itertuples(index=False)])))
        return section

    def provenance_rows(self) -> dict:
        """What the provenance block shows: settings and sources, or 'not recorded'."""
        from casenotes import __version__

        provenance = self.provenance or {}
        top = [("Report written by", f"casenotes {__version__}")]
        # without provenance.json, the about table still names the taxonomy and settings: say where it came from
        fallback = {"taxonomy": self.about.get("taxonomy_version"), "dp": None,
                    "settings": _settings(self.about.get("settings")), "casenotes": None}
        for key, name in (("casenotes", "Tables written by casenotes"), ("taxonomy", "Taxonomy"),
                          ("dp", "Differential privacy"), ("settings", "Settings")):
            value = provenance.get(key)
            if value not in (None, "", {}, []):
                top.append((name, _flat(value)))
            elif fallback[key] not in (None, "", {}):
                top.append((name, f"{_flat(fallback[key])} (from the about table)"))
            else:
                top.append((name, "not recorded"))
        sources = provenance.get("sources") if isinstance(provenance.get("sources"), list) else []
        columns = ["casenotes", "taxonomy", "overlay", "model", "precision"]
        rows = [[("none" if source[column] in (None, "") else _flat(source[column]))
                 if isinstance(source, Mapping) and column in source else "not recorded" for column in columns]
                for source in sources]
        return {"recorded": bool(self.provenance), "items": top,
                "sources": Table(["casenotes", "Taxonomy", "Overlay", "Model", "Precision"], rows) if rows else None}


def _settings(value: Any) -> Any:
    """The about table's settings, written as a Python dict literal; the text itself when it is not one."""
    import ast

    if not isinstance(value, str):
        return value
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value
    return parsed if isinstance(parsed, dict) else value


def _flat(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{column_label(str(k))}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_flat(v) for v in value)
    return "none" if value is None else str(value)


def _series_summary(label: str, values: pd.Series) -> str:
    shown = values.dropna()
    hidden = int(values.isna().sum())
    if shown.empty:
        return f"{label}: all suppressed."
    return (f"{label}: {shown.min():.0f} to {shown.max():.0f}%, latest published {shown.iloc[-1]:.0f}%"
            + (f", {hidden} suppressed" if hidden else "") + ".")


# --------------------------------------------------------------------------------- drawing functions

def _draw_trend(plt, series, periods: list[str], noun: str):
    """Small multiples, one indicator per panel: bars for a few periods, lines with markers for many."""
    n = len(series)
    ncols = 1 if n == 1 else 2
    nrows = math.ceil(n / ncols)
    figure, axes = plt.subplots(nrows, ncols, figsize=(10, 1.9 * nrows + 0.9), sharex=True, sharey=True,
                                squeeze=False)
    x = list(range(len(periods)))
    few = len(periods) <= 8
    highs = [v for _, values, interval in series for v in (interval[1] if interval else values)]
    top = _nice_top(highs)
    for axis, (label, values, interval) in zip(axes.flat, series):
        shown = values.to_numpy(dtype=float)
        for position, value in zip(x, shown):
            if math.isnan(value):
                axis.add_patch(hatch_patch(position - 0.4, 0, 0.8, top))
                if few:
                    axis.text(position, top * 0.5, SUPPRESSED, ha="center", va="center", fontsize=8, color="#505a5f")
        if few:  # bars only where a value is published: a suppressed period gets the hatch, never a 0 bar
            published = [i for i in x if not math.isnan(shown[i])]
            axis.bar(published, [shown[i] for i in published], width=0.7, color=HERE_COLOUR, label="rate (%)")
        else:
            axis.plot(x, shown, marker="o", markersize=3.5, linewidth=1.6, color=HERE_COLOUR, label="rate (%)")
        if interval:
            low, high = interval[0].to_numpy(dtype=float), interval[1].to_numpy(dtype=float)
            if few:
                keep = [i for i in x if not math.isnan(shown[i]) and not math.isnan(low[i])]
                axis.errorbar(keep, [shown[i] for i in keep], yerr=[[shown[i] - low[i] for i in keep],
                              [high[i] - shown[i] for i in keep]], fmt="none", ecolor="#000000", capsize=3, linewidth=1)
            else:
                axis.fill_between(x, low, high, color=HERE_COLOUR, alpha=0.2, linewidth=0)
        axis.set_title(_wrap(label, 48), fontsize=9, loc="left")
        axis.set_ylim(0, top)
        axis.set_xlim(-0.6, len(periods) - 0.4)
        axis.grid(axis="y", color="#dddddd", linewidth=0.6)
        axis.set_axisbelow(True)
    for axis in list(axes.flat)[n:]:
        axis.set_visible(False)
    step = max(1, math.ceil(len(periods) / 12))
    axes.flat[0].set_xticks(x[::step], periods[::step])  # shared by every panel
    for index, axis in enumerate(list(axes.flat)[:n]):
        if index + ncols >= n:  # no panel below: this one carries the period labels
            axis.tick_params(axis="x", labelbottom=True, labelrotation=45 if len(periods) > 4 else 0)
            if len(periods) > 4:
                for tick in axis.get_xticklabels():
                    tick.set_horizontalalignment("right")
    for axis in axes[:, 0]:
        axis.set_ylabel("%")
    handles = [plt.Line2D([], [], color=HERE_COLOUR, marker="s" if few else "o", linestyle="" if few else "-",
                          label=f"% of children with a note that {noun}")]
    if any(interval for _, _, interval in series):
        handles.append(plt.Line2D([], [], color="#000000" if few else HERE_COLOUR, alpha=1 if few else 0.4,
                                  linewidth=1 if few else 6, label="95% interval"))
    if any(values.isna().any() for _, values, _ in series):
        handles.append(_suppressed_legend_handle())
    figure.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False, fontsize=8,
                  bbox_to_anchor=(0.5, 1.0))
    height = figure.get_figheight()
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.4 / height))  # room for the legend above the panels
    return figure


def _draw_grid(plt, frame: pd.DataFrame, singular: str):
    values = frame.to_numpy(dtype=float)
    rows, columns = values.shape
    figure, axis = plt.subplots(figsize=(min(1.05 * columns + 3, 11), 0.4 * rows + 1.6))
    vmax = max(float(pd.Series(values.ravel()).max(skipna=True)), 1.0)
    image = axis.imshow(values, cmap=_ramp(), vmin=0, vmax=vmax, aspect="auto")
    for row in range(rows):
        for column in range(columns):
            value = values[row, column]
            if math.isnan(value):
                axis.add_patch(hatch_patch(column - 0.5, row - 0.5, 1, 1))
                axis.text(column, row, SUPPRESSED, ha="center", va="center", fontsize=8, color="#505a5f")
            else:
                axis.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=8,
                          color="#ffffff" if value > 0.6 * vmax else "#000000")
    axis.set_xticks(range(columns), [_wrap(c, 18) for c in frame.columns], rotation=45, ha="right", fontsize=8)
    axis.set_yticks(range(rows), [str(u) for u in frame.index])
    for spine in axis.spines.values():
        spine.set_visible(False)
    colourbar = figure.colorbar(image, ax=axis, fraction=0.03, pad=0.02)
    colourbar.set_label("rate (%)")
    if pd.isna(values).any():
        axis.legend(handles=[_suppressed_legend_handle()], loc="lower left", bbox_to_anchor=(0, 1.0),
                    frameon=False, fontsize=8)
    return figure


def _draw_pairs(plt, values, names: list[str], kind: str):
    size = len(names)
    figure, axis = plt.subplots(figsize=(0.48 * size + 3.2, 0.36 * size + 2.0))
    lower = values.copy()
    for row in range(size):
        for column in range(row + 1, size):
            lower[row, column] = float("nan")
    finite = [v for v in lower.ravel() if not math.isnan(v)]
    vmax = max(finite + [1.0])
    import numpy as np

    axis.imshow(np.ma.masked_invalid(lower), cmap=_ramp(), vmin=0, vmax=vmax, aspect="auto")
    for row in range(size):
        for column in range(row + 1):
            value = values[row, column]
            if math.isnan(value):
                axis.add_patch(hatch_patch(column - 0.5, row - 0.5, 1, 1))
                axis.text(column, row, SUPPRESSED, ha="center", va="center", fontsize=7, color="#505a5f")
            else:
                axis.text(column, row, f"{value:,.0f}", ha="center", va="center", fontsize=7,
                          color="#ffffff" if value > 0.6 * vmax else "#000000")
    axis.set_xticks(range(size), [_wrap(n, 20) for n in names], rotation=60, ha="right", fontsize=7)
    axis.set_yticks(range(size), [_wrap(n, 34) for n in names], fontsize=7)
    axis.set_xlim(-0.5, size - 0.5)
    axis.set_ylim(size - 0.5, -0.5)
    for spine in axis.spines.values():
        spine.set_visible(False)
    if any(math.isnan(values[r, c]) for r in range(size) for c in range(r + 1)):
        axis.legend(handles=[_suppressed_legend_handle()], loc="upper right", frameon=False, fontsize=8)
    return figure


def _draw_national(plt, published: pd.DataFrame, interval):
    n = len(published)
    figure, axis = plt.subplots(figsize=(9, 0.34 * n + 1.3))
    positions = list(range(n))
    here = published["rate_pct"].to_numpy(dtype=float)
    shown = [i for i in positions if not math.isnan(here[i])]
    axis.barh(shown, [here[i] for i in shown], color=HERE_COLOUR, height=0.6, label="here")
    if interval:
        low, high = interval[0].to_numpy(dtype=float), interval[1].to_numpy(dtype=float)
        axis.errorbar(here, positions, xerr=[here - low, high - here], fmt="none", ecolor="#000000", capsize=2,
                      linewidth=1, label="95% interval")
    england = published["national_pct"].to_numpy(dtype=float)
    axis.scatter(england, positions, marker="D", s=28, color=ENGLAND_COLOUR, zorder=3, label="England (CIN census)")
    axis.set_yticks(positions, [_wrap(name, 44) for name in published["name"]], fontsize=8)
    axis.invert_yaxis()
    top = _nice_top(list(here) + [v for v in england if not math.isnan(v)]
                    + (list(interval[1].to_numpy(dtype=float)) if interval else []))
    axis.set_xlim(0, top)
    for i in positions:
        if math.isnan(here[i]):  # a published count over a suppressed denominator: the rate is unknown
            axis.add_patch(hatch_patch(0, i - 0.3, top, 0.6))
            axis.text(top * 0.01, i, SUPPRESSED, va="center", fontsize=8, color="#505a5f")
    axis.set_xlabel("% of children")
    axis.grid(axis="x", color="#dddddd", linewidth=0.6)
    axis.set_axisbelow(True)
    handles, _ = axis.get_legend_handles_labels()
    if any(math.isnan(here[i]) for i in positions):
        handles.append(_suppressed_legend_handle())
    axis.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, frameon=False, fontsize=8)
    return figure


def _draw_unmet(plt, published: pd.DataFrame, interval):
    n = len(published)
    figure, axis = plt.subplots(figsize=(9, 0.42 * n + 1.3))
    for position, (_, row) in enumerate(published.iterrows()):
        pct = row["pct_unmet"]
        if _missing(pct):  # suppressed: the whole 0-100 slot is unknown, never a bar of 0
            axis.add_patch(hatch_patch(0, position - 0.3, 100, 0.6))
            text = f"{SUPPRESSED} of {_count(row['children_with_need'])} children"
            axis.text(1, position, text, va="center", fontsize=8, color="#0b0c0c")
        else:
            axis.barh(position, float(pct), height=0.6, color=UNMET_COLOUR)
            text = f"{pct:.0f}%: {_count(row['children_unmet'])} of {_count(row['children_with_need'])} children"
            axis.text(min(float(pct), 70) + 1, position, text, va="center", fontsize=8, color="#0b0c0c")
    if interval:
        values = published["pct_unmet"].to_numpy(dtype=float)
        low, high = interval[0].to_numpy(dtype=float), interval[1].to_numpy(dtype=float)
        keep = [i for i in range(n) if not math.isnan(values[i]) and not math.isnan(low[i])]
        axis.errorbar([values[i] for i in keep], keep, xerr=[[values[i] - low[i] for i in keep],
                      [high[i] - values[i] for i in keep]], fmt="none", ecolor="#000000", capsize=2, linewidth=1)
    axis.set_yticks(range(n), [_wrap(name, 34) for name in published["name"]], fontsize=8)
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    axis.set_ylim(n - 0.5, -0.5)
    axis.set_xlabel("% of children with the need with no meeting service seen")
    from matplotlib.patches import Patch

    handles = [Patch(color=UNMET_COLOUR, label="unmet (%)")]
    if published["pct_unmet"].isna().any():
        handles.append(_suppressed_legend_handle())
    axis.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, fontsize=8)
    return figure
