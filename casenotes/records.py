"""The output contract: one record per input note, which later stages extend.

``{"note_id", "row", "status": "ok"|"error", "error", "redacted_text",
   "pii": [{"start", "end", "type", "score"}], ...pass-through columns}``

``pii`` offsets point into the original text and carry no surface text. Extraction adds
``factors``, ``needs``, ``services`` and ``mentions``. ``row`` is the 1-based data row of the input,
so a note with no usable id can still be traced.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from casenotes.io import InputNote

CORE_FIELDS = ("note_id", "row", "status", "error", "redacted_text", "pii")
EXTRACTION_FIELDS = ("factors", "needs", "services", "mentions")


def output_fields(extract: bool) -> tuple[str, ...]:
    """The contract fields every output row carries, error rows included (Parquet needs them in its schema)."""
    return CORE_FIELDS + (EXTRACTION_FIELDS if extract else ())

_PII = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("type", pa.string()), ("score", pa.float64())]))
_MENTION = pa.struct(
    [
        ("kind", pa.string()), ("label", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("negated", pa.bool_()), ("hypothetical", pa.bool_()), ("historical", pa.bool_()),
        ("subject", pa.string()), ("status", pa.string()), ("source", pa.string()), ("score", pa.float64()),
    ]
)
KNOWN_TYPES: dict[str, pa.DataType] = {
    "note_id": pa.string(),
    "row": pa.int64(),
    "status": pa.string(),
    "error": pa.string(),
    "redacted_text": pa.string(),
    "pii": _PII,
    "factors": pa.list_(pa.string()),
    "needs": pa.list_(pa.string()),
    "services": pa.list_(pa.string()),
    "mentions": pa.list_(_MENTION),
}


def base_record(note: InputNote) -> dict[str, Any]:
    """The record every note gets, before any stage fills it in."""
    record: dict[str, Any] = {
        "note_id": note.note_id,
        "row": note.row,
        "status": "error" if note.problem else "ok",
        "error": note.problem,
        "redacted_text": None,
        "pii": [],
    }
    for key, value in note.extra.items():
        record.setdefault(key, value)  # contract fields win over a pass-through column of the same name
    return record


def fail(record: dict[str, Any], message: str) -> dict[str, Any]:
    record.update(status="error", error=message, redacted_text=None, pii=[])
    return record


def arrow_schema(example: dict[str, Any]) -> pa.Schema:
    """Contract fields keep their types; pass-through columns are written as strings."""
    return pa.schema([(name, KNOWN_TYPES.get(name, pa.string())) for name in example])
