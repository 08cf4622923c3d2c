"""The report's parts: labels, periods, suppression drawing, palette, --team, provenance, intervals, escaping,
and that it never reads a child-level or internal table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import casenotes.report as report  # noqa: E402
from casenotes.aggregate import AggregateOptions, aggregate  # noqa: E402
from casenotes.cli import app  # noqa: E402
from eval.make_report_records import write_records  # noqa: E402
from report_checks import parse, tables_saying_nothing, visible_text  # noqa: E402

TEAMS = ("Early Help", "<script>alert(1)</script>", "$\\frac{1}{0$ Team")  # the last breaks mathtext if parsed
PALETTE = {colour.lower() for colour in report.OKABE_ITO.values()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Tables from 1,200 synthetic notes over 4 months, 3 teams (two with hostile names), as aggregate writes them."""
    base = tmp_path_factory.mktemp("parts")
    records = write_records(base / "records.jsonl", 1200, months=4, teams=TEAMS, seed=11)
    aggregate(records, base / "indicators", AggregateOptions(formats=("parquet",)))
    return base / "indicators"


@pytest.fixture(scope="module")
def tables(folder):
    return report.load_tables(folder)


def _spy(monkeypatch, encode: bool) -> list:
    drawn = []
    real = report._render

    def spy(draw, *args):
        uri, figure = real(draw, *args)
        drawn.append((draw.__name__, figure))
        return uri, figure

    monkeypatch.setattr(report, "_render", spy)
    if not encode:  # the figures are drawn as in a report; only the PNG encoding (the slow part) is skipped
        monkeypatch.setattr(report, "_encode", lambda figure: "data:image/png;base64,")
    return drawn


@pytest.fixture()
def figures(monkeypatch):
    """Every figure the report draws (not encoded as PNG: these tests read the figures, not the pixels)."""
    return _spy(monkeypatch, encode=False)


@pytest.fixture()
def rendered_figures(monkeypatch):
    """Every figure the report draws, rendered to PNG as in a real report."""
    return _spy(monkeypatch, encode=True)


# ------------------------------------------------------------------------------------------ labels

def test_factor_codes_get_short_taxonomy_labels():
    labels = report.short_factor_labels()
    assert labels["3B"] == "Domestic abuse (parent/carer)"
    assert labels["1A"] == "Alcohol misuse (child)"
    assert labels["18A"] == "Abuse or neglect: physical abuse"
    assert labels["18B"] == "Abuse or neglect: physical abuse (child on child)"
    assert labels["8B"].startswith("Privately fostered: overseas")


def test_column_labels_are_readable():
    assert report.column_label("children_with_notes") == "Children with notes"
    assert report.column_label("children_unmet") == "Children with no meeting service"
    assert report.column_label("a_new_column") == "A new column"


@pytest.mark.parametrize("periods, hint, grain", [
    (["2025-01", "2025-02"], None, "month"),
    (["2024-Q4", "2025-Q1"], None, "quarter"),
    (["2024", "2025"], None, "year"),
    (["2023-24", "2024-25"], None, "financial-year"),
    (["2011-12"], None, "month"),                    # December 2011 unless aggregate says otherwise
    (["2011-12"], "financial-year", "financial-year"),
])
def test_period_grain(periods, hint, grain):
    assert report.detect_grain(periods + ["all"], hint) == grain


def test_table_marks_suppressed_cells_one_way_and_escapes_text():
    html = report.Table(["Need", "Children"], [["<b>x</b>", None], ["y", "7"]], numeric={1}).html()
    assert "<td class='c' title='suppressed'><span>c</span></td>" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x" not in html


# --------------------------------------------------------------------------------- suppression

def _unmet_with_suppressed(tables):
    summary = tables["unmet_need_summary"].copy()
    rows = summary.index[(summary["unit_type"] == "all") & summary["children_with_need"].notna()]
    hidden = rows[0]
    summary.loc[hidden, ["children_unmet", "pct_unmet", "median_days_unmet", "median_days_to_service"]] = None
    summary["children_unmet"] = summary["children_unmet"].astype("Int64")
    return {**tables, "unmet_need_summary": summary}, summary.loc[hidden, "need"], int(summary.loc[hidden, "children_with_need"])


def test_unmet_need_draws_suppressed_as_hatch_never_as_zero(tables, figures):
    changed, need, with_need = _unmet_with_suppressed(tables)
    section = report._Report(changed, None, None).unmet()
    name, figure = figures[-1]
    assert name == "_draw_unmet"
    axis = figure.axes[0]
    label = report._need_labels()[need]
    position = [tick.get_text().replace("\n", " ") for tick in axis.get_yticklabels()].index(label)
    at_row = [patch for patch in axis.patches if abs(patch.get_y() + patch.get_height() / 2 - position) < 0.01]
    assert [patch.get_hatch() for patch in at_row] == [report.SUPPRESSED_HATCH]   # the hatch, and no bar
    assert at_row[0].get_width() == 100                                          # the whole unknown range
    texts = [text.get_text() for text in axis.texts if abs(text.get_position()[1] - position) < 0.01]
    assert texts == [f"c of {with_need:,} children"]
    row = next(r for r in section.charts[0].table.rows if r[0] == label)
    assert row[2:5] == [None, None, None]  # count, rate and median all show c, never 0 or a blank
    assert "suppressed" in section.charts[0].alt


def test_trend_few_periods_are_bars_with_hatched_suppressed_periods(tables, figures):
    rates = tables["unit_rates"].copy()
    top = rates[(rates["unit_type"] == "all") & (rates["period"] == "all") & (rates["indicator_type"] == "need")]
    need = top.sort_values("children", ascending=False)["indicator"].iloc[0]
    first = sorted(p for p in rates["period"].unique() if p != "all")[0]
    hide = (rates["unit_type"] == "all") & (rates["indicator"] == need) & (rates["period"] == first)
    rates.loc[hide, ["children", "rate_pct"]] = None
    rates["children"] = rates["children"].astype("Int64")
    report._Report({**tables, "unit_rates": rates}, None, None).trends()
    name, figure = figures[-1]
    assert name == "_draw_trend"
    axis = next(a for a in figure.axes if a.get_title(loc="left").replace("\n", " ") == report._need_labels()[need])
    bars = [p for p in axis.patches if not p.get_hatch()]
    hatches = [p for p in axis.patches if p.get_hatch()]
    assert len(bars) == 3 and len(hatches) == 1            # 4 months: 3 bars, the hidden one hatched
    assert abs(hatches[0].get_x() + 0.4) < 1e-9 and all(bar.get_x() > 0 for bar in bars)


def test_trend_many_periods_is_lines_with_markers_not_dots(tmp_path, figures):
    records = write_records(tmp_path / "r.jsonl", 1500, months=12, seed=2)
    tables = report.load_tables(aggregate(records, tmp_path / "ind", AggregateOptions(formats=("parquet",)))
                                and tmp_path / "ind")
    report._Report(tables, None, None).trends()
    _, figure = figures[-1]
    lines = [line for axis in figure.axes for line in axis.get_lines() if len(line.get_xdata()) == 12]
    assert lines and all(line.get_linestyle() == "-" and line.get_marker() == "o" for line in lines)


# ------------------------------------------------------------------------------------- palette

def test_charts_use_the_okabe_ito_palette(tables, figures):
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    html = report.render_report(tables)
    assert len(figures) >= 5 and html.count("<img") == len(figures)
    for name, figure in figures:
        for axis in figure.axes:
            for patch in axis.patches:
                if not patch.get_hatch() and patch.get_visible():
                    assert to_hex(patch.get_facecolor()) in PALETTE, (name, to_hex(patch.get_facecolor()))
            for line in axis.get_lines():
                if line.get_marker() not in ("None", None, ""):
                    assert to_hex(line.get_color()) in PALETTE, (name, to_hex(line.get_color()))
            for collection in axis.collections:
                if isinstance(collection, PathCollection):  # the England markers
                    assert {to_hex(c) for c in collection.get_facecolors()} <= PALETTE, name
            for image in axis.get_images():
                assert to_hex(image.get_cmap()(1.0)) == report.HERE_COLOUR.lower()


# --------------------------------------------------------------------------------------- --team

def test_cli_team_report_narrows_to_one_team(folder, tables, tmp_path):
    output = tmp_path / "team.html"
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(output), "--team", "Early Help"])
    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    rates = tables["unit_rates"]
    team = rates[(rates["unit_type"] == "team") & (rates["unit"] == "Early Help") & (rates["period"] == "all")]
    assert "<title>Need indicators from case notes: Early Help</title>" in html
    assert f"{int(team['children_with_notes'].iloc[0]):,} children with a dated note in team Early Help" in html
    assert "This report covers team Early Help only" in html
    assert tables_saying_nothing(html) == []


def test_cli_unknown_team_is_a_clear_error(folder, tmp_path):
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(tmp_path / "x.html"), "--team", "Nope"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "no team 'Nope'" in result.output and "Early Help" in result.output
    assert not (tmp_path / "x.html").exists()


# ------------------------------------------------------------------------------ escaping, mathtext

def test_hostile_team_names_are_escaped_and_never_mathtext(tables, rendered_figures):
    html = report.render_report(tables, title="<i>Title</i> $x$")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>Title</i>" not in html and "&lt;i&gt;Title&lt;/i&gt; $x$" in html
    grid = next(figure for name, figure in rendered_figures if name == "_draw_grid")
    ticks = [tick for axis in grid.axes for tick in axis.get_yticklabels()]
    assert "$\\frac{1}{0$ Team" in [tick.get_text() for tick in ticks]  # drawn, as text: TeX would raise here
    assert not any(tick.get_parse_math() for tick in ticks)


def test_team_report_escapes_the_team_name(tables, figures):
    html = report.render_report(tables, team="<script>alert(1)</script>")
    assert "<script>" not in html and "Team: <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in html


# ------------------------------------------------------------------------------------ provenance

def test_provenance_block_from_provenance_json(folder, tmp_path, figures):
    copy = tmp_path / "ind"
    copy.mkdir()
    for path in folder.iterdir():
        if path.is_file():
            (copy / path.name).write_bytes(path.read_bytes())
    provenance = {"casenotes": "9.9.9", "taxonomy": {"version": "2025.2", "overlay": "ours-3"},
                  "settings": {"period": "quarter", "threshold": 10}, "dp": None,
                  "sources": [{"casenotes": "9.9.8", "taxonomy": "2025.2", "overlay": None,
                               "model": "casenotes-lora@abc123", "precision": "bf16"}]}
    (copy / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    html = report.write_report(copy, tmp_path / "r.html").read_text(encoding="utf-8")
    block = html.split('<section id="provenance">', 1)[1]
    for text in ("9.9.9", "ours-3", "Threshold: 10", "casenotes-lora@abc123", "bf16", "9.9.8"):
        assert text in block
    assert "Provenance not recorded" not in block


def test_provenance_not_recorded_without_the_file(folder, tmp_path, figures):
    copy = tmp_path / "without"
    copy.mkdir()
    for table in folder.glob("*.parquet"):
        (copy / table.name).write_bytes(table.read_bytes())
    assert (folder / "provenance.json").is_file() and not (copy / "provenance.json").exists()
    html = report.write_report(copy, tmp_path / "r.html").read_text(encoding="utf-8")
    block = visible_text(html.split('<section id="provenance">', 1)[1])
    assert "Provenance not recorded" in block and "Tables written by casenotes not recorded" in block
    from casenotes.taxonomy import load_taxonomy

    assert f"Taxonomy {load_taxonomy().version} (from the about table)" in block


def test_unreadable_provenance_is_a_clear_cli_error(folder, tmp_path):
    copy = tmp_path / "ind"
    copy.mkdir()
    (copy / "unit_rates.parquet").write_bytes((folder / "unit_rates.parquet").read_bytes())
    (copy / "provenance.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(copy), "-o", str(tmp_path / "r.html")])
    assert result.exit_code != 0 and "provenance.json" in result.output and "Traceback" not in result.output


# ------------------------------------------------------------------------- intervals and flags

def test_confidence_intervals_and_unreliable_flags_are_shown(tables, figures):
    from matplotlib.collections import LineCollection

    noisy = {name: frame.copy() for name, frame in tables.items()}
    rates = noisy["unit_rates"]
    counts = rates["children"].astype("Float64").astype(float)
    rates["children_ci_low"], rates["children_ci_high"] = (counts - 3).clip(lower=0), counts + 3
    rates["dp_unreliable"] = counts.fillna(0) < 30
    html = report.render_report(noisy)
    assert "Ranges are 95% intervals" in html and "Unreliable figures:" in html
    national = next(t for t in parse(html).tables if t.header[:3] == ["Factor", "Children", "Rate here (%)"])
    assert national.header[3] == "95% interval"
    assert all("–" in row[3][1] for row in national.rows)
    assert any(row[0][1].endswith("‡") for row in national.rows)
    error_bars = lambda figure: [c for c in figure.axes[0].collections if isinstance(c, LineCollection)]  # noqa: E731
    assert error_bars(dict(figures)["_draw_national"])
    figures.clear()
    plain = report._Report(tables, None, None).national()
    assert "95% interval" not in plain.charts[0].table.columns and not error_bars(dict(figures)["_draw_national"])


# --------------------------------------------------------------------------- what it never reads

def test_never_reads_child_level_or_internal_tables(folder, tmp_path, monkeypatch, figures):
    copy = tmp_path / "ind"
    (copy / "internal").mkdir(parents=True)
    for path in folder.iterdir():
        if path.is_file():
            (copy / path.name).write_bytes(path.read_bytes())
    for poisoned in ("child_indicators.parquet", "unmet_need.parquet", "internal/child_indicators.parquet",
                     "internal/unmet_need.parquet"):
        (copy / poisoned).write_bytes(b"not a parquet file: reading it fails")
    opened = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda path, *a, **k: opened.append(Path(path)) or real(path, *a, **k))
    html = report.write_report(copy, tmp_path / "r.html").read_text(encoding="utf-8")
    assert opened and all(path.parent == copy and path.stem in report.PUBLISHED_TABLES for path in opened)
    assert "SYN-0" not in html  # no child id


def test_records_file_report_drops_child_level_tables(tmp_path):
    records = write_records(tmp_path / "r.jsonl", 60, months=2, seed=1)
    tables = report.load_tables(records)
    assert set(tables) <= set(report.PUBLISHED_TABLES) and "unit_rates" in tables


def test_no_dated_notes_reads_zero_not_suppressed(tmp_path, figures):
    records = tmp_path / "undated.jsonl"
    rows = [{"note_id": f"n{i}", "child_id": f"c{i}", "date": None, "status": "ok", "factors": ["3B"],
             "needs": [], "services": []} for i in range(8)]
    records.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    html = report.render_report(report.load_tables(records))
    text = visible_text(html)
    assert "0 children with a dated note in all teams; the notes had no team or area column." in text
    assert "No dated notes, so no rate over time." in text and "No factor was found in the dated notes" in text
    assert tables_saying_nothing(html) == []


def test_team_rate_over_a_suppressed_denominator_is_hatched_not_missing(tables, figures):
    rates = tables["unit_rates"].copy()
    team = (rates["unit_type"] == "team") & (rates["unit"] == "Early Help") & (rates["period"] == "all")
    rates.loc[team, ["children_with_notes", "rate_pct"]] = None
    rates["children_with_notes"] = rates["children_with_notes"].astype("Int64")
    section = report._Report({**tables, "unit_rates": rates}, "Early Help", None).national()
    _, figure = figures[-1]
    axis = figure.axes[0]
    rows = len(section.charts[0].table.rows)
    assert rows > 0 and len([p for p in axis.patches if p.get_hatch()]) == rows
    assert not [p for p in axis.patches if not p.get_hatch()]  # no bar where the rate is unknown
    assert all(row[2] is None for row in section.charts[0].table.rows) and "nan" not in section.charts[0].alt


def test_pairs_and_unmet_need_are_whole_window_at_a_quarter_grain(tmp_path):
    """At a coarser grain aggregate writes pairs and unmet need per period too; the report keeps 'all' only."""
    records = write_records(tmp_path / "records.jsonl", 300, months=6, teams=TEAMS, seed=3)
    aggregate(records, tmp_path / "quarterly", AggregateOptions(formats=("parquet",), period="quarter"))
    written = pd.read_parquet(tmp_path / "quarterly" / "co_occurrence.parquet")
    assert set(written["period"]) > {"all"}  # the test means something only if there are per-quarter rows
    tables = report.load_tables(tmp_path / "quarterly")
    for name in ("co_occurrence", "unmet_need_summary"):
        assert "period" not in tables[name].columns
    whole = written[written["period"] == "all"].drop(columns="period").reset_index(drop=True)
    pd.testing.assert_frame_equal(tables["co_occurrence"], whole)
    assert "<img" in report.render_report(tables)
