"""``Redactor``: case notes in, redacted text and PII offsets out, with consistent placeholders.

The statistical model runs once per note (in batches through ``nlp.pipe``); everything after it,
the keep-list, name propagation, known people and placeholders, works on character spans.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

from casenotes.redact.entities import ENTITIES, PERSON
from casenotes.redact.lexicons import KeepList, keep_intervals, keep_list_for, keep_list_in_use
from casenotes.redact.normalise import fold
from casenotes.redact.operators import find_full_dates, replacement
from casenotes.redact.people import KnownPeople
from casenotes.redact.resolve import (
    CaseMemory,
    Found,
    extend_hyphenated_names,
    find_initials,
    initials_of,
    join_adjacent_names,
    merge_overlapping,
    name_parts,
    names_before_emails,
    nicknames_of,
    names_beside_names,
    propagate_names,
    split_at_common_words,
    trim_keep_words,
)
from casenotes.redact.spacy_model import DEFAULT_SPACY_MODEL, LANGUAGE
from casenotes.segments import split_segments

DateHandling = Literal["keep", "month"]
PLACEHOLDER_PATTERN = re.compile(r"\[[A-Z][A-Z0-9_]*(?::[0-9a-f]+)?\]")
DATE_TYPE = "DATE"


@dataclass(frozen=True)
class RedactorConfig:
    """How to redact. ``hmac_key`` is held in memory only and never printed."""

    spacy_model: str = DEFAULT_SPACY_MODEL
    score_threshold: float = 0.4
    dates: DateHandling = "keep"
    hmac_key: bytes | None = field(default=None, repr=False)
    entities: tuple[str, ...] = ENTITIES
    #: spaCy slows and its memory grows on very long texts; longer notes are analysed in pieces.
    max_segment_chars: int = 5_000  # a long note in pieces: memory stays flat (20,000 peaked at 2.7 GB for 1 MB)
    batch_size: int = 32
    batch_chars: int = 100_000  # fewer notes per spaCy batch when they are long (results do not depend on it)
    max_cases_remembered: int = 20_000
    #: The learned tagger's folder ("auto": the shipped models/casenotes-pii-tagger when present; None: rules only).
    tagger: str | None = "auto"
    #: The tagger's number format (casenotes.classify.PRECISIONS): "auto" is bf16 where the CPU has native bf16
    #: (3.7x faster on the dev authors, same recall: 14 of 2,565 spans differ), else fp32.
    precision: str = "auto"
    #: A council lexicon overlay (``--lexicon``): its services and aliases join the keep-list, as they join extraction.
    lexicon: str | None = None
    #: Extra recognizers in Presidio's recognizer-registry YAML (``--recognizers``), added to the shipped ones;
    #: the entities they find are redacted too.
    recognizers: str | None = None

    def tagger_folder(self) -> str | None:
        if self.tagger != "auto":
            return self.tagger
        from casenotes.redact.tagger import DEFAULT_TAGGER_DIR

        return str(DEFAULT_TAGGER_DIR) if (DEFAULT_TAGGER_DIR / "tagger.json").is_file() else None


@dataclass(frozen=True)
class PiiSpan:
    start: int
    end: int
    type: str
    score: float

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "type": self.type, "score": round(self.score, 2)}


@dataclass(frozen=True)
class RedactionResult:
    redacted_text: str
    pii: list[PiiSpan]


class Redactor:
    """Redacts notes. Keep one per process: loading the spaCy model takes a few seconds.

    ``people`` maps a case id to its known ``(name, role)`` pairs (see ``people.load_people_table``).
    """

    def __init__(self, config: RedactorConfig | None = None, people: dict[str, list[tuple[str, str]]] | None = None):
        from casenotes.redact.engine import build_analyzer  # spaCy and Presidio: only where notes are analysed

        from casenotes.redact.engine import learned_recognizer, user_entities

        self.config = config or RedactorConfig()
        keep_list_for(self.config.lexicon)  # a council lexicon that cannot be read fails here, before the model loads
        self.analyzer = build_analyzer(self.config.spacy_model, self.config.tagger_folder(), self.config.recognizers,
                                       self.config.precision)
        self._learned = learned_recognizer(self.analyzer)
        #: The configured entities plus every entity a recognizer from the user's registry file finds.
        self.entities = tuple(dict.fromkeys([*self.config.entities, *user_entities(self.analyzer, self.config.recognizers)]))
        self.people = people or {}
        self.memory = CaseMemory(self.config.max_cases_remembered)
        self._known: OrderedDict[str, KnownPeople] = OrderedDict()

    @property
    def keep_list(self) -> KeepList:
        """Words never redacted as names: the taxonomy's (with ``config.lexicon``) and the role words."""
        return keep_list_for(self.config.lexicon)  # cached per overlay; also right for a finaliser built without __init__

    # -- public API -------------------------------------------------------------------------
    def redact(self, text: str, case_id: str | None = None) -> RedactionResult:
        return self.redact_batch([text], [case_id])[0]

    def redact_batch(self, texts: Sequence[str], case_ids: Sequence[str | None] | None = None) -> list[RedactionResult]:
        """Redact notes in order; a case's later notes reuse the placeholders of its earlier ones."""
        case_ids = list(case_ids) if case_ids is not None else [None] * len(texts)
        found = self.detect(texts)
        return [self._finalise(text, spans, case_id) for text, spans, case_id in zip(texts, found, case_ids)]

    def detect(self, texts: Sequence[str]) -> list[list[Found]]:
        """Raw recognizer findings per text, keep-list applied, before placeholders."""
        with keep_list_in_use(self.keep_list):
            return self._detect(texts)

    def _detect(self, texts: Sequence[str]) -> list[list[Found]]:
        texts = [fold(text) for text in texts]  # look-alike characters: same offsets, ASCII shapes
        segments = [
            (note, offset, piece)
            for note, text in enumerate(texts)
            for offset, piece in split_segments(text, self.config.max_segment_chars)
        ]
        found: list[list[Found]] = [[] for _ in texts]
        longest = max((len(piece) for _, _, piece in segments), default=1) or 1
        artifacts = self.analyzer.nlp_engine.process_batch(
            [piece for _, _, piece in segments], language=LANGUAGE,
            batch_size=max(1, min(self.config.batch_size, self.config.batch_chars // longest)),
        )
        keep = [keep_intervals(text) for text in texts]
        placeholders = [[m.span() for m in PLACEHOLDER_PATTERN.finditer(text)] if "[" in text else [] for text in texts]
        if self._learned is not None:  # the transformer runs once over the whole batch, not once per note
            self._learned.prime([piece for _, _, piece in segments])
        for (note, offset, piece), (_, nlp_artifacts) in zip(segments, artifacts):
            results = self.analyzer.analyze(
                piece,
                language=LANGUAGE,
                entities=list(self.entities),
                nlp_artifacts=nlp_artifacts,
                score_threshold=self.config.score_threshold,
            )
            for result in results:
                raw = Found(result.start + offset, result.end + offset, result.entity_type, result.score)
                if placeholders[note] and any(a < raw.end and raw.start < b for a, b in placeholders[note]):
                    continue  # a placeholder already in the text ("[PERSON_2]") is never redacted again
                for piece in split_at_common_words(texts[note], raw):
                    span = trim_keep_words(texts[note], piece, keep[note])
                    if span is not None:
                        found[note].append(span)
        return found

    def scan(self, texts: Iterable[str]) -> list[list[PiiSpan]]:
        """Identifiers still present in already-redacted texts (placeholders excluded): the leak check."""
        texts = list(texts)
        residual = []
        for text, spans in zip(texts, self.detect(texts)):
            masked = [m.span() for m in PLACEHOLDER_PATTERN.finditer(text)]
            residual.append(
                [
                    PiiSpan(s.start, s.end, s.type, s.score)
                    for s in merge_overlapping(spans)
                    if not any(start < s.end and s.start < end for start, end in masked)
                ]
            )
        return residual

    # -- per note ---------------------------------------------------------------------------
    def _known_people(self, case_id: str | None) -> KnownPeople | None:
        if case_id is None or case_id not in self.people:
            return None
        known = self._known.get(case_id)
        if known is None:
            known = self._known[case_id] = KnownPeople(self.people[case_id])
            if len(self._known) > 1_000:
                self._known.popitem(last=False)
        return known

    def _finalise(self, text: str, spans: list[Found], case_id: str | None) -> RedactionResult:
        with keep_list_in_use(self.keep_list):
            return self._finalise_with_keep_list(text, spans, case_id)

    def _finalise_with_keep_list(self, text: str, spans: list[Found], case_id: str | None) -> RedactionResult:
        index = self.memory.index_for(case_id)
        known = self._known_people(case_id)
        if known is not None:
            spans = spans + [Found(m.start, m.end, PERSON, 1.0, m.placeholder) for m in known.find(text)]
        spans = extend_hyphenated_names(text, spans)
        names, initials = set(index.names), set(index.initials)
        for span in spans:
            if span.type == PERSON and span.person is None:
                parts = name_parts(text[span.start:span.end])
                names.update(parts)
                names.update(nicknames_of(parts[:1]))
                if letters := initials_of(parts):
                    initials.add(letters)
        added = propagate_names(text, names) + find_initials(text, initials) + names_before_emails(text)
        spans = spans + added
        spans = spans + names_beside_names(text, spans)
        spans = _keep_list_applied(text, spans)
        spans = join_adjacent_names(text, merge_overlapping(spans))

        # in reading order: the case's people are numbered as a reader meets them (see casenotes.redact.operators)
        replacements = [(span, replacement(span.type, text[span.start:span.end], span.person, self.config.hmac_key, index))
                        for span in spans]
        if self.config.dates == "month":
            replacements = _with_generalised_dates(text, replacements)
        return _apply(text, replacements)


def _keep_list_applied(text: str, spans: list[Found]) -> list[Found]:
    """Names found again by propagation ("Help" after "Migrant Help") meet the keep-list too."""
    keep = keep_intervals(text)
    kept = []
    for span in spans:
        if span.person is not None:
            kept.append(span)  # a known person named in the people table is always redacted
            continue
        trimmed = trim_keep_words(text, span, keep)
        if trimmed is not None:
            kept.append(trimmed)
    return kept


def _with_generalised_dates(text: str, replacements: list[tuple[Found, str]]) -> list[tuple[Found, str]]:
    taken = [(span.start, span.end) for span, _ in replacements]
    for start, end, general in find_full_dates(text):
        if not any(s < end and start < e for s, e in taken):
            replacements.append((Found(start, end, DATE_TYPE, 1.0), general))
    return sorted(replacements, key=lambda item: item[0].start)


def _apply(text: str, replacements: list[tuple[Found, str]]) -> RedactionResult:
    pieces, cursor, pii = [], 0, []
    for span, replacement in replacements:
        pieces.append(text[cursor:span.start])
        pieces.append(replacement)
        cursor = span.end
        pii.append(PiiSpan(span.start, span.end, span.type, span.score))
    pieces.append(text[cursor:])
    return RedactionResult("".join(pieces), pii)
