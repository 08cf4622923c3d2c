"""The HTML report: self-contained, counts only, and it renders in headless Chromium when one is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from casenotes.aggregate import AggregateOptions, aggregate
from casenotes.cli import app
from casenotes.report import render_report, write_report
from report_checks import tables_saying_nothing

# fmt: off
RECORDS = [
    {"note_id": "n1", "child_id": "A", "date": "2024-01-05", "team": "East", "area": "North",
     "factors": ["3B"], "needs": ["domestic_abuse"], "services": ["General practitioner"]},
    {"note_id": "n2", "child_id": "A", "date": "2024-02-20", "team": "East", "area": "North",
     "factors": ["4B", "1B"], "needs": ["health", "substance_use"], "services": []},
    {"note_id": "n3", "child_id": "B", "date": "2024-01-10", "team": "West", "area": "South",
     "factors": ["3B"], "needs": ["domestic_abuse"], "services": ["Independent Domestic Violence Advocate"]},
    {"note_id": "n4", "child_id": "C", "date": None, "team": "West", "area": "South",
     "factors": [], "needs": [], "services": []},
    {"note_id": "n5", "status": "error", "error": "row 5: text is empty"},
]
# fmt: on

SECTIONS = ("summary", "trends", "teams", "national", "cooccurrence", "unmet", "quality", "method")
SECRET = "SECRET NOTE TEXT about Kerry"


@pytest.fixture(scope="module")
def records_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "notes.jsonl"
    rows = [{"status": "ok", "error": None, "redacted_text": SECRET, "pii": [], **record} for record in RECORDS]
    rows[-1]["redacted_text"] = None
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_html(records_path):
    return render_report(aggregate(records_path, options=AggregateOptions(suppress=False)), title="Test report")


def test_report_has_every_section_and_embedded_charts(report_html):
    for section in SECTIONS:
        assert f'<section id="{section}">' in report_html
    assert report_html.count('src="data:image/png;base64,') >= 3


def test_report_is_self_contained(report_html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", report_html, flags=re.I)
    assert "<script" not in report_html and "@import" not in report_html


def test_report_holds_no_note_text(report_html):
    assert "SECRET" not in report_html and "Kerry" not in report_html


def test_three_children_collapse_to_sentences_not_grids_of_c(records_path, tmp_path):
    path = write_report(records_path, tmp_path / "r.html")  # default: suppression on, every count is 1-3
    text = path.read_text(encoding="utf-8")
    assert "counts 1-5 suppressed" in text and '<span class="swatch">c</span> suppressed' in text
    assert "<img" not in text and text.count('class="empty"') >= 5
    assert "No factor count can be published for all teams" in text
    assert tables_saying_nothing(text) == []


def test_cli_report_from_aggregate_folder(records_path, tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["aggregate", str(records_path), "-d", str(tmp_path / "ind")]).exit_code == 0
    result = runner.invoke(app, ["report", str(tmp_path / "ind"), "-o", str(tmp_path / "report.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_renders_in_headless_chromium(records_path, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    path = write_report(records_path, tmp_path / "report.html", title="Chromium check")
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.resolve().as_uri()]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    assert "<title>Chromium check</title>" in dom
    for section in SECTIONS:
        assert f'id="{section}"' in dom
