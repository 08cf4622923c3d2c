"""Batch at scale on one machine: every core, flat memory, resumable.

``run_batch`` does what ``pipeline.process_file`` does (same records, same order, same error
messages) but can spread the work over worker processes and survive an interruption:

* **Workers** are started with the ``spawn`` method (as on Windows), and each builds one
  ``Redactor`` and one extractor once, in its initializer: the rules ``Extractor``, or with
  ``BatchSpec.model`` a ``CombinedExtractor`` whose classifier is loaded once per worker. A worker
  runs the expensive, stateless parts: ``Redactor.detect`` (spaCy + Presidio) on a chunk of original
  texts, and later the extractor's ``pipe`` (rules, then the classifier) on the chunk's redacted
  texts. The parent runs the cheap, stateful part, ``Redactor._finalise`` (placeholders that need
  the case memory), strictly in input order, so ``[PERSON_n]`` numbering per case is the same
  whatever the number of workers.
* **Flat memory**: the input is streamed, and at most ``2 x workers`` chunks are in flight.
* **Resume**: output is JSONL written in input order. Every few seconds the parent drains the
  work in flight, fsyncs the output and atomically writes ``<output>.progress.json`` with the
  rows done, the output's byte length and the case memory. ``resume=True`` truncates the output
  to that length (dropping a partial last line and any records past the checkpoint), restores
  the case memory, skips the rows done and carries on: every note ends up exactly once.
* **Ctrl-C** (SIGINT): the first one stops reading, drops the chunks still in detection, finishes
  (extracts and writes) those already finalised, writes a checkpoint and raises
  ``BatchInterrupted`` (``python -m casenotes.batch`` and ``casenotes run`` print one line and exit
  with status 130); a second Ctrl-C stops at once, keeping the last checkpoint. A checkpoint exists from the start of a run, so ``--resume`` always has one.

``workers=1`` runs everything in this process and writes byte-identical output to
``process_file``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import OrderedDict, deque
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from casenotes.io import InputError, InputNote, RecordWriter, count_rows, detect_format, output_lock, read_notes
from casenotes.pipeline import (
    RunOptions,
    RunSummary,
    _chunks,
    _each_safely,
    _prepend,
    _progress,
    error_kind,
    finalise_note,
    record_extraction,
    record_redaction,
)
from casenotes.records import base_record, output_fields
from casenotes.provenance import stamped

logger = logging.getLogger("casenotes")
CHECKPOINT_SUFFIX = ".progress.json"
CHECKPOINT_VERSION = 2


# -- what to run ---------------------------------------------------------------------------------
@dataclass
class BatchSpec:
    """What each worker builds. Picklable: sent once to every spawned worker.

    ``redactor_config`` None means no redaction (the text is passed through, as ``extract`` does).
    ``model`` is a classifier folder (``casenotes train``): extraction is then rules + classifier
    (``casenotes.classify.CombinedExtractor``), its weights in ``precision`` (``casenotes.classify.PRECISIONS``).
    """

    redactor_config: Any = None  # casenotes.redact.RedactorConfig
    people: dict[str, list[tuple[str, str]]] | None = None
    extract: bool = True
    lexicon: str | None = None
    model: str | None = None
    precision: str = "auto"

    @classmethod
    def from_objects(cls, redactor=None, extractor=None, lexicon: str | Path | None = None,
                     model: str | Path | None = None, precision: str = "auto") -> "BatchSpec":
        """The spec that rebuilds an already-built redactor/extractor (and classifier folder) in each worker."""
        return cls(
            redactor_config=None if redactor is None else redactor.config,
            people=None if redactor is None else (redactor.people or None),
            extract=extractor is not None,
            lexicon=None if lexicon is None else str(lexicon),
            model=None if model is None else str(model),
            precision=precision,
        )

    def settings(self) -> dict[str, Any]:
        """The options that decide the output, kept in the checkpoint so that a resumed run cannot mix two
        settings in one file. No key and no names: only whether a key is used and how many cases are known."""
        config = self.redactor_config
        redaction = None
        if config is not None:
            redaction = {name: getattr(config, name, None) for name in ("spacy_model", "score_threshold", "dates", "entities")}
            redaction["keyed"] = getattr(config, "hmac_key", None) is not None
            redaction["tagger"] = config.tagger_folder() if hasattr(config, "tagger_folder") else None
            redaction["precision"] = getattr(config, "precision", None) if redaction["tagger"] else None
        settings = {"redaction": redaction, "people_cases": len(self.people or {}), "extract": self.extract,
                    "lexicon": self.lexicon, "model": self.model, "precision": self.precision if self.model else None,
                    "provenance": self.provenance()}  # a resumed run refuses other weights or another version
        return json.loads(json.dumps(settings, default=str))  # as it reads back from the checkpoint

    def provenance(self) -> dict[str, Any]:
        """What these settings run, for every output record (``casenotes.provenance``)."""
        from casenotes.provenance import build_provenance

        return build_provenance(self.redactor_config, self.extract, self.lexicon, self.model, self.precision,
                                people_table=bool(self.people))

    def build_redactor(self):
        from casenotes.redact import Redactor

        return None if self.redactor_config is None else Redactor(self.redactor_config, people=self.people)

    def build_finaliser(self):
        """A Redactor without its spaCy model: all ``_finalise`` needs (config, people, case memory)."""
        if self.redactor_config is None:
            return None
        from casenotes.redact.redactor import Redactor
        from casenotes.redact.resolve import CaseMemory

        finaliser = Redactor.__new__(Redactor)
        finaliser.config = self.redactor_config
        finaliser.people = self.people or {}
        finaliser.memory = CaseMemory(self.redactor_config.max_cases_remembered)
        finaliser._known = OrderedDict()
        return finaliser

    def build_extractor(self):
        """The rules ``Extractor``, or rules + classifier when ``model`` is set; None without extraction."""
        if not self.extract:
            return None
        from casenotes.extract import Extractor

        rules = Extractor(extra_lexicon=self.lexicon)
        if self.model is None:
            return rules
        from casenotes.classify import Classifier, CombinedExtractor

        return CombinedExtractor(rules, Classifier.load(self.model, precision=self.precision))


@dataclass
class StageTimes:
    """Seconds spent per stage (in workers, summed over workers, when workers > 1).

    ``extract`` is the rules (and combining); ``classify`` the classifier's forward passes, when a
    model is used; ``startup`` building the redactor, extractor and classifier in this process
    (workers=1), or starting the pool and the finaliser (workers > 1); ``worker_startup`` each worker's
    time from the pool's creation to the end of its initializer (interpreter start, imports, models
    loaded), summed over the workers.
    """

    read: float = 0.0
    detect: float = 0.0
    finalise: float = 0.0
    extract: float = 0.0
    classify: float = 0.0
    write: float = 0.0
    startup: float = 0.0
    worker_startup: float = 0.0


@dataclass
class BatchSummary(RunSummary):
    workers: int = 1
    resumed_from: int = 0
    stages: StageTimes = field(default_factory=StageTimes)
    first_write_seconds: float | None = None  # from the start to the first chunk written (start-up + pipeline fill)
    first_write_notes: int = 0


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the run after a checkpoint: ``resume=True`` carries on from ``rows_done``."""

    def __init__(self, rows_done: int, output: Path, checkpoint: Path | None):
        self.rows_done, self.output, self.checkpoint = rows_done, output, checkpoint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.checkpoint is None:
            return f"Interrupted after {self.rows_done} notes; {self.output} is incomplete (Parquet runs cannot be resumed)"
        return (f"Interrupted: {self.rows_done} notes saved in {self.output}; "
                "run the same command with --resume to carry on")


# -- per-stage work with per-note isolation ------------------------------------------------------
def _detect(redactor, texts: list[str]) -> tuple[list, float]:
    started = time.perf_counter()
    return _each_safely(texts, redactor.detect, "redaction"), time.perf_counter() - started


class _TimedClassifier:
    """Wraps a ``Classifier`` so the seconds spent in its forward passes can be told apart from the rules."""

    def __init__(self, classifier):
        self._classifier, self.seconds = classifier, 0.0

    def __getattr__(self, name):
        value = getattr(self._classifier, name)
        if name not in ("predict_proba", "predict"):
            return value

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def _timed(extractor):
    """Time the classifier of a ``CombinedExtractor`` (a no-op for the rules ``Extractor``)."""
    classifier = getattr(extractor, "classifier", None)
    if classifier is not None and not isinstance(classifier, _TimedClassifier):
        extractor.classifier = _TimedClassifier(classifier)
    return extractor


def _extract(extractor, texts: list[str]) -> tuple[list, float, float]:
    """Outcomes, seconds in the rules (and combining), seconds in the classifier."""
    timer = getattr(extractor, "classifier", None)
    before = timer.seconds if isinstance(timer, _TimedClassifier) else 0.0
    started = time.perf_counter()
    outcomes = _each_safely(texts, lambda batch: list(extractor.pipe(batch)), "extraction")
    seconds = time.perf_counter() - started
    classify = (timer.seconds - before) if isinstance(timer, _TimedClassifier) else 0.0
    return outcomes, seconds - classify, classify


def _torch_threads(threads: int) -> None:
    """Threads for torch, if the classifier loaded it (threadpoolctl only limits libraries already loaded)."""
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(max(1, threads))


# -- worker processes ----------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


class OutputChangedError(RuntimeError):
    """The output file was truncated or written to by someone else while this run wrote it."""


class WorkerSetupError(RuntimeError):
    """A worker could not build its redactor, rules or classifier (a missing spaCy model, a broken model
    folder). The message says why; it holds no note text, since no note has been read yet."""


def _init_worker(spec: BatchSpec, torch_threads: int = 1, pool_created: float | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    # one BLAS/OpenMP thread per worker: N workers x N threads on N cores only fight each other
    from threadpoolctl import threadpool_limits

    _WORKER["thread_limits"] = threadpool_limits(1)
    try:
        _WORKER["redactor"] = spec.build_redactor()
        _WORKER["extractor"] = _timed(spec.build_extractor())  # with a model: the classifier, loaded once per worker
    except Exception as error:  # raised from here, the pool would start a new worker for ever and the run hang
        _WORKER["setup_error"] = str(error) or type(error).__name__
        return
    _torch_threads(torch_threads)
    # reported once, with this worker's first result
    _WORKER["startup"] = max(0.0, time.time() - pool_created) if pool_created is not None else 0.0


def _worker_ready() -> None:
    """Raise the worker's set-up failure with the first task: the parent stops the run with its message."""
    if "setup_error" in _WORKER:
        raise WorkerSetupError(_WORKER["setup_error"])


def _worker_detect(texts: list[str]) -> tuple[tuple[list, float], float]:
    _worker_ready()
    return _detect(_WORKER["redactor"], texts), _WORKER.pop("startup", 0.0)


def _worker_extract(texts: list[str]) -> tuple[tuple[list, float, float], float]:
    _worker_ready()
    return _extract(_WORKER["extractor"], texts), _WORKER.pop("startup", 0.0)


class _Immediate:
    """The AsyncResult interface for work done in this process (workers=1): no worker start-up to report."""

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value

    def ready(self) -> bool:
        return True


# -- one chunk through the stages ----------------------------------------------------------------
@dataclass
class _Chunk:
    notes: list[InputNote]
    records: list[dict]
    live: list[int]
    pending: Any = None  # AsyncResult of the current stage
    ready: list[int] = field(default_factory=list)


@contextmanager
def _sigint_ignored():
    """Ignore Ctrl-C while spawning workers: they inherit it, so a Ctrl-C that reaches the whole process
    group (a terminal's) cannot interrupt them while they import, before their initializer runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _StopOnSigint:
    """First Ctrl-C: set ``requested`` (the run stops at its next safe point); the second raises at once."""

    def __init__(self):
        self.requested = False
        self.previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame):
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print("\nStopping after the notes in flight (Ctrl-C again to stop now)...", file=sys.stderr, flush=True)

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False


class _Runner:
    def __init__(self, spec: BatchSpec, options: RunOptions, workers: int, summary: BatchSummary):
        self.spec, self.options, self.workers, self.summary = spec, options, workers, summary
        self.pool = None
        started = time.perf_counter()
        if workers > 1:
            context = multiprocessing.get_context("spawn")
            # torch threads per worker: the cores shared out (1 BLAS thread each, as set in _init_worker)
            threads = max(1, (os.cpu_count() or 1) // workers)
            with _sigint_ignored():
                self.pool = context.Pool(workers, initializer=_init_worker, initargs=(spec, threads, time.time()))
            self.finaliser = spec.build_finaliser()
            self.redactor = self.extractor = None
        else:
            self.redactor = spec.build_redactor()
            self.finaliser = self.redactor
            self.extractor = _timed(spec.build_extractor())
        summary.stages.startup += time.perf_counter() - started

    def _result(self, pending):
        """A stage's result; a worker's first result also carries its start-up seconds."""
        if self.pool is None or isinstance(pending, _Immediate):
            return pending.get()
        value, startup = pending.get()
        self.summary.stages.worker_startup += startup
        return value

    def close(self, terminate: bool = False) -> None:
        if self.pool is not None:
            (self.pool.terminate if terminate else self.pool.close)()
            self.pool.join()

    # stage submissions: async with a pool, immediate without
    def submit_detect(self, chunk: _Chunk) -> None:
        texts = [chunk.notes[i].text for i in chunk.live]
        if self.spec.redactor_config is None or not texts:
            chunk.pending = _Immediate((None, 0.0))
        elif self.pool is not None:
            chunk.pending = self.pool.apply_async(_worker_detect, (texts,))
        else:
            chunk.pending = _Immediate(_detect(self.redactor, texts))

    def finalise(self, chunk: _Chunk) -> None:
        """Placeholders, in input order (this is the only stateful stage), then queue extraction."""
        found, seconds = self._result(chunk.pending)
        self.summary.stages.detect += seconds
        started = time.perf_counter()
        notes, records = chunk.notes, chunk.records
        if found is None:
            for i in chunk.live:
                records[i]["redacted_text"] = notes[i].text
        else:
            for i, spans in zip(chunk.live, found):
                record_redaction(records[i], notes[i], finalise_note(self.finaliser, notes[i], spans, self.options))
        self.summary.stages.finalise += time.perf_counter() - started
        chunk.ready = [i for i in chunk.live if records[i]["status"] == "ok"]
        texts = [records[i]["redacted_text"] for i in chunk.ready]
        if not self.spec.extract or not texts:
            chunk.pending = _Immediate((None, 0.0, 0.0))
        elif self.pool is not None:
            chunk.pending = self.pool.apply_async(_worker_extract, (texts,))
        else:
            chunk.pending = _Immediate(_extract(self.extractor, texts))

    def complete(self, chunk: _Chunk) -> list[dict]:
        outcomes, seconds, classify = self._result(chunk.pending)
        self.summary.stages.extract += seconds
        self.summary.stages.classify += classify
        if outcomes is not None:
            for i, outcome in zip(chunk.ready, outcomes):
                record_extraction(chunk.records[i], chunk.notes[i], outcome)
        return chunk.records


# -- checkpoints ---------------------------------------------------------------------------------
def checkpoint_path(output: Path) -> Path:
    return Path(str(output) + CHECKPOINT_SUFFIX)


def _input_identity(path: Path) -> dict:
    stat = path.stat()
    return {"input": str(path.resolve()), "input_size": stat.st_size, "input_mtime_ns": stat.st_mtime_ns}


def input_key(path: Path) -> bytes:
    """A key only the input file can give: SHA-256 of its bytes. Never written anywhere.

    The checkpoint's case memory (the name forms behind each placeholder) is encrypted under it, and the
    input's, people table's and HMAC key's fingerprints are keyed with it, so a checkpoint left on disk
    reveals no names to anyone who does not already hold the notes, and a resume notices any change.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def _fingerprint(key: bytes, value: Any) -> str:
    return hmac.new(key, json.dumps(value, sort_keys=True, default=str).encode("utf-8"), "sha256").hexdigest()[:32]


def _fernet(key: bytes):
    from cryptography.fernet import Fernet

    return Fernet(base64.urlsafe_b64encode(key))


def _memory_state(finaliser, key: bytes) -> str | None:
    memory = getattr(finaliser, "memory", None)  # None: no redaction, so no case memory to save
    if memory is None:
        return None
    plain = json.dumps([[case_id, asdict(index)] for case_id, index in memory.export_cases()])
    return _fernet(key).encrypt(plain.encode("utf-8")).decode("ascii")


def _restore_memory(finaliser, state: str | None, key: bytes) -> None:
    if finaliser is None or not state:
        return
    from cryptography.fernet import InvalidToken

    from casenotes.redact.resolve import PersonIndex

    try:
        cases = json.loads(_fernet(key).decrypt(state.encode("ascii")))
    except (InvalidToken, ValueError):
        raise InputError("the checkpoint does not match this input file; delete it (or the output) to start again") from None
    finaliser.memory.import_cases((case_id, PersonIndex(**index)) for case_id, index in cases)


def _write_checkpoint(path: Path, state: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(state, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _output_digest(path: Path, length: int):
    """SHA-256 of the first ``length`` bytes of the output (None if it is shorter), to carry on from."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        remaining = length
        while remaining:
            block = handle.read(min(1 << 20, remaining))
            if not block:
                return None
            digest.update(block)
            remaining -= len(block)
    return digest


def _read_checkpoint(path: Path, input_path: Path, output_path: Path, settings: dict[str, Any]) -> tuple[dict, Any] | None:
    if not path.is_file():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path.name} is damaged (not a casenotes checkpoint); delete it (or the output) to start again") from None
    if not isinstance(state, dict) or state.get("version") != CHECKPOINT_VERSION:
        raise InputError(f"{path.name} was written by another casenotes version; delete it to start again")
    identity = _input_identity(input_path)
    if any(state.get(name) != identity[name] for name in ("input", "input_size", "input_mtime_ns")) \
            or state.get("input_fingerprint") != settings.get("input_fingerprint"):
        raise InputError(f"{path.name} belongs to a different input file, or the input changed since; "
                         "delete it (or the output) to start again")
    saved = state.get("settings", settings)
    if saved != settings:
        changed = ", ".join(sorted(k for k in settings.keys() | saved.keys() if saved.get(k) != settings.get(k)))
        raise InputError(f"{path.name} was written by a run with other settings ({changed}); resume with the same "
                         "options, or delete it (or the output) to start again")
    digest = _output_digest(output_path, int(state["output_bytes"])) if output_path.is_file() else None
    if digest is None or digest.hexdigest() != state.get("output_sha256"):
        raise InputError(f"{output_path.name} is not the output this checkpoint wrote (missing, shortened or changed); "
                         "delete the checkpoint and the output to start again")
    return state, digest


# -- the run -------------------------------------------------------------------------------------
def _count_input_rows(path: Path, fmt: str | None, encoding: str) -> int | None:
    """Rows for the progress bar's time left: Parquet from its footer, JSONL and CSV by a quick pass."""
    kind = detect_format(path, fmt)
    if kind == "parquet":
        return count_rows(path, fmt)
    if kind == "jsonl":
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    with path.open(newline="", encoding=encoding, errors="surrogateescape") as handle:
        return max(0, sum(1 for values in csv.reader(handle) if values) - 1)


def run_batch(
    input_path: Path | str,
    output_path: Path | str,
    options: RunOptions,
    spec: BatchSpec,
    *,
    workers: int = 1,
    resume: bool = False,
    checkpoint_seconds: float = 5.0,
) -> BatchSummary:
    """Stream ``input_path`` through redaction and extraction into ``output_path`` with ``workers``
    processes. ``resume=True`` continues an interrupted run from its checkpoint (JSONL output only).
    """
    started = time.perf_counter()
    input_path, output_path = Path(input_path), Path(output_path)
    workers = max(1, int(workers or os.cpu_count() or 1))
    summary = BatchSummary(output=output_path, workers=workers)
    resumable = options.output_format == "jsonl"
    if resume and not resumable:
        raise InputError("--resume needs JSONL output (Parquet files cannot be appended to safely)")
    progress_file = checkpoint_path(output_path)

    notes = read_notes(input_path, id_col=options.id_col, text_col=options.text_col, fmt=options.input_format, encoding=options.encoding)
    first = next(notes, None)  # surfaces whole-file errors (missing columns) before any output is created
    if first is None:
        RecordWriter(output_path, options.output_format).close()
        return summary
    notes = _prepend(first, notes)
    output_path.parent.mkdir(parents=True, exist_ok=True)  # "out/" on a fresh checkout
    with output_lock(output_path):
        return _run_locked(input_path, output_path, options, spec, notes, summary, started, workers, resume,
                           resumable, progress_file, checkpoint_seconds)


def _run_settings(spec: BatchSpec, options: RunOptions, key: bytes) -> dict[str, Any]:
    """Everything that decides the output, for the checkpoint: options, and keyed fingerprints (never the
    values) of the input's content, the people table and the HMAC key."""
    config = spec.redactor_config
    hmac_key = getattr(config, "hmac_key", None)
    return {**spec.settings(), "columns": [options.id_col, options.text_col, options.case_col],
            "input_format": options.input_format, "encoding": options.encoding,
            "input_fingerprint": _fingerprint(key, "input"),
            "people_fingerprint": _fingerprint(key, sorted((spec.people or {}).items())),
            "hmac_key_fingerprint": None if hmac_key is None else _fingerprint(key, base64.b64encode(hmac_key).decode())}


def _run_locked(input_path: Path, output_path: Path, options: RunOptions, spec: BatchSpec, notes, summary: BatchSummary,
                started: float, workers: int, resume: bool, resumable: bool, progress_file: Path,
                checkpoint_seconds: float) -> BatchSummary:
    key = input_key(input_path) if resumable else b""
    settings = _run_settings(spec, options, key) if resumable else spec.settings()
    loaded = _read_checkpoint(progress_file, input_path, output_path, settings) if resume else None
    state, digest = loaded if loaded is not None else (None, hashlib.sha256())
    skip = 0
    if state is not None:
        skip = state["rows_done"]
        summary.notes, summary.ok, summary.errors = state["notes"], state["ok"], state["errors"]
        summary.error_kinds.update(state["error_kinds"])
        summary.resumed_from = skip
        with output_path.open("r+b") as handle:  # drop a partial line and records past the checkpoint
            handle.truncate(state["output_bytes"])
        for _ in islice(notes, skip):  # read, not processed: keeps duplicate-id checks exact
            pass

    total = _count_input_rows(input_path, options.input_format, options.encoding) if options.progress else None
    runner = _Runner(spec, options, workers, summary)
    _restore_memory(runner.finaliser, None if state is None else state.get("memory"), key)

    if state is not None:
        handle = output_path.open("ab")
        writer = None
    elif resumable:
        handle = output_path.open("wb")
        writer = None
    else:
        handle, writer = None, RecordWriter(output_path, options.output_format, output_fields(spec.extract), options.provenance)

    rows_done = skip
    last_checkpoint = time.perf_counter()
    identity = _input_identity(input_path)

    def write(records: list[dict]) -> None:
        nonlocal rows_done
        t = time.perf_counter()
        if handle is not None:
            data = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n"
                           for r in stamped(records, options.provenance)).encode("utf-8")
            handle.write(data)
            digest.update(data)
        else:
            writer.write(records)
        summary.stages.write += time.perf_counter() - t
        rows_done += len(records)
        if summary.first_write_seconds is None:
            summary.first_write_seconds, summary.first_write_notes = time.perf_counter() - started, len(records)
        for record in records:
            summary.notes += 1
            if record["status"] == "ok":
                summary.ok += 1
            else:
                summary.errors += 1
                summary.error_kinds[error_kind(record["error"] or "")] += 1

    def checkpoint() -> None:
        nonlocal last_checkpoint
        if handle is None:
            return
        handle.flush()
        os.fsync(handle.fileno())
        _write_checkpoint(progress_file, {
            "version": CHECKPOINT_VERSION, **identity, "input_fingerprint": settings["input_fingerprint"],
            "settings": settings, "rows_done": rows_done, "output_bytes": handle.tell(),
            "output_sha256": digest.hexdigest(), "notes": summary.notes, "ok": summary.ok, "errors": summary.errors,
            "error_kinds": dict(summary.error_kinds), "memory": _memory_state(runner.finaliser, key),
        })
        last_checkpoint = time.perf_counter()

    in_flight = 2 * workers if workers > 1 else 1
    detecting: deque[_Chunk] = deque()
    extracting: deque[_Chunk] = deque()
    chunks = _chunks(notes, options.chunk_size)
    exhausted = False
    finished = False
    stop = _StopOnSigint()
    try:
        checkpoint()  # from the start, so an interrupted run always has one to resume from
        with stop, _progress(options.progress) as progress:
            task = progress.add_task("notes", total=total, completed=skip)

            def drain_extracting(wait_all: bool) -> None:
                while extracting and (wait_all or extracting[0].pending.ready() or len(extracting) > in_flight):
                    records = runner.complete(extracting.popleft())
                    write(records)
                    progress.update(task, advance=len(records))

            while True:
                if stop.requested:  # Ctrl-C: keep what is finalised (the case memory must match it), save, go
                    drain_extracting(wait_all=True)
                    checkpoint()
                    raise BatchInterrupted(rows_done, output_path, progress_file if handle is not None else None)
                while not exhausted and len(detecting) + len(extracting) < in_flight:
                    t = time.perf_counter()
                    batch = next(chunks, None)
                    if batch is None:
                        exhausted = True
                        break
                    records = [base_record(note) for note in batch]
                    chunk = _Chunk(batch, records, [i for i, note in enumerate(batch) if note.problem is None])
                    summary.stages.read += time.perf_counter() - t
                    runner.submit_detect(chunk)
                    detecting.append(chunk)
                if not detecting:
                    if exhausted:
                        drain_extracting(wait_all=True)
                        break
                    # every slot is waiting on extraction (the slow stage with a classifier): wait for the
                    # oldest, then read on. Stopping here instead lost the rest of the input.
                    records = runner.complete(extracting.popleft())
                    write(records)
                    progress.update(task, advance=len(records))
                    continue
                if time.perf_counter() - last_checkpoint >= checkpoint_seconds:
                    # the case memory must match the rows written: drain what was finalised, then save
                    drain_extracting(wait_all=True)
                    checkpoint()
                chunk = detecting.popleft()
                runner.finalise(chunk)  # blocks on the oldest chunk: placeholders in input order
                extracting.append(chunk)
                drain_extracting(wait_all=False)
        finished = True
    except BaseException:
        runner.close(terminate=True)
        if handle is not None:
            handle.close()
        raise
    finally:
        if finished:
            runner.close()
    if handle is not None:
        handle.flush()
        os.fsync(handle.fileno())
        written = handle.tell()
        handle.close()
        check = _output_digest(output_path, written)
        if check is None or check.hexdigest() != digest.hexdigest() or output_path.stat().st_size != written:
            raise OutputChangedError(f"{output_path.name} was changed by another program during the run "
                                     "(truncated or written to); run again into a new output")
        progress_file.unlink(missing_ok=True)
    else:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def main(argv: list[str] | None = None) -> None:
    """``python -m casenotes.batch IN OUT [--workers N] [--resume]``: the batch runner without the CLI
    (used by tests and the benchmark; ``casenotes run --workers/--resume`` is the user-facing way).
    Prints the summary, stage seconds included, as one JSON line."""
    import argparse

    from casenotes.classify import PRECISIONS

    parser = argparse.ArgumentParser(prog="python -m casenotes.batch")
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--checkpoint-seconds", type=float, default=5.0)
    parser.add_argument("--people", type=Path)
    parser.add_argument("--no-extract", action="store_true")
    parser.add_argument("--progress", action="store_true")
    parser.add_argument("--model", help="classifier folder (casenotes train): rules + classifier")
    parser.add_argument("--precision", default="auto", choices=PRECISIONS, help="number format of the classifier's weights")
    args = parser.parse_args(argv)
    options = RunOptions(chunk_size=args.chunk_size, progress=args.progress)
    try:
        from casenotes.redact import RedactorConfig, load_people_table

        spec = BatchSpec(RedactorConfig(), load_people_table(args.people) if args.people else None,
                         extract=not args.no_extract, model=args.model, precision=args.precision)
        summary = run_batch(args.input, args.output, options, spec, workers=args.workers, resume=args.resume,
                            checkpoint_seconds=args.checkpoint_seconds)
    except BatchInterrupted as stopped:
        print(stopped.message, file=sys.stderr)
        raise SystemExit(130) from None
    except KeyboardInterrupt:
        print("Interrupted; --resume carries on from the last checkpoint", file=sys.stderr)
        raise SystemExit(130) from None
    except InputError as error:
        print(f"Error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    print(json.dumps({"notes": summary.notes, "ok": summary.ok, "errors": summary.errors, "seconds": summary.seconds,
                      "resumed_from": summary.resumed_from, "stages": asdict(summary.stages)}))


if __name__ == "__main__":
    main()
