"""The contract between stages, in one place: what a note is on the way in and what a record is on the way out.

* **Notes in**: ``InputNote``, one per data row (``casenotes.io`` reads them; a row that cannot be processed
  carries a ``problem``).
* **Records out**: one per input note, which later stages extend::

      {"note_id", "row", "status": "ok"|"error", "error", "redacted_text",
       "pii": [{"start", "end", "type", "score"}], ...pass-through columns}

  ``pii`` offsets point into the original text and carry no surface text. Extraction adds ``factors``,
  ``needs``, ``services`` and ``mentions``; ``row`` is the 1-based data row of the input, so a note with no
  usable id can still be traced. ``run``, ``redact`` and ``extract`` add ``provenance`` last.
* **Error kinds**: an error names its row ("row 7: text is empty"); summaries count the kind ("text is empty").
* **Label kinds and their fields**: a ``factor`` mention's label goes to ``factors``, and so on.
* **The placeholder grammar**: what ``redact`` writes in place of an identifier and what extraction reads
  back ("[PERSON_2]", "[MOTHER]", "[NHS_NUMBER:3fa9c2]"). Every pattern below is built from one definition.
* **CIN code order**: 1A, 1B, 2A ... 10A (by number, not as strings).

This module imports no other casenotes module (and PyArrow only when a schema is asked for), so every stage
can import it without a cycle.

    >>> error_kind("row 7: text is empty")
    'text is empty'
    >>> sorted(["10A", "2B", "1A"], key=code_sort_key)
    ['1A', '2B', '10A']
    >>> [m.group() for m in PLACEHOLDER.finditer("[MOTHER] rang [PERSON_2] about [NHS_NUMBER:3fa9c2]")]
    ['[MOTHER]', '[PERSON_2]', '[NHS_NUMBER:3fa9c2]']
    >>> placeholder_parts("[PERSON_2]"), placeholder_parts("[MOTHER]"), placeholder_parts("[mum]")
    (('PERSON', '2'), ('MOTHER', None), None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# -- notes in --------------------------------------------------------------------------------------


@dataclass
class InputNote:
    """One data row of the input. ``problem`` (naming the row, never the text) means it is not processed."""

    row: int
    note_id: str | None
    text: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


# -- label kinds and record fields -----------------------------------------------------------------

#: Kinds of label extraction emits (a mention's ``kind``).
FACTOR, NEED, SERVICE = "factor", "need", "service"
LABEL_KINDS: tuple[str, ...] = (FACTOR, NEED, SERVICE)
#: kind -> the record field listing the note's labels of that kind.
KIND_FIELD: dict[str, str] = {FACTOR: "factors", NEED: "needs", SERVICE: "services"}
FIELD_KIND: dict[str, str] = {name: kind for kind, name in KIND_FIELD.items()}
#: The note-level label fields, in record order.
LABEL_FIELDS: tuple[str, ...] = tuple(KIND_FIELD.values())

CORE_FIELDS: tuple[str, ...] = ("note_id", "row", "status", "error", "redacted_text", "pii")
EXTRACTION_FIELDS: tuple[str, ...] = (*LABEL_FIELDS, "mentions")
PROVENANCE_FIELD = "provenance"


def output_fields(extract: bool) -> tuple[str, ...]:
    """The contract fields every output row carries, error rows included (Parquet needs them in its schema)."""
    return CORE_FIELDS + (EXTRACTION_FIELDS if extract else ())


# -- records out -----------------------------------------------------------------------------------


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
    """Turn a record into an error record: no text and no spans are kept."""
    record.update(status="error", error=message, redacted_text=None, pii=[])
    return record


# -- error kinds -----------------------------------------------------------------------------------

ROW_PREFIX = re.compile(r"^row \d+: ")


def error_kind(message: str) -> str:
    """'row 7: text is empty' -> 'text is empty': summaries count kinds, not rows."""
    return re.split(r" \(|;", ROW_PREFIX.sub("", message), maxsplit=1)[0]


# -- Arrow / Parquet schema ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def known_types() -> dict[str, Any]:
    """Arrow types of the contract fields (PyArrow is imported here, on first use)."""
    import pyarrow as pa

    pii = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("type", pa.string()), ("score", pa.float64())]))
    mention = pa.struct(
        [
            ("kind", pa.string()), ("label", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
            ("negated", pa.bool_()), ("hypothetical", pa.bool_()), ("historical", pa.bool_()),
            ("subject", pa.string()), ("status", pa.string()), ("source", pa.string()), ("score", pa.float64()),
        ]
    )
    return {
        "note_id": pa.string(),
        "row": pa.int64(),
        "status": pa.string(),
        "error": pa.string(),
        "redacted_text": pa.string(),
        "pii": pii,
        **{name: pa.list_(pa.string()) for name in LABEL_FIELDS},
        "mentions": pa.list_(mention),
    }


def arrow_schema(example: dict[str, Any]):
    """Contract fields keep their types; pass-through columns are written as strings."""
    import pyarrow as pa

    types = known_types()
    return pa.schema([(name, types.get(name, pa.string())) for name in example])


def output_schema(passthrough: list[str], extract: bool):
    """The schema of a whole output known in advance (Spark): contract fields, then pass-through columns."""
    types = known_types()
    names = [*CORE_FIELDS, *(c for c in passthrough if c not in types), *(EXTRACTION_FIELDS if extract else ())]
    return arrow_schema(dict.fromkeys(names))


def __getattr__(name: str) -> Any:
    if name == "KNOWN_TYPES":  # the old constant, built on first use so importing this module stays cheap
        return known_types()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- the placeholder grammar -----------------------------------------------------------------------
#
#   placeholder := "[" KIND [digits] [":" KEY] "]"
#
# KIND is capitals and underscores ("MOTHER", "NHS_NUMBER"); people's placeholders end in a number after an
# underscore ("PERSON_2", "CHILD_1"); KEY is a keyed pseudonym in lower-case hex.

_KIND, _KEY = r"[A-Z][A-Z_]*", r"(?::[0-9a-f]+)?"
_BODY = rf"{_KIND}[0-9]*{_KEY}\]"  # everything after the opening bracket

PLACEHOLDER = re.compile(rf"\[{_BODY}")  # a placeholder anywhere in a text
#: The same, anchored at the end: spaCy reloads a saved tokenizer's ``token_match`` with
#: ``re.compile(pattern).match``, so only an anchored pattern keeps "[PERSON_1]'s" as two tokens.
PLACEHOLDER_TOKEN = re.compile(rf"(?:{PLACEHOLDER.pattern})\Z")
#: "[" that does not open a placeholder (a tokenizer prefix: "[" is split off unless a placeholder follows).
OPEN_BRACKET_NOT_PLACEHOLDER = rf"\[(?!{_BODY})"
#: A placeholder read as (kind, number): "[PERSON_2]" -> PERSON, 2. Only on text that ``is_placeholder``.
PLACEHOLDER_PARTS = re.compile(rf"\[(?P<kind>{_KIND}?)(?:_(?P<number>[0-9]+))?{_KEY}\]")


def is_placeholder(text: str) -> bool:
    """The whole text is one placeholder."""
    return PLACEHOLDER.fullmatch(text) is not None


def placeholder_parts(text: str) -> tuple[str, str | None] | None:
    """'[PERSON_2]' -> ('PERSON', '2'), '[MOTHER]' -> ('MOTHER', None); None when it is no person or role
    placeholder of that shape."""
    if not is_placeholder(text):
        return None
    parts = PLACEHOLDER_PARTS.fullmatch(text)
    return None if parts is None else (parts["kind"], parts["number"])


# -- CIN code order --------------------------------------------------------------------------------


def code_sort_key(code: str) -> tuple[int, str]:
    """Sort key for CIN factor codes by number, then letter: 1A, 1B, 2A ... 10A, not 10A before 1A."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits or 0), code)


class ProblemsError(ValueError):
    """A file that cannot be used at all: ``problems`` lists each problem by row, note or task id, never text."""

    def __init__(self, problems: list[str], source: str):
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(f"  - {p}" for p in problems))
