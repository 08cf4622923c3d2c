"""The single-process driver: stream a note file through the stages into one output file.

One bad note never stops the batch: a note that fails gets an error record naming its row and the kind of
failure, and the rest of its chunk is processed as usual.
"""

from __future__ import annotations

import time
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from casenotes.contract import InputNote, output_fields
from casenotes.io import NoteValidator, RecordWriter, count_rows, output_lock, read_notes
from casenotes.provenance import stamped
from casenotes.runner.settings import RunOptions
from casenotes.runner.stages import Extractor, Finaliser, Stages, note_stages, process_chunk, run_inline
from casenotes.runner.summary import RunSummary, progress_bar


def chunks(notes: Iterator[InputNote], size: int) -> Iterator[list[InputNote]]:
    while chunk := list(islice(notes, size)):
        yield chunk


def open_notes(input_path: Path | str, options: RunOptions) -> Iterator[InputNote] | None:
    """The input's notes, or None when it has none. Whole-file errors (a missing column) are raised here,
    before any output is created."""
    notes = read_notes(input_path, id_col=options.id_col, text_col=options.text_col, fmt=options.input_format,
                       encoding=options.encoding)
    first = next(notes, None)
    return None if first is None else _prepend(first, notes)


def _prepend(first: InputNote, rest: Iterator[InputNote]) -> Iterator[InputNote]:
    yield first
    yield from rest


def process_file(input_path: Path, output_path: Path, options: RunOptions, redactor=None,
                 extractor: Extractor | None = None) -> RunSummary:
    """Stream ``input_path`` through the stages into ``output_path``; every input row gets a record."""
    started = time.perf_counter()
    summary = RunSummary(output=Path(output_path))
    notes = open_notes(input_path, options)
    if notes is None:
        RecordWriter(output_path, options.output_format).close()
        return summary
    total = count_rows(Path(input_path), options.input_format)
    fields = output_fields(extractor is not None)
    with output_lock(output_path), RecordWriter(output_path, options.output_format, fields, options.provenance) as writer, \
            progress_bar(options.progress) as progress:
        task = progress.add_task("notes", total=total)
        for chunk in chunks(notes, options.chunk_size):
            records = process_chunk(chunk, options, redactor, extractor)
            writer.write(records)
            summary.count(records)
            progress.update(task, advance=len(records))
    summary.seconds = time.perf_counter() - started
    return summary


def process_rows(rows: Iterable[Mapping[str, Any]], options: RunOptions, finaliser: Finaliser | None,
                 stages: Stages, extract: bool) -> Iterator[dict]:
    """Notes held in memory (a data frame's rows, a list of texts), each a mapping with ``options.id_col`` and
    ``options.text_col``, to the records ``process_file`` would write for them as a JSONL file: the same
    checks, chunks and stages, and ``options.provenance`` last. Nothing is written."""
    validator = NoteValidator(options.encoding)
    notes = (validator.check_record(row, dict(record), options.id_col, options.text_col)
             for row, record in enumerate(rows, start=1))
    for chunk in chunks(notes, options.chunk_size):
        yield from stamped(run_inline(note_stages(chunk, finaliser, extract, options.case_col), stages), options.provenance)
