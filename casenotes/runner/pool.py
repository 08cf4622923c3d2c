"""Batch at scale on one machine: every core, flat memory, resumable.

``run_batch`` does what ``process_file`` does (same records, same order, same error messages: both run
``casenotes.runner.stages.note_stages``) but can spread the work over worker processes and survive an
interruption:

* **Workers** are started with the ``spawn`` method (as on Windows), and each builds one
  ``Redactor`` and one extractor once, in its initializer: the rules ``Extractor``, or with
  ``BatchSpec.model`` a ``CombinedExtractor`` whose classifier is loaded once per worker. A worker
  runs the expensive, stateless stages: ``detect`` (spaCy + Presidio) on a chunk of original texts, and
  later ``extract`` (rules, then the classifier) on the chunk's redacted texts. The parent runs the
  cheap, stateful one, finalising placeholders (``casenotes.redact.Finaliser``: they need the case
  memory), strictly in input order, so ``[PERSON_n]`` numbering per case is the same whatever the
  number of workers.
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

import csv
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Generator

from casenotes.contract import output_fields
from casenotes.io import InputError, RecordWriter, count_rows, detect_format, output_lock
from casenotes.provenance import stamped
from casenotes.runner import checkpoint as checkpoints
from casenotes.runner import longnotes
from casenotes.runner.checkpoint import CHECKPOINT_VERSION, checkpoint_path
from casenotes.runner.local import chunks, open_notes
from casenotes.runner.settings import BatchSpec, RunOptions
from casenotes.runner.stages import DETECT, Failed, Stage, Stages, note_stages
from casenotes.runner.summary import BatchSummary, progress_bar

logger = logging.getLogger("casenotes")


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


class OutputChangedError(RuntimeError):
    """The output file was truncated or written to by someone else while this run wrote it."""


class WorkerSetupError(RuntimeError):
    """A worker could not build its redactor, rules or classifier (a missing spaCy model, a broken model
    folder). The message says why; it holds no note text, since no note has been read yet."""


def _torch_threads(threads: int) -> None:
    """Threads for torch, if the classifier loaded it (threadpoolctl only limits libraries already loaded)."""
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(max(1, threads))


# -- worker processes ----------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(spec: BatchSpec, torch_threads: int = 1, pool_created: float | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    # one BLAS/OpenMP thread per worker: N workers x N threads on N cores only fight each other
    from threadpoolctl import threadpool_limits

    _WORKER["thread_limits"] = threadpool_limits(1)
    _WORKER["spec"], _WORKER["torch_threads"] = spec, torch_threads
    try:
        # the extractor (with a model: the classifier) is built when first needed (``_extractor_ready``): detection
        # starts without it, and the parent asks for it while the workers would otherwise wait on its placeholders
        _WORKER["stages"] = Stages(spec.build_redactor(), None, timed=True)
    except Exception as error:  # raised from here, the pool would start a new worker for ever and the run hang
        _WORKER["setup_error"] = str(error) or type(error).__name__
        return
    _torch_threads(torch_threads)
    # reported once, with this worker's first result
    _WORKER["startup"] = max(0.0, time.time() - pool_created) if pool_created is not None else 0.0


def _extractor_ready() -> None:
    """Build this worker's extractor once; a set-up failure (a missing spaCy model, a broken model folder) stops
    the run with its message, as one in the initializer does, never as a failed note."""
    if "setup_error" in _WORKER:
        raise WorkerSetupError(_WORKER["setup_error"])
    stages, spec = _WORKER["stages"], _WORKER["spec"]
    if stages.extractor is None and spec.extract:
        try:
            stages.use_extractor(spec.build_extractor())
        except Exception as error:  # noqa: BLE001 - reported to the parent, which stops the run
            _WORKER["setup_error"] = str(error) or type(error).__name__
            raise WorkerSetupError(_WORKER["setup_error"]) from None
        _torch_threads(_WORKER["torch_threads"])  # the classifier may be what loaded torch


def _worker_run(stage: Stage) -> tuple[tuple[list, dict[str, float]], float]:
    """One stage in a worker; its set-up failure is raised with the first task (the parent stops the run
    with its message)."""
    if "setup_error" in _WORKER:
        raise WorkerSetupError(_WORKER["setup_error"])
    if stage.name != DETECT and stage.texts:
        _extractor_ready()
    return _WORKER["stages"](stage), _WORKER.pop("startup", 0.0)


def _worker_part(name: str, text: str, part: int, parts: int) -> tuple[tuple[Any, dict[str, float]], float]:
    """One part of a long note's stage (``casenotes.runner.longnotes``); a failure is that note's, as in
    ``each_safely``: a ``Failed`` result, never a stopped run."""
    if "setup_error" in _WORKER:
        raise WorkerSetupError(_WORKER["setup_error"])
    if name != DETECT:
        _extractor_ready()
    try:
        value = _WORKER["stages"].part(name, text, part, parts)
    except Exception as error:  # noqa: BLE001 - one note must never stop the batch
        stage = "redaction" if name == DETECT else "extraction"
        value = Failed(f"{stage} failed ({type(error).__name__}); the note was not processed"), {}
    return value, _WORKER.pop("startup", 0.0)


def _worker_classify(text: str, part: int, parts: int, shares: list) -> tuple[tuple[Any, dict[str, float]], float]:
    """The classifier's share of a long note's windows (``Stages.classify``), given the rules' parts."""
    _extractor_ready()
    try:
        value = _WORKER["stages"].classify(text, part, parts, shares)
    except Exception as error:  # noqa: BLE001 - one note must never stop the batch
        value = Failed(f"extraction failed ({type(error).__name__}); the note was not processed"), {}
    return value, _WORKER.pop("startup", 0.0)


def _worker_merge(text: str, shares: list) -> tuple[tuple[Any, dict[str, float]], float]:
    """A long note's extraction parts to its record (``Stages.merge``)."""
    _extractor_ready()
    try:
        value = _WORKER["stages"].merge(text, shares)
    except Exception as error:  # noqa: BLE001 - one note must never stop the batch
        value = Failed(f"extraction failed ({type(error).__name__}); the note was not processed"), {}
    return value, _WORKER.pop("startup", 0.0)


def _add_seconds(total: dict[str, float], values: list) -> float:
    """Add the tasks' stage seconds into ``total``; their worker start-up seconds, summed."""
    for (_, seconds), _ in values:
        for key, value in seconds.items():
            total[key] = total.get(key, 0.0) + value
    return sum(startup for _, startup in values)


class _LongNote:
    """One long note's stage, run in parts over the pool (the AsyncResult interface: ``ready``, ``get``, giving
    ``(result, seconds), startup``). Extraction goes on in two more rounds, each sent once the one before is back:
    the classifier's shares (given the rules' parts), then the join."""

    def __init__(self, pool, name: str, text: str, parts: int):
        self.pool, self.name, self.text = pool, name, text
        self.parts = [pool.apply_async(_worker_part, (name, text, part, parts)) for part in range(parts)]
        self.classify: list | None = None
        self.merge = None

    def _advance(self) -> bool:
        """Send the next round once the one before is back (extraction only); False while a round is running, or
        when a part failed (``get`` reports it)."""
        if self.name == DETECT or self.merge is not None:
            return True
        if not all(part.ready() for part in self.parts):
            return False
        shares = [part.get()[0][0] for part in self.parts]
        if any(isinstance(share, Failed) for share in shares):
            return True
        if self.classify is None:
            self.classify = [self.pool.apply_async(_worker_classify, (self.text, part, len(shares), shares))
                             for part in range(len(shares))]
        if not all(task.ready() for task in self.classify):
            return False
        probs = [task.get()[0][0] for task in self.classify]
        if not any(isinstance(share, Failed) for share in probs):
            joined = [{**share, "probs": share_probs} for share, share_probs in zip(shares, probs)]
            self.merge = self.pool.apply_async(_worker_merge, (self.text, joined))
        return True

    def ready(self) -> bool:
        return self._advance() and (self.merge is None or self.merge.ready())

    def get(self):
        seconds: dict[str, float] = {}
        values = [part.get() for part in self.parts]
        startup = _add_seconds(seconds, values)
        shares = [result for (result, _), _ in values]
        failed = next((share for share in shares if isinstance(share, Failed)), None)
        if failed is not None:
            return (failed, seconds), startup
        if self.name == DETECT:  # the parts' spans, in order: as detection of the whole note lists them
            return ([span for share in shares for span in share], seconds), startup
        while not self._advance():  # the classifier's round, waited on here
            for task in self.classify or self.parts:
                task.wait()
        values = [task.get() for task in self.classify]
        startup += _add_seconds(seconds, values)
        failed = next((result for (result, _), _ in values if isinstance(result, Failed)), None)
        if failed is not None:
            return (failed, seconds), startup
        (record, merge_seconds), merge_startup = self.merge.get()
        startup += _add_seconds(seconds, [((record, merge_seconds), merge_startup)])
        return (record, seconds), startup


class _Gathered:
    """A stage whose long notes run in parts (``_LongNote``) and whose other notes run as one task, put back
    in the stage's order (the AsyncResult interface, as ``_worker_run`` returns it)."""

    def __init__(self, pool, stage: Stage, parts: list[int]):
        self.whole = [i for i, count in enumerate(parts) if count == 1]
        self.short = (pool.apply_async(_worker_run, (Stage(stage.name, [stage.texts[i] for i in self.whole]),))
                      if self.whole else None)
        self.long = {i: _LongNote(pool, stage.name, stage.texts[i], count) for i, count in enumerate(parts) if count > 1}
        self.size = len(parts)

    def ready(self) -> bool:
        return (self.short is None or self.short.ready()) and all(note.ready() for note in self.long.values())

    def get(self):
        results: list[Any] = [None] * self.size
        seconds: dict[str, float] = {}
        startup = 0.0
        pending = [(self.whole, self.short)] if self.short is not None else []
        pending += [([i], note) for i, note in self.long.items()]
        for places, task in pending:
            (values, task_seconds), task_startup = task.get()
            values = values if task is self.short else [values]
            for place, value in zip(places, values):
                results[place] = value
            for key, value in task_seconds.items():
                seconds[key] = seconds.get(key, 0.0) + value
            startup += task_startup
        return (results, seconds), startup


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
    """A chunk in flight: its ``note_stages`` and the result of the stage it waits on."""

    steps: Generator[Stage, list, list[dict]]
    pending: Any = None  # AsyncResult (or _Immediate) of the current stage


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
    """Where each stage of ``note_stages`` runs: ``detect`` and ``extract`` in the pool's workers (or here,
    with one worker); finalising here, in input order."""

    def __init__(self, spec: BatchSpec, options: RunOptions, workers: int, summary: BatchSummary):
        self.spec, self.options, self.workers, self.summary = spec, options, workers, summary
        self.pool = None
        self.warmed: list = []  # the extractors' build tasks, sent once (``finalise_chunk``)
        started = time.perf_counter()
        if workers > 1:
            context = multiprocessing.get_context("spawn")
            # torch threads per worker: the cores shared out (1 BLAS thread each, as set in _init_worker)
            threads = max(1, (os.cpu_count() or 1) // workers)
            with _sigint_ignored():
                self.pool = context.Pool(workers, initializer=_init_worker, initargs=(spec, threads, time.time()))
            self.finaliser = spec.build_finaliser()
            # what its first note would load, loaded while the workers start (they would wait for it then)
            getattr(self.finaliser, "warm_up", lambda: None)()
            self.stages = None
        else:
            redactor = spec.build_redactor()
            self.finaliser = redactor  # a Redactor finalises too
            self.stages = Stages(redactor, spec.build_extractor(), timed=True)
        summary.stages.startup += time.perf_counter() - started

    def close(self, terminate: bool = False) -> None:
        if self.pool is not None:
            (self.pool.terminate if terminate else self.pool.close)()
            self.pool.join()

    def _submit(self, chunk: _Chunk, stage: Stage) -> None:
        """Run a stage: async in a worker with a pool, here without one; nothing to run when it has no texts."""
        if not stage.texts:
            chunk.pending = _Immediate(([], {}))
        elif self.pool is not None:
            parts = [longnotes.parts_for(len(text), self.workers) for text in stage.texts]
            if max(parts) > 1:  # a long note over every worker (see casenotes.runner.longnotes)
                chunk.pending = _Gathered(self.pool, stage, parts)
            else:
                chunk.pending = self.pool.apply_async(_worker_run, (stage,))
        else:
            chunk.pending = _Immediate(self.stages(stage))

    def _result(self, chunk: _Chunk) -> list:
        """A stage's results; its seconds go to the summary (a worker's first result also carries its start-up)."""
        value = chunk.pending.get()
        if self.pool is not None and not isinstance(chunk.pending, _Immediate):
            value, startup = value
            self.summary.stages.worker_startup += startup
        results, seconds = value
        self.summary.stages.add(seconds)
        return results

    def start(self, notes) -> _Chunk:
        """A chunk read: its notes go to detection."""
        finaliser = self.finaliser if self.spec.redacts else None
        chunk = _Chunk(note_stages(notes, finaliser, self.spec.extract, self.options.case_col))
        self._submit(chunk, next(chunk.steps))
        return chunk

    def finalise_chunk(self, chunk: _Chunk) -> None:
        """Placeholders, in input order (the caller's order: this is the only stateful stage), then extraction."""
        found = self._result(chunk)
        if self.pool is not None and self.spec.extract and not self.warmed:
            # the workers build their extractors while this process finalises (one task each, as a rule: a
            # worker given both builds once, and the other builds with its first extraction)
            self.warmed = [self.pool.apply_async(_extractor_ready) for _ in range(self.workers)]
        started = time.perf_counter()
        stage = chunk.steps.send(found)
        self.summary.stages.finalise += time.perf_counter() - started
        self._submit(chunk, stage)

    def complete(self, chunk: _Chunk) -> list[dict]:
        """The chunk's records, once extraction is done."""
        try:
            chunk.steps.send(self._result(chunk))
        except StopIteration as done:
            return done.value
        raise RuntimeError("note_stages yields two stages: detect, then extract")


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


def auto_workers(input_path: Path | str, options: RunOptions, cores: int | None = None) -> int:
    """``casenotes run``'s default number of workers: as many as the input gives tasks, up to one per core.

    Work reaches the workers a chunk of notes (``options.chunk_size``) at a time, and a long note in parts
    (``longnotes.parts_for``), so a handful of ordinary notes is one task: a second worker would only add its
    start-up (an interpreter, spaCy and the models: about 7 s of a core and 0.8 GB) and wait. One quick pass
    counts the rows and finds the longest line (JSONL) or field (CSV); Parquet's rows come from its footer.
    """
    cores = max(1, cores or os.cpu_count() or 1)
    if cores == 1:
        return 1
    path = Path(input_path)
    try:
        rows, longest = _input_shape(path, options.input_format, options.encoding)
    except Exception:  # noqa: BLE001 - unreadable input: run_batch reports it; the default needs no message
        return 1
    tasks = max(-(-rows // max(1, options.chunk_size)), longnotes.parts_for(longest, cores))
    return max(1, min(cores, tasks))


def _input_shape(path: Path, fmt: str | None, encoding: str) -> tuple[int, int]:
    """Rows, and the length of the longest line (JSONL) or field (CSV): at least as long as the longest note.
    Parquet: rows from its footer, and the file's size as the longest note (a large file may hold one)."""
    kind = detect_format(path, fmt)
    if kind == "parquet":
        return count_rows(path, fmt), path.stat().st_size
    if kind == "jsonl":
        rows = longest = 0
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    rows, longest = rows + 1, max(longest, len(line))
        return rows, longest
    rows = longest = 0
    with path.open(newline="", encoding=encoding, errors="surrogateescape") as handle:
        for values in csv.reader(handle):
            if values:
                rows, longest = rows + 1, max(longest, max(map(len, values)))
    return max(0, rows - 1), longest


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

    notes = open_notes(input_path, options)
    if notes is None:
        RecordWriter(output_path, options.output_format).close()
        return summary
    output_path.parent.mkdir(parents=True, exist_ok=True)  # "out/" on a fresh checkout
    with output_lock(output_path):
        return _run_locked(input_path, output_path, options, spec, notes, summary, started, workers, resume,
                           resumable, progress_file, checkpoint_seconds)


def _run_locked(input_path: Path, output_path: Path, options: RunOptions, spec: BatchSpec, notes, summary: BatchSummary,
                started: float, workers: int, resume: bool, resumable: bool, progress_file: Path,
                checkpoint_seconds: float) -> BatchSummary:
    key = checkpoints.input_key(input_path) if resumable else b""
    settings = checkpoints.run_settings(spec, options, key) if resumable else spec.settings()
    loaded = checkpoints.read_checkpoint(progress_file, input_path, output_path, settings) if resume else None
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
    checkpoints.restore_memory(runner.finaliser, None if state is None else state.get("memory"), key)

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
    identity = checkpoints.input_identity(input_path)

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
        summary.count(records)

    def checkpoint() -> None:
        nonlocal last_checkpoint
        if handle is None:
            return
        handle.flush()
        os.fsync(handle.fileno())
        checkpoints.write_checkpoint(progress_file, {
            "version": CHECKPOINT_VERSION, **identity, "input_fingerprint": settings["input_fingerprint"],
            "settings": settings, "rows_done": rows_done, "output_bytes": handle.tell(),
            "output_sha256": digest.hexdigest(), "notes": summary.notes, "ok": summary.ok, "errors": summary.errors,
            "error_kinds": dict(summary.error_kinds), "memory": checkpoints.memory_state(runner.finaliser, key),
        })
        last_checkpoint = time.perf_counter()

    in_flight = 2 * workers if workers > 1 else 1
    detecting: deque[_Chunk] = deque()
    extracting: deque[_Chunk] = deque()
    batches = chunks(notes, options.chunk_size)
    exhausted = False
    finished = False
    stop = _StopOnSigint()
    try:
        checkpoint()  # from the start, so an interrupted run always has one to resume from
        with stop, progress_bar(options.progress) as progress:
            task = progress.add_task("notes", total=total, completed=skip)

            def write_oldest() -> None:
                records = runner.complete(extracting.popleft())
                write(records)
                progress.update(task, advance=len(records))

            def drain_extracting(wait_all: bool) -> None:
                while extracting and (wait_all or extracting[0].pending.ready() or len(extracting) > in_flight):
                    write_oldest()

            while True:
                if stop.requested:  # Ctrl-C: keep what is finalised (the case memory must match it), save, go
                    drain_extracting(wait_all=True)
                    checkpoint()
                    raise BatchInterrupted(rows_done, output_path, progress_file if handle is not None else None)
                while not exhausted and len(detecting) + len(extracting) < in_flight:
                    t = time.perf_counter()
                    batch = next(batches, None)
                    summary.stages.read += time.perf_counter() - t
                    if batch is None:
                        exhausted = True
                        break
                    detecting.append(runner.start(batch))
                if not detecting:
                    if exhausted:
                        drain_extracting(wait_all=True)
                        break
                    # every slot is waiting on extraction (the slow stage with a classifier): wait for the
                    # oldest, then read on. Stopping here instead lost the rest of the input.
                    write_oldest()
                    continue
                if time.perf_counter() - last_checkpoint >= checkpoint_seconds:
                    # the case memory must match the rows written: drain what was finalised, then save
                    drain_extracting(wait_all=True)
                    checkpoint()
                chunk = detecting.popleft()
                runner.finalise_chunk(chunk)  # blocks on the oldest chunk: placeholders in input order
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
        check = checkpoints.output_digest(output_path, written)
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
        spec = BatchSpec.from_options(people=args.people, extract=not args.no_extract, model=args.model,
                                      precision=args.precision)
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
