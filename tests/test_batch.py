"""The parallel, resumable batch runner: same output as process_file, every note exactly once after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casenotes.batch import BatchSpec, checkpoint_path, run_batch
from casenotes.io import read_records
from casenotes.pipeline import RunOptions, process_file

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "data" / "redaction_gold.jsonl"


def gold_notes(n: int, short: int | None = None) -> list[dict]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    notes = []
    for i in range(n):
        row = rows[i % len(rows)]
        text = row["text"] if short is None else row["text"][:short]
        notes.append({"note_id": f"n{i}", "case_id": f"C{i // 7}", "text": text, "team": "East"})
    return notes


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spec():
    from casenotes.redact import RedactorConfig

    return BatchSpec(RedactorConfig(), extract=True)


@pytest.fixture(scope="module")
def notes_100(tmp_path_factory):
    rows = gold_notes(98)
    rows.insert(10, {"note_id": "empty", "case_id": "C1", "text": "  "})
    rows.insert(20, {"note_id": "n3", "case_id": "C1", "text": "duplicate id"})
    return write_jsonl(tmp_path_factory.mktemp("batch") / "notes.jsonl", rows)


@pytest.mark.slow
def test_workers_1_is_byte_identical_to_process_file(tmp_path, notes_100, spec):
    options = RunOptions(chunk_size=16, progress=False)
    process_file(notes_100, tmp_path / "pf.jsonl", options, spec.build_redactor(), spec.build_extractor())
    summary = run_batch(notes_100, tmp_path / "w1.jsonl", options, spec, workers=1)
    assert (tmp_path / "w1.jsonl").read_bytes() == (tmp_path / "pf.jsonl").read_bytes()
    assert (summary.notes, summary.errors) == (100, 2)
    assert summary.error_kinds == {"text is empty": 1, "duplicate note id": 1}
    assert not checkpoint_path(tmp_path / "w1.jsonl").exists()


@pytest.mark.slow
def test_two_workers_equal_one_worker(tmp_path, notes_100, spec):
    options = RunOptions(chunk_size=16, progress=False)
    run_batch(notes_100, tmp_path / "w1.jsonl", options, spec, workers=1)
    summary = run_batch(notes_100, tmp_path / "w2.jsonl", options, spec, workers=2)
    assert (tmp_path / "w2.jsonl").read_bytes() == (tmp_path / "w1.jsonl").read_bytes()
    assert summary.workers == 2 and summary.notes == 100
    records = list(read_records(tmp_path / "w2.jsonl"))
    assert any("[PERSON_" in (r["redacted_text"] or "") for r in records)



def test_a_failing_note_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    from casenotes import batch

    class FakeRedactor:
        def detect(self, texts):
            if any("BOOM" in t for t in texts):
                raise ValueError("cannot")
            return [[] for _ in texts]

    class FakeFinaliser:
        def _finalise(self, text, spans, case_id):
            from casenotes.redact.redactor import RedactionResult

            return RedactionResult(text.upper(), [])

    monkeypatch.setattr(BatchSpec, "build_redactor", lambda self: FakeRedactor())
    monkeypatch.setattr(BatchSpec, "build_finaliser", lambda self: FakeFinaliser())
    monkeypatch.setattr(BatchSpec, "build_extractor", lambda self: None)
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": "BOOM" if i == 3 else f"note {i}"} for i in range(10)])
    monkeypatch.setattr(batch._Runner, "__init__", _in_process_runner_init(FakeRedactor(), FakeFinaliser()))
    summary = run_batch(source, tmp_path / "out.jsonl", RunOptions(chunk_size=4, progress=False), BatchSpec(redactor_config=object(), extract=False))
    records = list(read_records(tmp_path / "out.jsonl"))
    assert [r["note_id"] for r in records] == [str(i) for i in range(10)]
    assert records[3]["error"] == "row 4: redaction failed (ValueError); the note was not processed"
    assert records[2]["redacted_text"] == "NOTE 2"
    assert (summary.ok, summary.errors, dict(summary.error_kinds)) == (9, 1, {"redaction failed": 1})


def _in_process_runner_init(redactor, finaliser):
    def init(self, spec, options, workers, summary):
        self.spec, self.options, self.workers, self.summary = spec, options, workers, summary
        self.pool, self.redactor, self.finaliser, self.extractor = None, redactor, finaliser, None

    return init


@pytest.mark.slow
def test_killed_run_resumes_with_every_note_exactly_once(tmp_path, spec):
    rows = gold_notes(2_000, short=120)
    source = write_jsonl(tmp_path / "notes.jsonl", rows)
    options = RunOptions(chunk_size=64, progress=False)
    reference = tmp_path / "reference.jsonl"
    run_batch(source, reference, options, spec, workers=1)

    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "casenotes.batch", str(source), str(output), "--checkpoint-seconds", "0.5"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    progress = checkpoint_path(output)
    deadline = time.time() + 120
    while not _rows_done(progress) and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.7)  # let it write past the first checkpoint, so there is something to truncate
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    state = json.loads(progress.read_text())
    assert 0 < state["rows_done"] < 2_000

    subprocess.run([*command, "--resume"], cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ids = [r["note_id"] for r in read_records(output)]
    assert len(ids) == len(set(ids)) == 2_000
    assert output.read_bytes() == reference.read_bytes()
    assert not progress.exists()


def _rows_done(progress: Path) -> int:
    try:
        return json.loads(progress.read_text())["rows_done"]
    except (OSError, ValueError, KeyError):
        return 0


def test_resume_refuses_a_checkpoint_from_another_input(tmp_path, spec):
    from casenotes.io import InputError

    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": "x"}])
    output = tmp_path / "out.jsonl"
    output.write_text("")
    checkpoint_path(output).write_text(json.dumps({"version": 1, "input": "/elsewhere.jsonl", "input_size": 3}))
    with pytest.raises(InputError, match="different input"):
        run_batch(source, output, RunOptions(progress=False), spec, resume=True)
