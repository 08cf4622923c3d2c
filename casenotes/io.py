"""Streaming input and output for note tables: CSV, JSONL and Parquet in, JSONL and Parquet out.

Readers yield one ``InputNote`` per data row and never hold the whole file, so memory stays flat
however many notes there are. A row that cannot be processed is still yielded, with ``problem``
set, so every input note is accounted for in the output. Problems name the row and the column,
never the note's text.
"""

from __future__ import annotations

import csv
import fcntl
import json
import re
import sys
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from casenotes.contract import InputNote, arrow_schema

InputFormat = Literal["csv", "jsonl", "parquet"]
OutputFormat = Literal["jsonl", "parquet"]
SUFFIX_FORMATS: dict[str, InputFormat] = {
    ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet",
}
PARQUET_BATCH_ROWS = 1_024
#: The per-note limit: a longer note becomes an error record (one note never holds up the rest; see README).
MAX_NOTE_CHARS = 1_048_576  # 1 MiB of text

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a 1 MB note is a real note, not an attack


class InputError(ValueError):
    """The file as a whole cannot be read (missing column, unknown format); nothing was processed."""


class OutputLockedError(RuntimeError):
    """Another casenotes run is writing the same output file."""


LOCK_SUFFIX = ".lock"


@contextmanager
def output_lock(output: Path | str) -> Iterator[None]:
    """An exclusive lock on ``output`` for one run: two runs writing one file would interleave their records.

    The lock is ``<output>.lock`` (empty), held with ``flock`` and removed when the run ends.
    """
    lock_path = Path(str(output) + LOCK_SUFFIX)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise OutputLockedError(f"another casenotes run is writing {Path(output).name} (lock {lock_path.name}); "
                                "wait for it to finish or choose another output") from None
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        handle.close()


def detect_format(path: Path, declared: str | None = None) -> InputFormat:
    if declared:
        if declared not in ("csv", "jsonl", "parquet"):
            raise InputError(f"unknown input format {declared!r}: use csv, jsonl or parquet")
        return declared  # type: ignore[return-value]
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format of {path.name!r} from its extension: pass --input-format csv|jsonl|parquet")
    return fmt


def _invalid_utf8_offset(value: str) -> int | None:
    for offset, char in enumerate(value):
        if "\udc80" <= char <= "\udcff":
            return offset
    return None


def _clean(value: Any) -> Any:
    """Pass-through strings with undecodable bytes get U+FFFD so the output stays valid UTF-8."""
    if isinstance(value, str) and _invalid_utf8_offset(value) is not None:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def duplicate_id_problem(row: int) -> str:
    return f"row {row}: duplicate note id (an earlier row has the same id); this row was not processed"


class NoteValidator:
    """Row checks shared by every format: id present and unique, text present, decodable and non-empty.

    ``unique_ids=False`` leaves the duplicate-id check to the caller (Spark finds duplicates across the whole
    input, not one partition).
    """

    def __init__(self, encoding: str, unique_ids: bool = True):
        self.encoding = encoding
        self.unique_ids = unique_ids
        self._seen_ids: set[int] = set()  # hashes, not ids: ~60 bytes a note, never the ids themselves

    def check(self, row: int, note_id: Any, text: Any, extra: dict[str, Any]) -> InputNote:
        note_id = None if note_id is None else _clean(str(note_id)).strip() or None
        extra = {key: _clean(value) for key, value in extra.items()}
        note = InputNote(row=row, note_id=note_id, text=None, extra=extra)
        note.problem = self._problem(row, note_id, text)
        if note.problem is None:
            note.text = text
        return note

    def check_record(self, row: int, record: dict[str, Any], id_col: str, text_col: str) -> InputNote:
        """A row given as a mapping (JSONL, Parquet, a data frame): the id and text columns, the rest passed through."""
        extra = {key: value for key, value in record.items() if key not in (id_col, text_col)}
        return self.check(row, record.get(id_col), record.get(text_col), extra)

    def _problem(self, row: int, note_id: str | None, text: Any) -> str | None:
        if note_id is None:
            return f"row {row}: note id is empty"
        if self.unique_ids:
            key = hash(note_id)
            if key in self._seen_ids:
                return duplicate_id_problem(row)
            self._seen_ids.add(key)
        if text is None:
            return f"row {row}: text is missing"
        if not isinstance(text, str):
            return f"row {row}: text is a {type(text).__name__}, not a string"
        bad = _invalid_utf8_offset(text)
        if bad is not None:
            return (
                f"row {row}: text is not valid {self.encoding} (first bad byte at character {bad}); "
                "re-save the file as UTF-8 or pass --encoding (e.g. cp1252 for Excel exports)"
            )
        if not text.strip():
            return f"row {row}: text is empty"
        if len(text) > MAX_NOTE_CHARS:
            return (f"row {row}: text is over the per-note limit of {MAX_NOTE_CHARS:,} characters ({len(text):,}); "
                    "split it into smaller notes")
        return None


def read_notes(
    path: Path | str,
    *,
    id_col: str = "note_id",
    text_col: str = "text",
    fmt: str | None = None,
    encoding: str = "utf-8",
) -> Iterator[InputNote]:
    """Yield every data row of a CSV, JSONL or Parquet file as an ``InputNote``, streaming."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    readers = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}
    validator = NoteValidator(encoding)
    yield from readers[detect_format(path, fmt)](path, id_col, text_col, encoding, validator)


_COLUMN_NAME = re.compile(r"[\w.()/#-]{1,40}")


def _require_columns(columns: list[str], id_col: str, text_col: str) -> None:
    missing = [name for name in (id_col, text_col) if name not in columns]
    if missing:
        # a header-less file puts a data row here: only names shaped like column names are shown, never text
        named = [str(name) for name in columns if _COLUMN_NAME.fullmatch(str(name))]
        hidden = len(columns) - len(named)
        shown = f"columns found: {', '.join(named[:20]) or 'none'}"
        if hidden:
            shown += f"; {hidden} more not shown: is the header row missing?"
        raise InputError(
            f"input has no column {' or '.join(repr(m) for m in missing)} ({shown}); "
            "name the columns with --id-col and --text-col"
        )


def _id_shape(value: str) -> str:
    """"C0012-N3" -> "a9-a9": the shape of a note id, to tell a swallowed row from a line of note text."""
    return re.sub(r"[A-Za-z]+", "a", re.sub(r"\d+", "9", value.strip()))


def _csv_fields(text: str) -> list[str] | None:
    try:
        return next(csv.reader([text], strict=True), [])
    except csv.Error:
        return None


#: A quoted field longer than this many lines is taken as a quote left open (bounds memory on a broken file).
MAX_RECORD_LINES = 20_000


def _csv_rows(lines: Iterator[str], width: int, id_at: int) -> Iterator[tuple[list[str] | None, str | None]]:
    """Records from physical lines, with a quote left open caught instead of swallowing the notes after it.

    A record ends at the first line where its quotes balance. It is refused (and reading restarts at its next
    line) when it cannot be parsed, when a quote is still open at the end of the file (or after
    ``MAX_RECORD_LINES``), or when a line inside a quoted field reads on its own as a whole row whose id has
    the shape of the ids around it: those are rows an unclosed quote swallowed. Streams: only the record being
    read is held. Yields ``(fields, None)`` or ``(None, problem)``.
    """
    pending: deque[str] = deque()
    shapes: set[str] = set()

    def refuse(record: list[str]) -> None:
        pending.extendleft(reversed(record[1:]))  # read again from the line after the bad row's first

    while True:
        first = pending.popleft() if pending else next(lines, None)
        if first is None:
            return
        if not first.strip():
            continue
        record, quotes = [first], first.count('"')
        while quotes % 2 and len(record) < MAX_RECORD_LINES:
            line = pending.popleft() if pending else next(lines, None)
            if line is None:
                break
            record.append(line)
            quotes += line.count('"')
        if quotes % 2:
            refuse(record)
            yield None, "a quote in this row is never closed, so the rows after it were read on their own"
            continue
        # one physical line parses as the csv module always did; a record over several lines must be strict
        fields = _csv_fields("".join(record)) if len(record) > 1 else next(csv.reader(record), [])
        if fields is None:
            refuse(record)
            yield None, "the row's quoting is broken (a quote inside an unquoted field, or text after a closing quote)"
            continue
        if len(record) > 1 and id_at < len(fields):
            own = shapes | {_id_shape(fields[id_at])}
            if any(len(alone) == width and alone[id_at].strip() and _id_shape(alone[id_at]) in own
                   for alone in csv.reader(record[1:])):
                refuse(record)
                yield None, ("a quote in this row seems to be left open: it runs on over lines that look like "
                             "the next rows; fix the quoting")
                continue
        if id_at < len(fields):
            shapes = shapes if len(shapes) < 50 else set()
            shapes.add(_id_shape(fields[id_at]))
        yield fields, None


def _read_csv(path: Path, id_col: str, text_col: str, encoding: str, validator: NoteValidator) -> Iterator[InputNote]:
    with path.open(newline="", encoding=encoding, errors="surrogateescape") as handle:
        header_line = handle.readline()
        header = next(csv.reader([header_line]), None) if header_line.strip() else None
        if header is None:
            raise InputError(f"{path.name} is empty: it has no header row")
        header = [_clean(name).lstrip("\ufeff").strip() for name in header]
        _require_columns(header, id_col, text_col)
        id_at, text_at = header.index(id_col), header.index(text_col)
        row = 0
        for values, problem in _csv_rows(iter(handle), len(header), id_at):
            if values is not None and not values:
                continue
            row += 1
            if problem is not None:
                yield InputNote(row, None, None, problem=f"row {row}: {problem}")
                continue
            if len(values) != len(header):
                note_id = values[id_at] if id_at < len(values) else None
                yield InputNote(row, note_id, None, problem=f"row {row}: has {len(values)} fields but the header has {len(header)}")
                continue
            extra = {name: value for i, (name, value) in enumerate(zip(header, values)) if i not in (id_at, text_at)}
            yield validator.check(row, values[id_at], values[text_at], extra)


def _read_jsonl(path: Path, id_col: str, text_col: str, encoding: str, validator: NoteValidator) -> Iterator[InputNote]:
    with path.open("rb") as handle:
        row = 0
        for raw in handle:
            if not raw.strip():
                continue
            row += 1
            try:
                record = json.loads(raw.decode(encoding))
            except UnicodeDecodeError as error:
                yield InputNote(row, None, None, problem=f"row {row}: line is not valid {encoding} (byte offset {error.start})")
                continue
            except json.JSONDecodeError as error:
                yield InputNote(row, None, None, problem=f"row {row}: not valid JSON ({error.msg} at column {error.colno})")
                continue
            if not isinstance(record, dict):
                yield InputNote(row, None, None, problem=f"row {row}: expected a JSON object, found {type(record).__name__}")
                continue
            if row == 1 and (id_col not in record or text_col not in record):
                _require_columns(list(record), id_col, text_col)
            yield validator.check_record(row, record, id_col, text_col)


def _read_parquet(path: Path, id_col: str, text_col: str, encoding: str, validator: NoteValidator) -> Iterator[InputNote]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"{path.name} is not a readable Parquet file ({type(error).__name__})") from None
    _require_columns(parquet.schema_arrow.names, id_col, text_col)
    row = 0
    for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
        for record in batch.to_pylist():
            row += 1
            yield validator.check_record(row, record, id_col, text_col)


def count_rows(path: Path, fmt: str | None = None) -> int | None:
    """Rows in a Parquet file from its footer; None where counting would mean reading it all."""
    if detect_format(path, fmt) == "parquet":
        return pq.ParquetFile(path).metadata.num_rows
    return None


class RecordWriter:
    """Writes output records as JSONL (one object a line) or Parquet, batch by batch."""

    def __init__(self, path: Path | str, fmt: OutputFormat = "jsonl", fields: tuple[str, ...] = (),
                 provenance: dict[str, Any] | None = None):
        self.path = Path(path)
        self.fmt = fmt
        self.fields = fields  # contract fields every row has, whatever the first record holds (an error record has fewer)
        self.provenance = provenance  # casenotes.provenance: added to every record, and to Parquet's metadata
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("w", encoding="utf-8") if fmt == "jsonl" else None
        self._parquet: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None

    def write(self, records: list[dict[str, Any]]) -> None:
        from casenotes.provenance import stamped

        if not records:
            return
        records = stamped(records, self.provenance)
        if self._handle is not None:
            self._handle.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
            self._handle.flush()
            return
        self._write_parquet(records)

    def _write_parquet(self, records: list[dict[str, Any]]) -> None:
        if self._schema is None:
            self._schema = arrow_schema({**records[0], **{name: None for name in self.fields if name not in records[0]}})
            if self.provenance is not None:
                from casenotes.provenance import PARQUET_METADATA_KEY

                self._schema = self._schema.with_metadata({PARQUET_METADATA_KEY: json.dumps(self.provenance)})
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        rows = [{name: _for_arrow(record.get(name), self._schema.field(name).type) for name in self._schema.names} for record in records]
        self._parquet.write_table(pa.Table.from_pylist(rows, schema=self._schema))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._parquet is not None:
            self._parquet.close()

    def __enter__(self) -> "RecordWriter":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _for_arrow(value: Any, arrow_type: pa.DataType) -> Any:
    if pa.types.is_string(arrow_type) and value is not None and not isinstance(value, str):
        return json.dumps(value, default=str) if isinstance(value, (dict, list)) else str(value)
    return value


def read_records(path: Path | str) -> Iterator[dict[str, Any]]:
    """Read back casenotes output (JSONL or Parquet), streaming."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
            yield from batch.to_pylist()
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
