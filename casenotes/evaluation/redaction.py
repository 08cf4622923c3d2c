"""Scoring redaction against gold spans: returns data, never prints, never copies note text.

The unit of success is a gold span, and a span counts as redacted only when **every non-space
character** of it lies under some predicted span (of any type). Half a name left in the text is a
leak, so partial cover scores zero. Character-level precision and recall are computed on
per-character 0/1 vectors (gold PII vs predicted-redacted, whitespace left out) with
``sklearn.metrics.precision_recall_fscore_support``.

Two layouts are scored:

* the casenotes gold set (``score_redaction``): JSONL records
  ``{"note_id", "text", "pii": [{"start", "end", "type", "origin"?, "form"?}], "keep"?: [{"start", "end", "kind"}]}``;
* the Text Anonymization Benchmark (``score_tab``): ``texts.json`` ``{doc_id: text}`` and
  ``manual_mentions.json`` ``{doc_id: [[start, end, type], ...]}``.

Offsets are character offsets into the original text, end exclusive. Reports hold offsets, types
and counts only: a leak is ``{"note_id", "type", "start", "end"}``.

``score_pii`` scores casenotes output records (their ``pii`` offsets) with bootstrap intervals on
overall, direct-identifier and PERSON recall; ``score_tab_folder`` runs the redactor on a TAB folder.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from sklearn.metrics import recall_score

from casenotes.evaluation.metrics import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    bootstrap_indices,
    bootstrap_prf,
    percentile_interval,
    prf,
)
from casenotes.redact.entities import DIRECT_IDENTIFIERS, PERSON

Span = tuple[int, int, str]
UNSPECIFIED = "unspecified"  # the group for a missing origin, form or keep kind
#: A leading honorific, which casenotes deliberately leaves in place ("Mr [PERSON_1]").
TITLE_PATTERN = re.compile(r"(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lady|lord|judge|rev)\.?\s+", re.IGNORECASE)
#: Scopes of the recall intervals and of the paired comparison: every identifier, direct ones, people.
RECALL_SCOPES = ("overall", "direct_identifiers", PERSON)


@dataclass(frozen=True)
class GoldSpan:
    """One gold identifier with the outcome of scoring it."""

    doc_id: str
    start: int
    end: int
    type: str
    origin: str
    form: str
    redacted: bool
    touched: bool
    #: redacted once a leading title ("Mr", "Dr"...) is not required to be covered
    redacted_without_title: bool


# -- character coverage -------------------------------------------------------------------------
def coverage_mask(length: int, spans: Iterable[Sequence[Any]]) -> np.ndarray:
    """Boolean vector, True where a character lies under at least one span (clipped to the text)."""
    mask = np.zeros(length, dtype=bool)
    for span in spans:
        start, end = max(0, int(span[0])), min(length, int(span[1]))
        if start < end:
            mask[start:end] = True
    return mask


def non_space_mask(text: str) -> np.ndarray:
    """True for every character that is not whitespace: the characters that are scored."""
    return np.fromiter((not ch.isspace() for ch in text), dtype=bool, count=len(text))


def fully_covered(covered: np.ndarray, scored: np.ndarray, start: int, end: int) -> bool:
    """True when every scored (non-space) character in ``[start, end)`` is covered.

    A span with no scored characters is vacuously covered.
    """
    start, end = max(0, start), min(len(covered), end)
    window = scored[start:end]
    return bool(np.all(covered[start:end][window]))


def touched(spans: Sequence[Span], start: int, end: int) -> bool:
    """True when any span shares at least one character with ``[start, end)``."""
    return any(s < end and start < e for s, e, *_ in spans)


# -- metrics ------------------------------------------------------------------------------------
def _recall(spans: Sequence[GoldSpan]) -> dict[str, Any]:
    """Share of gold spans fully redacted, with support; recall is None when there is nothing to find.

    ``partly_redacted`` counts spans with at least one character covered (fully redacted included),
    to tell "missed" from "half-covered" when reading a low recall.
    """
    support = len(spans)
    if support == 0:
        return {"recall": None, "redacted": 0, "partly_redacted": 0, "support": 0}
    outcomes = np.array([span.redacted for span in spans], dtype=int)
    value = recall_score(np.ones(support, dtype=int), outcomes, zero_division=0)
    return {
        "recall": round(float(value), 4),
        "redacted": int(outcomes.sum()),
        "partly_redacted": sum(span.touched for span in spans),
        "support": support,
    }


def _recall_by(spans: Sequence[GoldSpan], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[GoldSpan]] = defaultdict(list)
    for span in spans:
        groups[getattr(span, key)].append(span)
    return {name: _recall(groups[name]) for name in sorted(groups)}


def character_scores(gold_chars: np.ndarray, predicted_chars: np.ndarray) -> dict[str, Any]:
    """Precision, recall and F1 of predicted-redacted characters against gold-PII characters."""
    y_true, y_pred = gold_chars.astype(int), predicted_chars.astype(int)
    scores = prf(y_true, y_pred)
    return {
        **{metric: round(value, 4) for metric, value in scores.items()},
        "gold_chars": int(y_true.sum()),
        "predicted_chars": int(y_pred.sum()),
        "scored_chars": int(len(y_true)),
    }


# -- per document -------------------------------------------------------------------------------
@dataclass
class _DocScore:
    gold: list[GoldSpan]
    gold_chars: np.ndarray
    predicted_chars: np.ndarray


def _after_title(text: str, gold: Mapping[str, Any]) -> int:
    """Start of a PERSON gold span once a leading title is skipped; other types are unchanged."""
    start, end = int(gold["start"]), int(gold["end"])
    if gold["type"] != PERSON:
        return start
    match = TITLE_PATTERN.match(text, start, end)
    return match.end() if match and match.end() < end else start


def _score_document(doc_id: str, text: str, gold: Sequence[Mapping[str, Any]], predicted: Sequence[Span]) -> _DocScore:
    scored = non_space_mask(text)
    covered = coverage_mask(len(text), predicted)
    gold_mask = coverage_mask(len(text), [(g["start"], g["end"]) for g in gold])
    spans = [
        GoldSpan(
            doc_id=doc_id,
            start=int(g["start"]),
            end=int(g["end"]),
            type=str(g["type"]),
            origin=str(g.get("origin") or UNSPECIFIED),
            form=str(g.get("form") or UNSPECIFIED),
            redacted=fully_covered(covered, scored, int(g["start"]), int(g["end"])),
            touched=bool(covered[max(0, int(g["start"])):int(g["end"])].any()),
            redacted_without_title=fully_covered(covered, scored, _after_title(text, g), int(g["end"])),
        )
        for g in gold
    ]
    return _DocScore(spans, gold_mask[scored], covered[scored])


def _span_summary(docs: Sequence[_DocScore]) -> tuple[list[GoldSpan], dict[str, Any]]:
    spans = [span for doc in docs for span in doc.gold]
    gold_chars = np.concatenate([doc.gold_chars for doc in docs]) if docs else np.zeros(0, dtype=bool)
    predicted_chars = np.concatenate([doc.predicted_chars for doc in docs]) if docs else np.zeros(0, dtype=bool)
    summary = {
        "documents": len(docs),
        "overall": _recall(spans),
        "per_type": _recall_by(spans, "type"),
        "person_title_optional": _recall_without_title([s for s in spans if s.type == PERSON]),
        "char": character_scores(gold_chars, predicted_chars),
    }
    return spans, summary


def _recall_without_title(spans: Sequence[GoldSpan]) -> dict[str, Any]:
    """PERSON recall when a leading title may stay: "Mr [PERSON_1]" counts as redacted."""
    return _recall([replace(s, redacted=s.redacted_without_title) for s in spans])


def leaks(spans: Iterable[GoldSpan]) -> list[dict[str, Any]]:
    """Missed gold spans as offsets and types only, never their text."""
    return [
        {"note_id": s.doc_id, "type": s.type, "start": s.start, "end": s.end}
        for s in spans
        if not s.redacted
    ]


#: Role words for the derived keep targets: family and professional roles as notes write them ("Mum", "SW",
#: "Nan", "family support worker"). Heads of professional titles, so a role the keep-list lacks is scored too.
ROLE_HEADS = ("worker", "officer", "nurse", "midwife", "visitor", "teacher", "manager", "practitioner",
              "therapist", "paediatrician", "consultant", "co-ordinator", "coordinator", "advocate", "mentor",
              "clinician", "psychologist", "psychiatrist", "counsellor", "caseworker", "keyworker", "lead")
#: Abbreviation categories (taxonomy ``abbreviations.csv``) that name a role or a family member.
ROLE_ABBREVIATION_CATEGORIES = ("role", "family")


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    """Role words from three sources independent of any one note: the keep-list's role terms, the taxonomy's
    role and family abbreviations, and ``ROLE_HEADS`` (with plurals)."""
    from casenotes.redact.lexicons import keep_list_for
    from casenotes.taxonomy.loader import read_csv as read_taxonomy_csv

    terms = {term for term, kind in keep_list_for(None).kinds.items() if kind == "role"}
    for row in read_taxonomy_csv("abbreviations.csv"):
        if row.get("category") in ROLE_ABBREVIATION_CATEGORIES:
            terms.update(t.strip().lower() for t in row["abbreviation"].split("/") if t.strip())
    terms.update(ROLE_HEADS)
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:['’]?s)?(?!\w)", re.IGNORECASE)


def keep_targets(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What must survive redaction in a gold note: its ``keep`` spans when the gold set has them; otherwise
    (the multi-author corpus) derived from the note as its author wrote it: every ``service`` mention's words
    (kind ``service``) and every role word (kind ``role``), each only where it overlaps no gold identifier."""
    if "keep" in record:
        return list(record.get("keep") or [])
    pii = [(int(s["start"]), int(s["end"])) for s in record.get("pii") or []]
    clear = lambda start, end: not any(a < end and start < b for a, b in pii)  # noqa: E731
    targets = [{"start": int(m["start"]), "end": int(m["end"]), "kind": "service"}
               for m in record.get("mentions") or []
               if m.get("kind") == "service" and clear(int(m["start"]), int(m["end"]))]
    targets += [{"start": m.start(), "end": m.end(), "kind": "role"}
                for m in _role_pattern().finditer(record.get("text") or "") if clear(m.start(), m.end())]
    return targets


def keep_survival(gold: Sequence[Mapping[str, Any]], predicted_spans: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Share of what must be kept (``keep_targets``: agency names, role words, services...) that no predicted
    span touches, per kind."""
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for record, predicted in zip(gold, predicted_spans):
        for keep in keep_targets(record):
            by_kind[str(keep.get("kind") or UNSPECIFIED)].append(
                not touched(predicted, int(keep["start"]), int(keep["end"]))
            )
    return {
        "overall": _survival([kept for outcomes in by_kind.values() for kept in outcomes]),
        "per_kind": {kind: _survival(by_kind[kind]) for kind in sorted(by_kind)},
    }


def _survival(outcomes: Sequence[bool]) -> dict[str, Any]:
    support = len(outcomes)
    share = round(sum(outcomes) / support, 4) if support else None
    return {"survival": share, "survived": int(sum(outcomes)), "support": support}


# -- public scorers -----------------------------------------------------------------------------
def score_redaction(gold: Sequence[Mapping[str, Any]], predicted_spans: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Score predicted redaction spans against the casenotes gold set.

    gold (list[dict]): records with ``note_id``, ``text``, ``pii`` and optionally ``keep``.
    predicted_spans (list[list[tuple[int, int, str]]]): per record, the spans the redactor
        replaced, as offsets into the original text. The predicted type is ignored.
    RETURNS (dict): ``overall``, ``per_type``, ``direct_identifiers`` and ``person_by_origin``
        span recall (every-non-space-character rule), ``person_by_form`` (the gold ``form`` field:
        given, surname, initials...), ``person_title_optional`` (PERSON recall when
        a leading "Mr"/"Dr" may stay), ``char`` precision/recall/F1, ``keep_survival`` per kind,
        and ``leaks`` (offsets and types only). Every figure carries its support.
    """
    if len(gold) != len(predicted_spans):
        raise ValueError(f"{len(gold)} gold records but {len(predicted_spans)} predictions")
    docs = [
        _score_document(str(record.get("note_id", index)), record["text"], record.get("pii") or [], predicted)
        for index, (record, predicted) in enumerate(zip(gold, predicted_spans))
    ]
    spans, summary = _span_summary(docs)
    summary["direct_identifiers"] = _recall([s for s in spans if s.type in DIRECT_IDENTIFIERS])
    summary["person_by_origin"] = _recall_by([s for s in spans if s.type == PERSON], "origin")
    summary["person_by_form"] = _recall_by([s for s in spans if s.type == PERSON], "form")
    summary["keep_survival"] = keep_survival(gold, predicted_spans)
    summary["leaks"] = leaks(spans)
    return summary


def score_tab(
    texts: Mapping[str, str], mentions: Mapping[str, Sequence[Sequence[Any]]], predicted: Mapping[str, Sequence[Span]]
) -> dict[str, Any]:
    """Score predictions on the Text Anonymization Benchmark layout.

    texts (dict): ``{doc_id: text}``; only these documents are scored.
    mentions (dict): ``{doc_id: [[start, end, type], ...]}`` (TAB ``manual_mentions.json``).
    predicted (dict): ``{doc_id: [(start, end, type), ...]}``; a missing document predicts nothing.
    RETURNS (dict): ``overall`` and ``per_type`` span recall (every-non-space-character rule),
        ``person_title_optional``, ``char`` precision/recall/F1 over all mentions, and ``leaks``
        (offsets and types only). TAB PERSON mentions mostly include the title ("Mr S. Esmer").
    """
    docs = []
    for doc_id, text in texts.items():
        gold = [{"start": m[0], "end": m[1], "type": m[2]} for m in mentions.get(doc_id, [])]
        docs.append(_score_document(doc_id, text, gold, predicted.get(doc_id, [])))
    spans, summary = _span_summary(docs)
    summary["leaks"] = leaks(spans)
    return summary


def casenotes_spans(
    texts: Sequence[str], redactor: Any, case_ids: Sequence[str | None] | None = None, batch_size: int = 64
) -> list[list[Span]]:
    """Spans the casenotes ``Redactor`` replaces, per text, in order and in batches.

    With ``case_ids``, a case's later notes reuse what the redactor learnt from its earlier ones,
    as in production; without them every text stands alone.
    """
    case_ids = list(case_ids) if case_ids is not None else [None] * len(texts)
    spans: list[list[Span]] = []
    for first in range(0, len(texts), batch_size):
        batch = slice(first, first + batch_size)
        for result in redactor.redact_batch(list(texts[batch]), case_ids[batch]):
            spans.append([(p.start, p.end, p.type) for p in result.pii])
    return spans


# -- casenotes output records ----------------------------------------------------------------------
def pii_spans(record: Mapping) -> list[Span]:
    """The ``pii`` offsets of a casenotes output record as (start, end, type)."""
    return [(int(s["start"]), int(s["end"]), str(s.get("type", ""))) for s in record.get("pii") or []]


def in_scope(scope: str, kind: str) -> bool:
    """Whether an identifier of type ``kind`` counts towards ``scope`` (one of ``RECALL_SCOPES``)."""
    return scope == "overall" or (scope == PERSON and kind == PERSON) or (
        scope == "direct_identifiers" and kind in DIRECT_IDENTIFIERS)


def identifier_outcomes(gold: Sequence[Mapping], missed: Sequence[Mapping]) -> list[list[tuple[str, bool]]]:
    """Per gold note, (type, fully redacted) of each gold span in order, given the ``leaks`` of a scoring:
    the per-note data of the recall intervals and of a paired comparison (types only, no offsets or text)."""
    leaked = {(leak["note_id"], leak["start"], leak["end"], leak["type"]) for leak in missed}
    return [[(span["type"], (str(record["note_id"]), int(span["start"]), int(span["end"]), span["type"]) not in leaked)
             for span in record.get("pii") or []] for record in gold]


def recall_cells(outcomes: Sequence[Sequence[Sequence[Any]]], first_group: int = 0):
    """``bootstrap_prf`` cells of identifier outcomes: one per (gold span, scope it counts towards);
    scope ``s`` is group ``first_group + s``. RETURNS (note, group, truth, guess) arrays."""
    note, group, caught = [], [], []
    for i, spans in enumerate(outcomes):
        for kind, hit in spans:
            for s, scope in enumerate(RECALL_SCOPES):
                if in_scope(scope, kind):
                    note.append(i), group.append(first_group + s), caught.append(bool(hit))
    return np.array(note, dtype=int), np.array(group, dtype=int), np.ones(len(note), dtype=bool), np.array(caught, dtype=bool)


def score_pii(gold: Sequence[Mapping], predicted: Sequence[Mapping], resamples: int = DEFAULT_RESAMPLES,
              seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """``score_redaction`` on the predictions' ``pii`` offsets, with CIs on overall, direct and PERSON recall."""
    result = score_redaction(gold, [pii_spans(p) for p in predicted])
    if resamples and gold:
        note, group, truth, caught = recall_cells(identifier_outcomes(gold, result["leaks"]))
        if len(note):
            scores = bootstrap_prf(note, group, truth, caught, len(RECALL_SCOPES),
                                   bootstrap_indices(len(gold), resamples, seed))
            for s, scope in enumerate(RECALL_SCOPES):
                target = result["per_type"].get(PERSON) if scope == PERSON else result[scope]
                if target and target.get("support"):
                    target["recall_ci"] = percentile_interval(scores["recall"][:, s])
    return result


def leaks_by_type(leaks: Sequence[Mapping]) -> dict[str, dict[str, Any]]:
    """Missed identifiers counted per type, with the note ids (never the text)."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for leak in leaks:
        grouped[leak["type"]].append(leak["note_id"])
    return {kind: {"count": len(ids), "note_ids": sorted(set(ids))} for kind, ids in sorted(grouped.items())}


def score_tab_folder(folder: Path, redactor=None, limit: int | None = None) -> dict[str, Any]:
    """casenotes recall per TAB entity type on a folder in the TAB layout (``texts.json``, ``manual_mentions.json``).

    Leaks are counted per type; offsets are not kept (TAB has thousands).
    """
    texts = json.loads((Path(folder) / "texts.json").read_text(encoding="utf-8"))
    mentions = json.loads((Path(folder) / "manual_mentions.json").read_text(encoding="utf-8"))
    doc_ids = list(texts)[:limit] if limit is not None else list(texts)
    texts = {doc_id: texts[doc_id] for doc_id in doc_ids}
    if redactor is None:
        from casenotes.redact import Redactor

        redactor = Redactor()
    spans = casenotes_spans([texts[d] for d in doc_ids], redactor)
    result = score_tab(texts, mentions, dict(zip(doc_ids, spans)))
    result["leaks"] = dict(Counter(leak["type"] for leak in result["leaks"]))
    result["folder"] = str(folder)
    return result
