"""casenotes.runner: one stage order (detect, finalise in input order, extract) for every driver."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from casenotes.contract import InputNote
from casenotes.io import NoteValidator, read_records
from casenotes.redact.redactor import RedactionResult
from casenotes.runner import BatchSpec, RunOptions, Stages, note_stages, process_file, run_batch
from casenotes.runner.local import process_rows

RUNNER = Path(__file__).resolve().parents[1] / "casenotes" / "runner"
#: The calls that make up the stages; only ``stages.py`` may make them.
STAGE_CALLS = {"detect", "finalise", "pipe"}


class Recorder:
    """Detects nothing, finalises by upper-casing, extracts a fixed label; records what ran, in order."""

    def __init__(self, log: list):
        self.log = log

    def detect(self, texts):
        self.log.append(("detect", list(texts)))
        return [[] for _ in texts]

    def finalise(self, text, spans, case_id):
        self.log.append(("finalise", text, case_id))
        return RedactionResult(text.upper(), [])

    def pipe(self, texts, batch_size=64):
        self.log.append(("extract", list(texts)))
        for _ in texts:
            yield {"factors": ["3B"], "needs": [], "services": [], "mentions": []}


def _notes(*texts: str) -> list[InputNote]:
    return [InputNote(i, f"n{i}", text, {"case_id": "C1"}, None if text.strip() else f"row {i}: text is empty")
            for i, text in enumerate(texts, start=1)]


def test_note_stages_yields_detect_then_extract_and_finalises_between():
    log: list = []
    recorder = Recorder(log)
    steps = note_stages(_notes("mum rang", " ", "dad hit mum"), recorder, extract=True)
    detect = next(steps)
    assert (detect.name, detect.texts) == ("detect", ["mum rang", "dad hit mum"])
    extract = steps.send([[], []])
    assert log == [("finalise", "mum rang", "C1"), ("finalise", "dad hit mum", "C1")]  # in input order
    assert (extract.name, extract.texts) == ("extract", ["MUM RANG", "DAD HIT MUM"])
    with pytest.raises(StopIteration) as done:
        steps.send([{"factors": ["3B"]}, {"factors": []}])
    records = done.value.value
    assert [r["status"] for r in records] == ["ok", "error", "ok"]
    assert records[0]["factors"] == ["3B"] and records[1]["error"] == "row 2: text is empty"


def test_without_a_finaliser_the_text_passes_through_and_nothing_is_detected():
    steps = note_stages(_notes("[FATHER] hit [MOTHER]"), None, extract=False)
    assert next(steps).texts == []
    assert steps.send([]).texts == []  # no extraction asked for: nothing to run
    with pytest.raises(StopIteration) as done:
        steps.send([])
    assert done.value.value[0]["redacted_text"] == "[FATHER] hit [MOTHER]"


def test_the_stage_order_is_written_once():
    """Only stages.py names a stage (detect, finalise, pipe): the drivers run ``note_stages``."""
    package = RUNNER.parent
    drivers = [*RUNNER.glob("*.py"), package / "pipeline.py", package / "batch.py", package / "spark.py", package / "api.py"]
    calling = {}
    for path in drivers:
        calls = {node.attr for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in STAGE_CALLS}
        if calls:
            calling[path.name] = sorted(calls)
    # api.redact_text detects and finalises one text itself: no chunks, no extraction, nothing to order
    assert calling == {"stages.py": ["detect", "finalise", "pipe"], "api.py": ["detect", "finalise"]}


def test_the_three_drivers_write_the_same_records(tmp_path, monkeypatch):
    rows = [{"note_id": str(i), "case_id": f"C{i % 3}", "text": "" if i == 4 else f"note {i}", "team": "East"}
            for i in range(1, 12)]
    rows.append({"note_id": "3", "case_id": "C0", "text": "a duplicate id"})
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    options = RunOptions(chunk_size=4, progress=False, provenance={"casenotes": "test"})

    log: list = []
    process_file(source, tmp_path / "file.jsonl", options, Recorder(log), Recorder(log))
    from_file = list(read_records(tmp_path / "file.jsonl"))
    from_rows = list(process_rows(rows, options, Recorder([]), Stages(Recorder([]), Recorder([])), extract=True))
    assert from_rows == from_file

    from casenotes.runner import pool

    def in_process(self, spec, options, workers, summary):
        self.spec, self.options, self.workers, self.summary = spec, options, workers, summary
        self.pool, self.finaliser, self.stages = None, Recorder([]), Stages(Recorder([]), Recorder([]))

    monkeypatch.setattr(pool._Runner, "__init__", in_process)
    summary = run_batch(source, tmp_path / "batch.jsonl", options, BatchSpec(redactor_config=object(), extract=True))
    assert (tmp_path / "batch.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()
    assert (summary.notes, summary.ok, summary.errors) == (12, 10, 2)
    assert dict(summary.error_kinds) == {"text is empty": 1, "duplicate note id": 1}
    finalised = [entry[1] for entry in log if entry[0] == "finalise"]
    assert finalised == [row["text"] for row in rows[:11] if row["text"]]  # every note, in input order


def test_a_validator_can_leave_duplicates_to_its_caller():
    strict, lenient = NoteValidator("utf-8"), NoteValidator("utf-8", unique_ids=False)
    assert strict.check(1, "a", "x", {}).problem is None and "duplicate" in strict.check(2, "a", "y", {}).problem
    assert lenient.check(1, "a", "x", {}).problem is None and lenient.check(2, "a", "y", {}).problem is None


def test_spec_from_options(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("case_id,name,role\nC1,Sarah Jones,mother\n")
    spec = BatchSpec.from_options(people=people, dates="month", model=None, precision="int8")
    assert spec.redactor_config.dates == "month" and spec.redactor_config.precision == "int8"
    assert spec.people == {"C1": [("Sarah Jones", "mother")]} and spec.model is None and spec.extract
    assert BatchSpec.from_options(redact=False, model=None).redactor_config is None
    assert BatchSpec.from_options(extract=False, lexicon="x.yaml").lexicon is None  # the redactor's, not extraction's
    options = spec.run_options(id_col="id", progress=False)
    assert options.provenance == spec.provenance() and options.id_col == "id"
    from casenotes.classify import DEFAULT_MODEL_DIR

    shipped = (DEFAULT_MODEL_DIR / "labels.json").is_file()
    assert BatchSpec.from_options(redact=False).model == (str(DEFAULT_MODEL_DIR.resolve()) if shipped else None)
