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
    >>> tasks = to_label_studio(notes)                  # import into Label Studio; export back with
    >>> notes = from_label_studio(exported_tasks)       # Label Studio's JSON export
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from casenotes.taxonomy import load_taxonomy

LABEL_KINDS = ("factors", "needs", "services")
SPAN_KINDS = {"factor": "factors", "need": "needs", "service": "services", "pii": "pii"}


class LabelledDataError(ValueError):
    """Labelled notes that cannot be used; ``problems`` lists each one by row and note id."""

    def __init__(self, problems: list[str], source: str = "labelled notes"):
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class Span:
    start: int
    end: int
    label: str
    kind: str | None = None  # factor, need, service or pii; inferred from the label when absent
    # False when the span is evidence *against* the label here (negated, hypothetical, historical, about
    # someone outside the household, a declined/closed service); None when the file does not say
    asserted: bool | None = None


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
    return {"factors": frozenset(labels["factor"]), "needs": frozenset(labels["need"]),
            "services": frozenset(labels["service"])}


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
        spans.append(Span(m["start"], m["end"], m["label"], m.get("kind"), _asserted(m)))
    known = {"note_id", "text", "spans", "mentions", *LABEL_KINDS}
    return LabelledNote(str(record.get("note_id") or "").strip(), record.get("text") or "",
                        *(_split_labels(record.get(k)) for k in LABEL_KINDS), spans,
                        {k: v for k, v in record.items() if k not in known}, row)


NOT_ASSERTED_STATUS = frozenset({"negated", "hypothetical", "historical", "declined", "closed", "mentioned"})


def _asserted(mention: dict[str, Any]) -> bool:
    """Whether a corpus/gold mention asserts its label as current for the household."""
    return not (any(mention.get(flag) for flag in ("negated", "hypothetical", "historical"))
                or mention.get("status") in NOT_ASSERTED_STATUS or mention.get("subject") == "outside_household")


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


# Label Studio: a labeling config with <Labels name="label" toName="text"> for spans and one
# <Choices name="factors|needs|services" toName="text" choice="multiple"> per note-level kind.
def label_studio_config() -> str:
    """The Label Studio labeling interface (XML) that matches ``to_label_studio`` tasks."""
    labels = load_taxonomy().labels()
    span_labels = "".join(f'<Label value="{v}"/>' for kind in ("factor", "need", "service") for v in labels[kind])
    choices = "".join(
        f'<Choices name="{k}" toName="text" choice="multiple">' + "".join(f'<Choice value="{v}"/>' for v in labels[kind]) + "</Choices>"
        for k, kind in (("factors", "factor"), ("needs", "need"), ("services", "service")))
    return f'<View><Text name="text" value="$text"/><Labels name="label" toName="text">{span_labels}</Labels>{choices}</View>'


def to_label_studio(notes: Iterable[LabelledNote]) -> list[dict[str, Any]]:
    """Label Studio tasks (JSON import), with the existing labels as a pre-filled annotation."""
    tasks = []
    for n in notes:
        result: list[dict[str, Any]] = []
        for i, s in enumerate(n.spans):
            value = {"start": s.start, "end": s.end, "text": n.text[s.start:s.end], "labels": [s.label]}
            result.append({"id": f"s{i}", "from_name": "label", "to_name": "text", "type": "labels", "value": value,
                           **({"meta": {"kind": s.kind}} if s.kind else {})})
        for kind in LABEL_KINDS:
            if getattr(n, kind):
                result.append({"id": kind, "from_name": kind, "to_name": "text", "type": "choices",
                               "value": {"choices": list(getattr(n, kind))}})
        tasks.append({"data": {"note_id": n.note_id, "text": n.text, **{k: v for k, v in n.meta.items() if isinstance(v, (str, int, float))}},
                      "annotations": [{"result": result}]})
    return tasks


def from_label_studio(tasks: list[dict[str, Any]], *, validate_notes: bool = True) -> list[LabelledNote]:
    """Notes from Label Studio's JSON export (the last annotation of each task, or its predictions)."""
    notes = []
    for row, task in enumerate(tasks, start=1):
        data = task.get("data", {})
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")] or task.get("predictions") or []
        result = annotations[-1].get("result", []) if annotations else []
        labels = {k: [] for k in LABEL_KINDS}
        spans = []
        for item in result:
            value = item.get("value", {})
            if item.get("type") == "labels":
                for label in value.get("labels", []):
                    spans.append(Span(value.get("start"), value.get("end"), label, (item.get("meta") or {}).get("kind")))
            elif item.get("type") == "choices" and item.get("from_name") in labels:
                labels[item["from_name"]] += value.get("choices", [])
        meta = {k: v for k, v in data.items() if k not in ("note_id", "text")}
        notes.append(LabelledNote(str(data.get("note_id", task.get("id", ""))), data.get("text", ""),
                                  labels["factors"], labels["needs"], labels["services"], spans, meta, row))
    return validate(notes, "Label Studio tasks") if validate_notes else notes


__all__ = ["LabelledDataError", "LabelledNote", "Span", "from_label_studio", "label_studio_config", "load_labelled",
           "to_hf_dataset", "to_label_studio", "validate"]
