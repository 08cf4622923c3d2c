"""``casenotes run``'s default number of workers (``auto_workers``): one process for a handful of notes, one per
core when the input gives each worker work (more chunks of notes, or a long note read in parts)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casenotes.runner import RunOptions, longnotes
from casenotes.runner.pool import auto_workers

REPO = Path(__file__).resolve().parents[1]


def notes_file(path: Path, count: int, length: int = 300) -> Path:
    rows = [{"note_id": f"n{i}", "case_id": "C1", "text": ("Mum rang about school. " * length)[:length]} for i in range(count)]
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, ["note_id", "case_id", "text"])
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_handful_of_notes_runs_in_one_process(tmp_path, suffix):
    assert auto_workers(notes_file(tmp_path / f"few{suffix}", 20), RunOptions(), cores=8) == 1


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_more_chunks_than_cores_use_every_core_and_fewer_one_each(tmp_path, suffix):
    many = notes_file(tmp_path / f"many{suffix}", 300)  # 3 chunks of 128
    assert auto_workers(many, RunOptions(), cores=2) == 2
    assert auto_workers(many, RunOptions(), cores=8) == 3
    assert auto_workers(many, RunOptions(chunk_size=10), cores=8) == 8
    assert auto_workers(many, RunOptions(), cores=1) == 1


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_one_long_note_is_worth_a_worker_per_part(tmp_path, suffix):
    long = notes_file(tmp_path / f"long{suffix}", 1, length=100_000)
    assert auto_workers(long, RunOptions(), cores=2) == 2
    assert auto_workers(long, RunOptions(), cores=8) == longnotes.parts_for(100_000, 8) == 5
    shorter = notes_file(tmp_path / f"shorter{suffix}", 1, length=longnotes.SPREAD_CHARS // 2)
    assert auto_workers(shorter, RunOptions(), cores=8) == 1


def test_an_unreadable_input_gets_one_worker_and_its_message_from_the_run(tmp_path):
    assert auto_workers(tmp_path / "missing.jsonl", RunOptions(), cores=8) == 1


@pytest.mark.slow
def test_cli_default_runs_a_few_notes_in_one_process(tmp_path):
    notes = notes_file(tmp_path / "few.jsonl", 3)
    done = subprocess.run([sys.executable, "-m", "casenotes", "run", str(notes), "-o", str(tmp_path / "out.jsonl"),
                           "--rules-only", "--quiet", "--json"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert (summary["notes"], summary["ok"], summary["workers"]) == (3, 3, 1)
