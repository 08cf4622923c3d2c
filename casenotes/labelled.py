"""A council's own labelled notes: load, validate, convert (Hugging Face datasets, Label Studio).

Two file formats, both one note per row:

* JSONL: ``{"note_id", "text", "factors": [...], "needs": [...], "services": [...],
  "spans": [{"start", "end", "label", "kind"?, "asserted"?}]?}`` (extra keys such as ``case_id`` are kept in ``meta``);
  the training corpus (``training/data/corpus_*.jsonl``) loads too: its ``mentions`` are read as spans.
* CSV: columns ``note_id,text,factors,needs,services`` with ``;``-separated labels and an optional
  ``spans`` column holding the JSON list above.

Labels are CIN factor codes ("1B"), Supporting Families need ids ("housing") and service names from the
taxonomy. Every problem in a file is reported at once, by row and note id, never with note text::

    >>> notes = load_labelled("our_notes.csv")          # raises LabelledDataError listing every problem
    >>> dataset = to_hf_dataset(notes)
    >>> tasks = to_label_studio(notes)                  # review in Label Studio (see casenotes.review)
    >>> notes = from_label_studio(exported_tasks)       # Label Studio's JSON export, status kept
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from casenotes.contract import FACTOR, KIND_FIELD, LABEL_FIELDS, NEED, SERVICE, ProblemsError
from casenotes.taxonomy import load_taxonomy

LABEL_KINDS = LABEL_FIELDS  # the note-level label fields (the name is kept for callers)
SPAN_KINDS = {**KIND_FIELD, "pii": "pii"}


class LabelledDataError(ProblemsError):
    """Labelled notes that cannot be used; ``problems`` lists each one by row and note id."""

    def __init__(self, problems: list[str], source: str = "labelled notes"):
        super().__init__(problems, source)


@dataclass
class Span:
    start: int
    end: int
    label: str
    kind: str | None = None  # factor, need, service or pii; inferred from the label when absent
    # False when the span is evidence *against* the label here (negated, hypothetical, historical, about
    # someone outside the household, a declined/closed service); None when the file does not say
    asserted: bool | None = None
    # a mention's own words (corpus, gold, review import), kept so a Label Studio round trip loses nothing
    status: str | None = None
    subject: str | None = None
    flags: tuple[str, ...] = ()  # negated, hypothetical, historical


@dataclass
class LabelledNote:
    note_id: str
    text: str
    factors: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    row: int = 0  # 1-based data row in the source file


def _label_space() -> dict[str, frozenset[str]]:
    labels = load_taxonomy().labels()
    return {KIND_FIELD[kind]: frozenset(labels[kind]) for kind in (FACTOR, NEED, SERVICE)}


def _kind_of(label: str, space: dict[str, frozenset[str]]) -> str | None:
    return next((kind for kind, names in space.items() if label in names), None)


def validate(notes: list[LabelledNote], source: str = "labelled notes") -> list[LabelledNote]:
    """Check ids, labels and spans; raise ``LabelledDataError`` naming every problem, else return ``notes``."""
    space = _label_space()
    problems: list[str] = []
    seen: dict[str, int] = {}
    for note in notes:
        where = f"row {note.row} (note {note.note_id!r})"
        if not str(note.note_id).strip():
            problems.append(f"row {note.row}: missing note_id")
        elif note.note_id in seen:
            problems.append(f"{where}: duplicate note_id (first at row {seen[note.note_id]})")
        else:
            seen[note.note_id] = note.row
        if not isinstance(note.text, str) or not note.text.strip():
            problems.append(f"{where}: empty text")
        for kind in LABEL_KINDS:
            for label in getattr(note, kind):
                if label not in space[kind]:
                    problems.append(f"{where}: unknown {kind[:-1]} label {label!r}")
        length = len(note.text) if isinstance(note.text, str) else 0
        ordered = sorted(note.spans, key=lambda s: (s.start, s.end))
        for span in ordered:
            if not (isinstance(span.start, int) and isinstance(span.end, int)) or not 0 <= span.start < span.end <= length:
                problems.append(f"{where}: span {span.start}-{span.end} out of range (text length {length})")
            if span.kind == "pii":
                continue
            expected = SPAN_KINDS.get(span.kind or "", None) if span.kind else _kind_of(span.label, space)
            if span.kind and span.kind not in SPAN_KINDS:
                problems.append(f"{where}: span {span.start}-{span.end} has unknown kind {span.kind!r}")
            elif expected is None or span.label not in space.get(expected, ()):
                # a group id on an outside-household mention is allowed for factors
                if not (span.kind == "factor" and span.label in load_taxonomy().groups):
                    problems.append(f"{where}: span {span.start}-{span.end} has unknown label {span.label!r}")
        personal = [span for span in ordered if span.kind == "pii"]  # evidence spans may overlap: quotes do
        for a, b in zip(personal, personal[1:]):
            if b.start < a.end and (a.start, a.end) != (b.start, b.end):
                problems.append(f"{where}: overlapping spans {a.start}-{a.end} and {b.start}-{b.end}")
    if problems:
        raise LabelledDataError(problems, source)
    return notes


def _split_labels(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _spans(value: Any, row: int, problems: list[str]) -> list[Span]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            problems.append(f"row {row}: spans column is not valid JSON ({err.msg} at position {err.pos})")
            return []
    out = []
    for item in value if isinstance(value, list) else []:
        try:
            out.append(Span(item["start"], item["end"], str(item["label"] if "label" in item else item["type"]),
                            item.get("kind", "pii" if "type" in item and "label" not in item else None),
                            item.get("asserted")))
        except (KeyError, TypeError):
            problems.append(f"row {row}: a span lacks start, end or label")
    return out


def _from_record(record: dict[str, Any], row: int, problems: list[str]) -> LabelledNote:
    spans = _spans(record.get("spans"), row, problems)
    for m in record.get("mentions") or []:  # the training corpus and the evaluation gold
        spans.append(Span(m["start"], m["end"], m["label"], m.get("kind"), _asserted(m), m.get("status"), m.get("subject"),
                          tuple(flag for flag in ("negated", "hypothetical", "historical") if m.get(flag))))
    known = {"note_id", "text", "spans", "mentions", *LABEL_KINDS}
    return LabelledNote(str(record.get("note_id") or "").strip(), record.get("text") or "",
                        *(_split_labels(record.get(k)) for k in LABEL_KINDS), spans,
                        {k: v for k, v in record.items() if k not in known}, row)


NOT_ASSERTED_STATUS = frozenset({"negated", "hypothetical", "historical", "declined", "closed", "mentioned"})


def _asserted(mention: dict[str, Any]) -> bool:
    """Whether a corpus/gold mention asserts its label as current for the household."""
    return not (any(mention.get(flag) for flag in ("negated", "hypothetical", "historical"))
                or mention.get("status") in NOT_ASSERTED_STATUS or mention.get("subject") == "outside_household")


def file_caps(files: int, notes_per_file: list[int] | None, every_file: int | None) -> list[int | None]:
    """How many notes to take from each of ``files`` training files, in turn (None: all): ``notes_per_file`` (0:
    all), or ``every_file`` for each. Shared by the classifier's and the tagger's training."""
    if notes_per_file and len(notes_per_file) != files:
        raise ValueError(f"notes_per_file has {len(notes_per_file)} numbers for {files} training files")
    return [cap or None for cap in (notes_per_file or [every_file or 0] * files)]


def load_labelled(path: str | Path, *, validate_notes: bool = True) -> list[LabelledNote]:
    """Read a JSONL or CSV file of labelled notes and validate it (``LabelledDataError`` on problems)."""
    path = Path(path)
    problems: list[str] = []
    notes: list[LabelledNote] = []
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        with path.open(encoding="utf-8") as handle:
            for row, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    problems.append(f"row {row}: not valid JSON ({err.msg} at position {err.pos})")
                    continue
                notes.append(_from_record(record, row, problems))
    elif path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"note_id", "text"} - set(reader.fieldnames or [])
            if missing:
                raise LabelledDataError([f"missing column(s): {', '.join(sorted(missing))}"], str(path))
            for row, record in enumerate(reader, start=1):
                notes.append(_from_record(record, row, problems))
    else:
        raise LabelledDataError([f"unknown file type {path.suffix!r}: use .jsonl or .csv"], str(path))
    if problems:
        raise LabelledDataError(problems, str(path))
    return validate(notes, str(path)) if validate_notes else notes


def to_hf_dataset(notes: Iterable[LabelledNote]):
    """A ``datasets.Dataset`` with note_id, text, factors, needs, services and spans columns."""
    from datasets import Dataset

    rows = [{"note_id": n.note_id, "text": n.text, "factors": list(n.factors), "needs": list(n.needs),
             "services": list(n.services),
             "spans": [{"start": s.start, "end": s.end, "label": s.label, "kind": s.kind or ""} for s in n.spans]}
            for n in notes]
    return Dataset.from_list(rows)


# Label Studio: the conversion lives in casenotes.review (``casenotes review export|import``); these names stay
# for code written against them. Imported inside the functions: casenotes.review imports this module.
def label_studio_config() -> str:
    """The Label Studio labelling interface (XML) that matches ``to_label_studio`` tasks."""
    from casenotes.review import label_studio_config as config

    return config()


def to_label_studio(notes: Iterable[LabelledNote]) -> list[dict[str, Any]]:
    """Label Studio tasks (JSON import) with the notes' labels as ``predictions`` (see ``casenotes.review``).

    A span marked ``asserted: false`` without saying why cannot become a region status: ``LabelledDataError``.
    """
    from casenotes.review import export_tasks

    notes = list(notes)
    records = [{"note_id": n.note_id, "text": n.text, "factors": n.factors, "needs": n.needs, "services": n.services,
                "mentions": [{"start": s.start, "end": s.end, "label": s.label, "kind": s.kind, "status": s.status,
                              "subject": s.subject, **{flag: True for flag in s.flags}} for s in n.spans if s.status],
                "spans": [{"start": s.start, "end": s.end, "label": s.label, "kind": s.kind, "asserted": s.asserted}
                          for s in n.spans if not s.status], **{k: v for k, v in n.meta.items() if k == "pii"}}
               for n in notes]
    keep = sorted({k for n in notes for k, v in n.meta.items() if isinstance(v, (str, int, float))})
    tasks, report = export_tasks(((n.row or i, r, None) for i, (n, r) in enumerate(zip(notes, records), start=1)), keep=keep)
    if report.rejected:
        raise LabelledDataError([f"{where}: {p}" for where, problems in report.rejected.items() for p in problems],
                                "Label Studio tasks")
    return tasks


def from_label_studio(tasks: list[dict[str, Any]], *, validate_notes: bool = True,
                      include_unreviewed: bool = True) -> list[LabelledNote]:
    """Notes from Label Studio's JSON export: each task's newest annotation, else (by default) its prediction.

    Mention status and subject come back: a negated, hypothetical or historical span has ``asserted=False``.
    """
    from casenotes.review import import_tasks

    records, report = import_tasks(tasks, include_unreviewed=include_unreviewed)
    problems = [f"{where}: {p}" for where, found in report.rejected.items() for p in found]
    if problems:
        raise LabelledDataError(problems, "Label Studio tasks")
    row_of = {str(t.get("data", {}).get("note_id", "")): row for row, t in enumerate(tasks, start=1) if isinstance(t, dict)}
    notes = [_from_record(record, row_of.get(record["note_id"], 0), problems) for record in records]
    return validate(notes, "Label Studio tasks") if validate_notes else notes


__all__ = ["LabelledDataError", "LabelledNote", "Span", "from_label_studio", "label_studio_config", "load_labelled",
           "to_hf_dataset", "to_label_studio", "validate"]
