"""Batch processing of a note file: read in chunks, redact and/or extract, write every note once.

One bad note never stops the batch: a note that fails gets an error record naming its row and the
kind of failure, and the rest of its chunk is processed as usual.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from casenotes.io import InputNote, RecordWriter, count_rows, output_lock, read_notes
from casenotes.records import base_record, fail, output_fields

logger = logging.getLogger("casenotes")
ROW_PREFIX = re.compile(r"^row \d+: ")


class Extractor(Protocol):
    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[dict[str, Any]]: ...


@dataclass
class RunOptions:
    id_col: str = "note_id"
    text_col: str = "text"
    case_col: str = "case_id"
    input_format: str | None = None
    output_format: str = "jsonl"
    encoding: str = "utf-8"
    chunk_size: int = 128
    progress: bool = True
    provenance: dict[str, Any] | None = None  # casenotes.provenance.build_provenance: written into every record


@dataclass
class RunSummary:
    output: Path
    notes: int = 0
    ok: int = 0
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def notes_per_second(self) -> float:
        return self.notes / self.seconds if self.seconds else 0.0


def error_kind(message: str) -> str:
    """'row 7: text is empty' -> 'text is empty': the summary counts kinds, not rows."""
    return re.split(r" \(|;", ROW_PREFIX.sub("", message), maxsplit=1)[0]


def _chunks(notes: Iterator[InputNote], size: int) -> Iterator[list[InputNote]]:
    while chunk := list(islice(notes, size)):
        yield chunk


@dataclass(frozen=True)
class Failed:
    """A stage's failure on one note: the message names the stage and error type, never the text."""

    message: str


def _each_safely(items: Sequence[Any], batch: Callable[[list], list], stage: str) -> list[Any]:
    """Run a stage on a batch; if the batch fails, run it note by note so only bad notes fail."""
    try:
        return batch(list(items))
    except Exception:  # noqa: BLE001 - isolate the note that breaks, below
        pass
    results: list[Any] = []
    for item in items:
        try:
            results.extend(batch([item]))
        except Exception as error:  # noqa: BLE001 - one note must never stop the batch
            logger.debug("%s failed on one note: %s", stage, type(error).__name__)
            results.append(Failed(f"{stage} failed ({type(error).__name__}); the note was not processed"))
    return results


def finalise_note(redactor, note: InputNote, spans: Any, options: RunOptions) -> Any:
    """Placeholders for one note from its detected spans (in input order: it updates case memory)."""
    if isinstance(spans, Failed):
        return spans
    try:
        return redactor._finalise(note.text, spans, _case_id(note, options))
    except Exception as error:  # noqa: BLE001 - one note must never stop the batch
        return Failed(f"redaction failed ({type(error).__name__}); the note was not processed")


def record_redaction(record: dict, note: InputNote, outcome: Any) -> None:
    if isinstance(outcome, Failed):
        fail(record, f"row {note.row}: {outcome.message}")
    else:
        record["redacted_text"] = outcome.redacted_text
        record["pii"] = [span.to_dict() for span in outcome.pii]


def record_extraction(record: dict, note: InputNote, outcome: Any) -> None:
    if isinstance(outcome, Failed):
        fail(record, f"row {note.row}: {outcome.message}")
    else:
        record.update(outcome)


def process_chunk(notes: list[InputNote], options: RunOptions, redactor=None, extractor: Extractor | None = None) -> list[dict]:
    """Every note of a chunk to its output record: detect in a batch, finalise in order, then extract."""
    records = [base_record(note) for note in notes]
    live = [i for i, note in enumerate(notes) if note.problem is None]
    if redactor is not None:
        found = _each_safely([notes[i].text for i in live], redactor.detect, "redaction") if live else []
        for i, spans in zip(live, found):
            record_redaction(records[i], notes[i], finalise_note(redactor, notes[i], spans, options))
    else:
        for i in live:
            records[i]["redacted_text"] = notes[i].text
    if extractor is not None:
        ready = [i for i in live if records[i]["status"] == "ok"]
        texts = [records[i]["redacted_text"] for i in ready]
        outcomes = _each_safely(texts, lambda batch: list(extractor.pipe(batch)), "extraction") if texts else []
        for i, outcome in zip(ready, outcomes):
            record_extraction(records[i], notes[i], outcome)
    return records


def _case_id(note: InputNote, options: RunOptions) -> str | None:
    value = note.extra.get(options.case_col)
    return None if value in (None, "") else str(value)


def process_file(input_path: Path, output_path: Path, options: RunOptions, redactor=None, extractor: Extractor | None = None) -> RunSummary:
    """Stream ``input_path`` through the stages into ``output_path``; every input row gets a record."""
    started = time.perf_counter()
    summary = RunSummary(output=Path(output_path))
    notes = read_notes(input_path, id_col=options.id_col, text_col=options.text_col, fmt=options.input_format, encoding=options.encoding)
    first = next(notes, None)  # surfaces whole-file errors (missing columns) before any output is created
    if first is None:
        RecordWriter(output_path, options.output_format).close()
        return summary
    total = count_rows(Path(input_path), options.input_format)
    fields = output_fields(extractor is not None)
    with output_lock(output_path), RecordWriter(output_path, options.output_format, fields, options.provenance) as writer, \
            _progress(options.progress) as progress:
        task = progress.add_task("notes", total=total)
        for chunk in _chunks(_prepend(first, notes), options.chunk_size):
            records = process_chunk(chunk, options, redactor, extractor)
            writer.write(records)
            _count(summary, records)
            progress.update(task, advance=len(records))
    summary.seconds = time.perf_counter() - started
    return summary


def _prepend(first: InputNote, rest: Iterator[InputNote]) -> Iterator[InputNote]:
    yield first
    yield from rest


def _count(summary: RunSummary, records: list[dict]) -> None:
    for record in records:
        summary.notes += 1
        if record["status"] == "ok":
            summary.ok += 1
        else:
            summary.errors += 1
            summary.error_kinds[error_kind(record["error"] or "")] += 1


class NotesPerSecondColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} notes/s" if speed else "- notes/s", style="cyan")


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        NotesPerSecondColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )
