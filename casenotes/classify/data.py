"""The classifier's labels and text units: label keys, multi-hot targets, PII masking, sentence units.

Labels are ``"<kind>:<label>"`` (``factor:3B``, ``need:housing``, ``service:Police``) so the three taxonomy
spaces cannot collide. Training text is redacted by putting the redactor's typed placeholders over the gold
PII spans (``mask_pii``), so the model sees what it will see in use.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Iterable, Sequence

import numpy as np

from casenotes.contract import KIND_FIELD, LABEL_KINDS  # noqa: F401 - KIND_FIELD re-exported
from casenotes.labelled import LabelledNote

KINDS = LABEL_KINDS


# ---------------------------------------------------------------- labels and text
def label_key(kind: str, label: str) -> str:
    return f"{kind}:{label}"


def split_key(key: str) -> tuple[str, str]:
    kind, label = key.split(":", 1)
    return kind, label


def note_keys(note: LabelledNote) -> set[str]:
    return {label_key(kind, label) for kind in KINDS for label in getattr(note, KIND_FIELD[kind])}


def label_list(notes: Iterable[LabelledNote]) -> list[str]:
    """Labels present in ``notes``, in taxonomy order (factors, needs, services); unknown labels raise."""
    from casenotes.taxonomy import load_taxonomy

    space = load_taxonomy().labels()
    seen = set().union(*(note_keys(n) for n in notes))
    unknown = sorted(k for k in seen if split_key(k)[1] not in space[split_key(k)[0]])
    if unknown:
        raise ValueError(f"labels not in the taxonomy: {', '.join(unknown)}")
    return [label_key(kind, label) for kind in KINDS for label in space[kind] if label_key(kind, label) in seen]


def multi_hot(notes: Sequence[LabelledNote], labels: Sequence[str]) -> np.ndarray:
    index = {k: i for i, k in enumerate(labels)}
    out = np.zeros((len(notes), len(labels)), dtype=np.float32)
    for row, note in enumerate(notes):
        for key in note_keys(note):
            if key in index:  # a label never seen in training cannot be predicted; it is ignored
                out[row, index[key]] = 1.0
    return out


def mask_pii(text: str, pii: Sequence[dict[str, Any]]) -> str:
    """Replace gold PII spans by the redactor's typed placeholders ([PERSON_1], [PHONE], ...).

    Exact and fast stand-in for running the Redactor over labelled training text.
    """
    return _mask_with_offsets(text, pii)[0]


def _mask_with_offsets(text: str, pii: Sequence[dict[str, Any]]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``mask_pii`` plus the replacements as (original start, original end, masked start, masked end)."""
    from casenotes.redact.entities import PLACEHOLDERS
    from casenotes.redact.operators import person_in_case
    from casenotes.redact.resolve import PersonIndex

    people = PersonIndex()  # the redactor's own linking: "Jayden" after "Jayden Smith" is the same person
    out, last, length, replaced = [], 0, 0, []
    for span in sorted(pii, key=lambda s: s["start"]):
        if span["start"] < last:
            continue
        kind = span.get("type") or span.get("label") or "PII"
        name = PLACEHOLDERS.get(kind, kind)
        if name == "PERSON":
            name = person_in_case(people, text[span["start"]:span["end"]])
        before, placeholder = text[last:span["start"]], f"[{name}]"
        out += [before, placeholder]
        length += len(before)
        replaced.append((span["start"], span["end"], length, length + len(placeholder)))
        length += len(placeholder)
        last = span["end"]
    out.append(text[last:])
    return "".join(out), replaced


def _masked_offset(position: int, replaced: Sequence[tuple[int, int, int, int]]) -> int:
    shift = 0
    for start, end, masked_start, masked_end in replaced:
        if position < start:
            break
        if position < end:
            return masked_start
        shift = masked_end - end
    return position + shift


def _pii_of(note: LabelledNote) -> list[dict[str, Any]]:
    return note.meta.get("pii") or [{"start": s.start, "end": s.end, "type": s.label} for s in note.spans if s.kind == "pii"]


def redacted_text(note: LabelledNote) -> str:
    return mask_pii(note.text, _pii_of(note))


def result_matrix(results: Sequence[dict[str, Any]], labels: Sequence[str]) -> np.ndarray:
    """Note-level rule/combined results (``factors``/``needs``/``services``) as a multi-hot matrix."""
    index = {k: i for i, k in enumerate(labels)}
    out = np.zeros((len(results), len(labels)), dtype=np.int64)
    for row, result in enumerate(results):
        for kind in KINDS:
            for label in result.get(KIND_FIELD[kind], []):
                if (key := label_key(kind, label)) in index:
                    out[row, index[key]] = 1
    return out



def ruled_matrix(results: Sequence[dict[str, Any]], labels: Sequence[str]) -> np.ndarray:
    """1 where the rules made any mention of the label (negated, historical, declined ... included)."""
    index = {k: i for i, k in enumerate(labels)}
    out = np.zeros((len(results), len(labels)), dtype=np.int64)
    for row, result in enumerate(results):
        for m in result.get("mentions", []):
            if (key := label_key(m["kind"], m["label"])) in index:
                out[row, index[key]] = 1
    return out


# ---------------------------------------------------------------- sentence units
# A note is classified sentence by sentence and a label's note probability is its maximum over the
# sentences: a sentence is short (fast to train on), and the words that decide a label - "no concerns
# about", "in the past", "if ... were to" - are nearly always in the same sentence as the concern.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
MIN_UNIT_CHARS = 15  # shorter pieces ("Seen.", "Plan:") join the next sentence


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentence units of ``text``; at least one unit, even for a blank text."""
    pieces, start = [], 0
    for brk in SENTENCE_BREAK.finditer(text):
        pieces.append((start, brk.start()))
        start = brk.end()
    pieces.append((start, len(text)))
    pieces = [(a, b) for a, b in pieces if text[a:b].strip()]
    units: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in pieces:
        a = a if pending is None else pending
        pending = None
        if b - a < MIN_UNIT_CHARS:
            pending = a
            continue
        units.append((a, b))
    if pending is not None:
        end = pieces[-1][1]
        units = units[:-1] + [(units[-1][0], end)] if units else [(pending, end)]
    return units or [(0, len(text))]


def _span_key(span, space: dict[str, frozenset[str]]) -> str | None:
    kind = span.kind or next((k for k in KINDS if span.label in space[k]), None)
    return label_key(kind, span.label) if kind in KINDS else None


def training_units(note: LabelledNote, labels: Sequence[str], space: dict[str, frozenset[str]]) -> list[tuple[str, list[float]]]:
    """(redacted text, multi-hot target) per training example from one labelled note.

    With a span for every note label, each sentence is an example whose labels are the note labels it
    holds asserted evidence for (a negated or historical mention teaches "not here"); a label with no
    asserted span takes every sentence that mentions it. A note lacking a span for some label is one
    example: the whole note with the note's labels.
    """
    index = {k: i for i, k in enumerate(labels)}
    text, replaced = _mask_with_offsets(note.text, _pii_of(note))
    wanted = note_keys(note) & index.keys()
    note_target = [0.0] * len(labels)
    for key in wanted:
        note_target[index[key]] = 1.0
    evidence: dict[str, list[tuple[int, bool]]] = {}
    for span in note.spans:
        key = _span_key(span, space)
        if key in wanted:
            evidence.setdefault(key, []).append((_masked_offset(span.start, replaced), span.asserted is not False))
    if wanted - evidence.keys():
        return [(text, note_target)]
    units = sentence_spans(text)
    starts = [a for a, _ in units]
    targets = [[0.0] * len(labels) for _ in units]
    for key, found in evidence.items():
        positions = [pos for pos, asserted in found if asserted] or [pos for pos, _ in found]
        for pos in positions:
            targets[max(0, bisect_right(starts, pos) - 1)][index[key]] = 1.0
    return [(text[a:b], target) for (a, b), target in zip(units, targets)]
