"""Aggregation arithmetic, disclosure control and unmet need, on small hand-made records with worked numbers."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from casenotes.aggregate import (
    AggregateOptions,
    aggregate,
    build_tables,
    child_indicators,
    co_occurrence,
    data_quality,
    load_need_services,
    prepare_notes,
    suppress,
    unit_month_rates,
    unmet_need,
    unmet_need_summary,
)
from casenotes.cli import app
from casenotes.taxonomy import load_taxonomy

IDVA = "Independent Domestic Violence Advocate"
GP = "General practitioner"

# Child A: DA on 5 Jan (GP already involved), then parental MH and alcohol on 20 Jan: the "toxic trio"
#          across two notes. Child B: DA on 10 Jan, IDVA involved on 2 Feb (23 days later).
# Child C (no child_id: counted by case_id): undated. Child D: unreadable date. One error note.
# fmt: off
RECORDS = [
    {"note_id": "n1", "child_id": "A", "case_id": "K1", "date": "2024-01-05", "team": "East", "area": "North",
     "factors": ["3B"], "needs": ["domestic_abuse"], "services": [GP]},
    {"note_id": "n2", "child_id": "A", "case_id": "K1", "date": "2024-01-20", "team": "East", "area": "North",
     "factors": ["4B", "1B"], "needs": ["health", "substance_use"], "services": []},
    {"note_id": "n3", "child_id": "B", "case_id": "K2", "date": "2024-01-10", "team": "West", "area": "North",
     "factors": ["3B"], "needs": ["domestic_abuse"], "services": []},
    {"note_id": "n4", "child_id": "B", "case_id": "K2", "date": "2024-02-02", "team": "West", "area": "North",
     "factors": [], "needs": [], "services": [IDVA]},
    {"note_id": "n5", "child_id": None, "case_id": "K3", "date": None, "team": "East", "area": "South",
     "factors": ["4B"], "needs": ["health"], "services": []},
    {"note_id": "n6", "status": "error", "error": "row 6: text is empty", "factors": None, "needs": None,
     "services": None},
    {"note_id": "n7", "child_id": "D", "case_id": "K4", "date": "not a date", "team": "West", "area": "South",
     "factors": [], "needs": [], "services": []},
]
# fmt: on


@pytest.fixture()
def notes():
    return prepare_notes(pd.DataFrame([{"status": "ok", "error": None, **record} for record in RECORDS]))


def rate_row(table, unit_type, unit, period, indicator):
    rows = table[(table["unit_type"] == unit_type) & (table["unit"] == unit) & (table["period"] == period)
                 & (table["indicator"] == indicator)]
    assert len(rows) == 1, (unit_type, unit, period, indicator)
    return rows.iloc[0]


def test_prepare_notes_child_falls_back_to_case_then_note_id(notes):
    by_note = notes.set_index("note_id")
    assert by_note.loc["n1", ["child", "child_source"]].tolist() == ["A", "child_id"]
    assert by_note.loc["n5", ["child", "child_source"]].tolist() == ["K3", "case_id"]
    assert by_note.loc["n6", ["child", "child_source"]].tolist() == ["n6", "note_id"]
    assert by_note.loc["n5", "date_problem"] == "missing" and by_note.loc["n7", "date_problem"] == "invalid"


def test_child_indicators_first_last_and_note_count(notes):
    table = child_indicators(notes)
    da = table[(table["child"] == "A") & (table["indicator"] == "domestic_abuse")].iloc[0]
    assert (da["period"], da["first_seen"], da["last_seen"], da["notes"]) == ("2024-01", date(2024, 1, 5),
                                                                             date(2024, 1, 5), 1)
    assert set(table.loc[table["child"] == "K3", "period"]) == {"undated"}
    assert "n6" not in set(table["child"])  # error notes only in data quality
    whole = child_indicators(notes, period="all")
    b_da = whole[(whole["child"] == "B") & (whole["indicator"] == "domestic_abuse")].iloc[0]
    assert b_da["notes"] == 1 and whole.loc[whole["child"] == "B", "period"].eq("all").all()


def test_unit_month_rates_counts_children_not_notes(notes):
    table = unit_month_rates(notes)
    # January, all teams: A and B have a dated note; both have 3B; only A has 4B.
    da = rate_row(table, "all", "all", "2024-01", "3B")
    assert (da["children"], da["children_with_notes"], da["rate_pct"]) == (2, 2, 100.0)
    assert (da["national_pct"], da["national_year"]) == (31.7, "2024-25")
    assert rate_row(table, "all", "all", "2024-01", "4B")["rate_pct"] == 50.0
    # February: only B, with no factor: a zero row, not a missing one.
    feb = rate_row(table, "all", "all", "2024-02", "3B")
    assert (feb["children"], feb["children_with_notes"], feb["rate_pct"]) == (0, 1, 0.0)
    # Team East in January is child A alone; the undated K3 and unreadable D are left out.
    east = rate_row(table, "team", "East", "2024-01", "4B")
    assert (east["children"], east["children_with_notes"]) == (1, 1)
    assert rate_row(table, "all", "all", "all", "3B")["children_with_notes"] == 2
    assert pd.isna(rate_row(table, "all", "all", "2024-01", "domestic_abuse")["national_pct"])


def test_unit_month_rates_combination_across_notes(notes):
    table = unit_month_rates(notes)
    assert rate_row(table, "all", "all", "2024-01", "3B+4B+1B/2B")["children"] == 1  # A: 3B in n1, 4B+1B in n2
    assert rate_row(table, "all", "all", "2024-01", "3B+1B/2B")["children"] == 1
    assert rate_row(table, "team", "West", "all", "3B+4B")["children"] == 0


def test_co_occurrence_pairs_and_diagonal(notes):
    table = co_occurrence(notes)
    factors = table[table["indicator_type"] == "factor"].set_index(["indicator_a", "indicator_b"])["children"]
    # A {1B, 3B, 4B}, B {3B}, K3 {4B} (undated notes count here)
    assert factors.to_dict() == {("1B", "1B"): 1, ("1B", "3B"): 1, ("1B", "4B"): 1, ("3B", "3B"): 2,
                                 ("3B", "4B"): 1, ("4B", "4B"): 2}
    assert table["children_with_notes"].iloc[0] == 4  # A, B, K3, D


def test_unmet_need_days_met_and_censored(notes):
    table = unmet_need(notes, load_need_services()).set_index(["child", "need"])
    # A: DA on 5 Jan, no DA service by the last note (20 Jan): unmet for 15 days so far.
    assert (table.loc[("A", "domestic_abuse"), "met"], table.loc[("A", "domestic_abuse"), "days_unmet"]) == (False, 15)
    # A: health need on 20 Jan, GP already involved on 5 Jan: met, 0 days.
    assert (table.loc[("A", "health"), "met"], table.loc[("A", "health"), "days_unmet"]) == (True, 0)
    # B: DA on 10 Jan, IDVA on 2 Feb: met after 23 days.
    b = table.loc[("B", "domestic_abuse")]
    assert (b["met"], b["meeting_service"], b["days_unmet"]) == (True, IDVA, 23)
    assert ("K3", "health") not in table.index  # undated: no duration can be measured


def test_unmet_need_only_mapped_needs_are_assessed(notes):
    table = unmet_need(notes, {"health": [GP]})
    assert set(table["need"]) == {"health"}


def test_unmet_need_summary_counts_and_medians(notes):
    summary = unmet_need_summary(unmet_need(notes, load_need_services()))
    da = summary[(summary["unit_type"] == "all") & (summary["need"] == "domestic_abuse")].iloc[0]
    assert (da["children_with_need"], da["children_unmet"], da["pct_unmet"]) == (2, 1, 50.0)
    assert (da["median_days_unmet"], da["median_days_to_service"]) == (15, 23)
    west = summary[(summary["unit"] == "West") & (summary["need"] == "domestic_abuse")].iloc[0]
    assert (west["children_with_need"], west["children_unmet"]) == (1, 0)


def test_data_quality_counts(notes):
    quality = data_quality(notes).set_index("measure")["count"]
    assert quality[["notes", "ok_notes", "error_notes", "empty_notes", "no_date", "invalid_date",
                    "no_indicators", "child_from_case_id", "child_from_note_id", "children"]].tolist() == [7, 6, 1, 1, 1, 1, 1, 1, 0, 4]
    assert quality["error: text is empty"] == 1


# ------------------------------------------------------------------------------------ suppression

def test_suppress_primary_hides_one_to_five_and_keeps_zero():
    out = suppress(pd.DataFrame({"children": [0, 1, 5, 6]}))
    assert out["children"].tolist() == [0, pd.NA, pd.NA, 6]
    assert out["children_suppressed"].tolist() == [False, True, True, False]


def test_suppress_threshold_option():
    assert suppress(pd.DataFrame({"children": [6, 11]}), threshold=10)["children"].tolist() == [pd.NA, 11]


def test_suppress_secondary_hides_next_smallest_in_a_margin():
    frame = pd.DataFrame({"month": ["m1"] * 3 + ["m2"] * 3, "team": list("abc") * 2,
                          "children": [3, 10, 8, 2, 4, 20]})
    out = suppress(frame, margins=[("month",)])
    # m1: 3 alone is suppressed, so the next smallest (8) goes too; m2: two already suppressed, nothing more.
    assert out["children"].tolist() == [pd.NA, 10, pd.NA, pd.NA, pd.NA, 20]


def test_suppress_secondary_prefers_a_non_zero_cell():
    frame = pd.DataFrame({"g": ["x"] * 3, "children": [2, 0, 9]})
    assert suppress(frame, margins=[("g",)])["children"].tolist() == [pd.NA, 0, pd.NA]


def test_suppress_secondary_cascades_across_margins():
    # A 2x2 table with row and column totals: hiding 3 forces 10 (row) and 20 (column), then 30.
    frame = pd.DataFrame({"row": ["r1", "r1", "r2", "r2"], "col": ["c1", "c2", "c1", "c2"],
                          "children": [3, 10, 20, 30]})
    out = suppress(frame, margins=[("row",), ("col",)])
    assert out["children_suppressed"].all()


def test_suppress_rounds_to_nearest_five():
    out = suppress(pd.DataFrame({"children": [7, 12, 13, 0, 3]}), round_to=5)
    assert out["children"].tolist() == [5, 10, 15, 0, pd.NA]


def test_build_tables_publishes_suppressed_rates_and_keeps_child_tables_exact(notes):
    tables = build_tables(notes)
    jan = rate_row(tables["unit_rates"], "all", "all", "2024-01", "3B")
    assert jan["children_suppressed"] and pd.isna(jan["children"]) and pd.isna(jan["rate_pct"])
    assert tables["child_indicators"]["notes"].notna().all()
    assert "child_level_tables" in set(tables["about"]["key"])


def test_build_tables_without_suppression_keeps_exact_counts(notes):
    tables = build_tables(notes, AggregateOptions(suppress=False))
    assert rate_row(tables["unit_rates"], "all", "all", "2024-01", "3B")["children"] == 2


def test_build_tables_dp_states_the_budget(notes):
    pytest.importorskip("opendp")
    tables = build_tables(notes, AggregateOptions(suppress=False, dp_epsilon=1.0, force=True))
    privacy = tables["privacy"]
    assert set(privacy["table"]) == {"unit_rates", "co_occurrence", "unmet_need_summary", "all"}
    total = privacy.set_index(["table", "column"]).loc[("all", "all")]
    assert round(total["epsilon"], 9) == 1.0  # --dp-epsilon is the budget of the whole release
    assert privacy.loc[privacy["table"] != "all", "epsilon"].sum() == pytest.approx(1.0)
    assert (tables["unit_rates"]["children"].dropna() >= 0).all()
    assert "total epsilon 1 " in dict(zip(tables["about"]["key"], tables["about"]["value"]))["differential_privacy"]


# ------------------------------------------------------------------------------------ mapping

def test_need_services_mapping_names_exist_in_taxonomy():
    taxonomy = load_taxonomy()
    mapping = load_need_services(taxonomy=taxonomy)
    assert set(mapping) == set(taxonomy.needs)
    assert all(name in taxonomy.services for names in mapping.values() for name in names)


def test_need_services_unknown_service_fails_loudly(tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text(yaml.safe_dump({"needs": {"housing": ["Housing Options Hub"]}}))
    with pytest.raises(ValueError, match="unknown services"):
        load_need_services(path)


# ------------------------------------------------------------------------------------ files and CLI

def write_records(path, text="SECRET NOTE TEXT about Kerry"):
    rows = [{"status": "ok", "error": None, "redacted_text": text, "pii": [], **record} for record in RECORDS]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def test_aggregate_writes_parquet_csv_and_duckdb_without_text(tmp_path):
    import duckdb

    source = tmp_path / "notes.jsonl"
    write_records(source)
    aggregate(source, tmp_path / "ind")
    for name in ("unit_rates", "co_occurrence", "unmet_need_summary", "data_quality"):
        assert (tmp_path / "ind" / f"{name}.parquet").is_file() and (tmp_path / "ind" / f"{name}.csv").is_file()
    for name in ("child_indicators", "unmet_need"):  # case-level: apart, in internal/
        assert not (tmp_path / "ind" / f"{name}.parquet").exists()
        assert (tmp_path / "ind" / "internal" / f"{name}.parquet").is_file()
    with duckdb.connect(str(tmp_path / "ind" / "internal" / "internal.duckdb"), read_only=True) as connection:
        count = connection.execute("SELECT count(*) FROM child_indicators WHERE child = 'A'").fetchone()[0]
    assert count == 7  # A, 2024-01: factors 3B, 4B, 1B; needs domestic_abuse, health, substance_use; GP
    for path in (tmp_path / "ind").rglob("*"):
        if path.is_file():
            assert b"SECRET" not in path.read_bytes() and b"Kerry" not in path.read_bytes()


def test_cli_aggregate_writes_tables(tmp_path):
    source = tmp_path / "notes.jsonl"
    write_records(source)
    result = CliRunner().invoke(app, ["aggregate", str(source), "-d", str(tmp_path / "ind"), "--round-to", "5"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ind" / "indicators.duckdb").is_file()
