"""Turn annotated target spans into the JSON the record carries: ``mentions`` and note-level sets.

Mention ``status``: for services the service status (involved, referred, declined, closed,
mentioned); for factors and needs the context class (current, negated, hypothetical, historical).
A factor mention's ``label`` is its census code, or its group id when the concern is about someone
outside the household (there is no census code for them). Each factor mention is paired with a
need mention on the same evidence, so every note-level need can be traced; so is each involved or referred
service whose work is one need (taxonomy.yaml ``service_needs``: an IDVA, CAMHS, a drug service).

A subtype cue ("flies home to [LOCATION] in July") is a factor mention of a subtype code (8B) while a
note is read; ``settle_subtypes`` then keeps it only where the note evidences its group (private
fostering), and gives the group's own mentions (8F) the subtype the cues point to.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from spacy.tokens import Doc, Span

from casenotes.contract import code_sort_key
from casenotes.taxonomy import Taxonomy
from casenotes.taxonomy.model import ADULT_SUBJECTS, FACTOR, NEED, OUTSIDE_HOUSEHOLD, ROUTE, SERVICE, SUBTYPE

SOURCE = "rules"
COUNTED_SERVICE_STATUSES = ("involved", "referred")
#: The harmer the subject rules give violence by the victim's own partner, and the route key it takes (taxonomy.yaml)
PARTNER = "partner"


def context_class(span: Span) -> str:
    if span._.is_negated:
        return "negated"
    if span._.is_hypothetical:
        return "hypothetical"
    if span._.is_historical:
        return "historical"
    return "current"


def service_status(span: Span) -> str:
    """Negated or hypothetical -> mentioned; then declined, closed (or historical), referred; else involved."""
    if span._.is_negated or span._.is_hypothetical:
        return "mentioned"
    if span.id_:
        return span.id_  # the alias carries its status ("NFA": closed)
    if span._.service_cue == "declined":
        return "declined"
    if span._.service_cue == "closed" or span._.is_historical:
        return "closed"
    return span._.service_cue or "involved"


def mentions_of(doc: Doc, taxonomy: Taxonomy, spans_key: str) -> list[dict[str, Any]]:
    mentions: dict[tuple, dict[str, Any]] = {}
    for span in doc.spans[spans_key] if spans_key in doc.spans else []:
        for mention in _mentions_of_span(span, taxonomy):
            mentions.setdefault((mention["kind"], mention["label"], mention["start"], mention["end"]), mention)
    return sorted(mentions.values(), key=lambda m: (m["start"], m["end"], m["kind"], m["label"]))


def _mentions_of_span(span: Span, taxonomy: Taxonomy) -> Iterator[dict[str, Any]]:
    kind, category, subject = span.kb_id_, span.label_, span._.subject
    if kind == ROUTE:
        route = taxonomy.routes[category]
        # violence by the victim's own partner (``harmer``) is domestic abuse, whoever the victim is
        category = route.get(PARTNER if span._.harmer == PARTNER and PARTNER in route else subject) if subject else None
        if category is None:
            return  # a violent verb with nobody harmed nearby ("hit his head") is not evidence
        kind = FACTOR
    if kind == SUBTYPE:
        yield _mention(span, FACTOR, category, subject=subject, status=context_class(span))
    elif kind == SERVICE:
        status = service_status(span)
        yield _mention(span, SERVICE, category, subject=None, status=status)
        need = taxonomy.services[category].need
        if need is not None and status in COUNTED_SERVICE_STATUSES and category not in taxonomy.not_counted_services:
            # a service that works only with one need, involved now, evidences that need now ("IDVA supporting mum")
            yield _mention(span, NEED, need, subject=None, status="current")
    elif kind == NEED:
        yield _mention(span, NEED, category, subject=subject, status=context_class(span))
    elif kind == FACTOR:
        code = taxonomy.code_for(category, subject, span._.harmer)
        group = taxonomy.groups[category]
        yield _mention(span, FACTOR, code or category, subject=subject, status=context_class(span))
        if code is None and subject in ADULT_SUBJECTS and not group.adult_group:
            return  # a child's concern done by an adult ("dad does the shopping"): no young carer, no need
        need = taxonomy.groups[group.adult_group].need if code is None and group.adult_group else group.need
        if need is not None:
            yield _mention(span, NEED, need, subject=subject, status=context_class(span))


def _mention(span: Span, kind: str, label: str, subject: str | None, status: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "label": label,
        "start": span.start_char,
        "end": span.end_char,
        "negated": bool(span._.is_negated),
        "hypothetical": bool(span._.is_hypothetical),
        "historical": bool(span._.is_historical),
        "subject": subject,
        "status": status,
        "source": SOURCE,
    }


def settle_subtypes(mentions: list[dict[str, Any]], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """One note's mentions with subtype cues settled: "the subtype where the note makes it clear, else 8F".

    A group with ``subtype_codes`` is evidenced by its own terms (8F, "private fostering"). Where the note
    evidences it now, its own mentions take the subtype most of the note's current cues name (the first
    named on a tie), and cues of other subtypes are dropped; where it does not, the cues are dropped: a
    flight home says nothing about fostering in a note without any.
    """
    settled = list(mentions)
    for group in taxonomy.groups.values():
        if not group.subtype_codes:
            continue
        own = set(group.codes.values())
        current = [m for m in settled if m["kind"] == FACTOR and m["status"] == "current" and m["subject"] != OUTSIDE_HOUSEHOLD]
        chosen = None
        if any(m["label"] in own for m in current):
            votes = Counter(m["label"] for m in current if m["label"] in group.subtype_codes)
            if votes:
                chosen = max(votes, key=lambda code: (votes[code], -next(i for i, m in enumerate(current) if m["label"] == code)))
        settled = [{**m, "label": chosen} if chosen and m["kind"] == FACTOR and m["label"] in own else m
                   for m in settled if not (m["kind"] == FACTOR and m["label"] in group.subtype_codes and m["label"] != chosen)]
    return settled


def note_level(mentions: list[dict[str, Any]], taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Current, affirmed factors and needs about the household; services involved or referred."""
    codes = taxonomy.extractable_codes
    current = [m for m in mentions if m["kind"] != SERVICE and m["status"] == "current" and m["subject"] != OUTSIDE_HOUSEHOLD]
    return {
        "factors": sorted({m["label"] for m in current if m["kind"] == FACTOR and m["label"] in codes}, key=code_sort_key),
        "needs": sorted({m["label"] for m in current if m["kind"] == NEED}),
        "services": sorted({m["label"] for m in mentions if m["kind"] == SERVICE and m["status"] in COUNTED_SERVICE_STATUSES
                            and m["label"] not in taxonomy.not_counted_services}),
    }

