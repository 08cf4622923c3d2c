"""``Finaliser``: a note's detected spans to its redacted text, with the placeholders its case already uses.

Detection (``Redactor.detect``: spaCy, Presidio, the tagger) is stateless and can run anywhere; finalising is
the stateful step: known people from the people table, name propagation within the note, and the case
memory that gives "Sarah" the same ``[PERSON_n]`` in every note of her case. Notes must therefore be
finalised in input order, by one ``Finaliser`` (``casenotes.runner`` does this in its parent process).

The case memory can be exported (``export_state``: name forms, so whoever stores it must encrypt it, as the
batch runner's checkpoint does) and restored, or reset (``reset``). This module imports no spaCy, Presidio or
PyTorch. A ``Redactor`` is a ``Finaliser`` that also detects.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass
from typing import Any

from casenotes.redact.config import RedactorConfig
from casenotes.redact.entities import PERSON
from casenotes.redact.lexicons import KeepList, english_zipf, keep_intervals, keep_list_for, keep_list_in_use
from casenotes.redact.operators import find_full_dates, replacement
from casenotes.redact.people import KnownPeople
from casenotes.redact.resolve import (
    CaseMemory,
    Found,
    calendar_names_again,
    extend_addresses,
    RARE_WORD_ZIPF,
    PersonIndex,
    extend_hyphenated_names,
    find_initials,
    single_initials,
    initials_of,
    join_adjacent_names,
    merge_overlapping,
    name_parts,
    names_before_emails,
    names_beside_names,
    nicknames_of,
    propagate_names,
    initials_in_owner_position,
    keep_word_initials,
    trim_keep_words,
)

DATE_TYPE = "DATE"
#: Known-people matchers kept built, most recent cases (the people table itself is kept whole).
KNOWN_PEOPLE_CACHED = 1_000


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


class Finaliser:
    """Placeholders for notes, in input order, from their detected spans.

    ``people`` maps a case id to its known ``(name, role)`` pairs (see ``people.load_people_table``).

        >>> from casenotes.redact.resolve import Found
        >>> finaliser = Finaliser(RedactorConfig())
        >>> finaliser.finalise("Mum Sarah rang.", [Found(4, 9, "PERSON", 0.9)], "case-1").redacted_text
        'Mum [PERSON_1] rang.'
        >>> later = Finaliser(RedactorConfig())
        >>> later.restore_state(finaliser.export_state())
        >>> later.finalise("Sarah rang again; Tom answered.", [Found(18, 21, "PERSON", 0.9)], "case-1").redacted_text
        '[PERSON_1] rang again; [PERSON_2] answered.'
    """

    def __init__(self, config: RedactorConfig | None = None, people: dict[str, list[tuple[str, str]]] | None = None):
        self.config = config or RedactorConfig()
        self.people = people or {}
        self.reset()

    def reset(self) -> None:
        """Forget every case: the next note of any case numbers its people from 1."""
        self.memory = CaseMemory(self.config.max_cases_remembered)
        self._known: OrderedDict[str, KnownPeople] = OrderedDict()

    def export_state(self) -> list[list[Any]]:
        """The case memory as JSON-ready data, oldest case first. It holds name forms: encrypt it to store it."""
        return [[case_id, asdict(index)] for case_id, index in self.memory.export_cases()]

    def restore_state(self, state: list[list[Any]]) -> None:
        """Carry on from ``export_state`` output (a resumed run)."""
        self.memory.import_cases((case_id, PersonIndex(**index)) for case_id, index in state)

    @property
    def keep_list(self) -> KeepList:
        """Words never redacted as names: the taxonomy's (with ``config.lexicon``) and the role words."""
        return keep_list_for(self.config.lexicon)  # cached per overlay

    def finalise(self, text: str, spans: list[Found], case_id: str | None) -> RedactionResult:
        """The note's redacted text and ``pii`` from its detected spans; updates the case's memory."""
        with keep_list_in_use(self.keep_list):
            return self._finalise_with_keep_list(text, spans, case_id)

    def warm_up(self) -> None:
        """Load now what the first note would load (the keep-list and its patterns, the word frequencies): a
        pool's parent does this while its workers start, not on the first note, when the workers wait for it.
        The sample is invented and has no case, so no case memory changes."""
        sample = "Dee Rowan (9) told the SW that Dee and Ash went to Early Help. D.R. agreed."
        self.finalise(sample, [Found(0, 9, PERSON, 0.9)], None)

    def _known_people(self, case_id: str | None) -> KnownPeople | None:
        if case_id is None or case_id not in self.people:
            return None
        known = self._known.get(case_id)
        if known is None:
            known = self._known[case_id] = KnownPeople(self.people[case_id])
            if len(self._known) > KNOWN_PEOPLE_CACHED:
                self._known.popitem(last=False)
        return known

    def _finalise_with_keep_list(self, text: str, spans: list[Found], case_id: str | None) -> RedactionResult:
        index = self.memory.index_for(case_id)
        known = self._known_people(case_id)
        if known is not None:
            spans = spans + [Found(m.start, m.end, PERSON, 1.0, m.placeholder) for m in known.find(text)]
        spans = extend_hyphenated_names(text, spans)
        names, initials = set(index.names), set(index.initials)
        given_names = set(index.by_given)
        for span in spans:
            if span.type == PERSON and span.person is None:
                parts = name_parts(text[span.start:span.end])
                given_names.update(parts[:1])
                names.update(parts)
                names.update(nicknames_of(parts[:1]))
                if letters := initials_of(parts):
                    initials.add(letters)
        added = (propagate_names(text, names) + find_initials(text, initials) + single_initials(text, given_names)
                 + names_before_emails(text)
                 + calendar_names_again(text, spans))
        spans = spans + added
        beside = names_beside_names(text, spans)
        # a name found only beside another ("Min-jun Park") is looked for again too ("Min-jun has autism")
        # (rare words and hyphenated names only: an everyday word beside a name is not spread over the note)
        new_names = {part for span in beside for part in name_parts(text[span.start:span.end])
                     if "-" in part or english_zipf(part) < RARE_WORD_ZIPF} - names
        spans = spans + beside + propagate_names(text, new_names)
        spans = _keep_list_applied(text, spans)
        # a person whose initials are a keep term ("Carla Penrose", "CP to phone"): looked for after the keep-list
        keep_initials = {letters for span in spans if span.type == PERSON and span.person is None
                         and (letters := keep_word_initials(text[span.start:span.end]))}
        spans = spans + initials_in_owner_position(text, keep_initials)
        # an address is extended once the learned tagger's and the rules' pieces of it are one span
        spans = join_adjacent_names(text, merge_overlapping(extend_addresses(text, merge_overlapping(spans))))

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
    for span, written in replacements:
        pieces.append(text[cursor:span.start])
        pieces.append(written)
        cursor = span.end
        pii.append(PiiSpan(span.start, span.end, span.type, span.score))
    pieces.append(text[cursor:])
    return RedactionResult("".join(pieces), pii)
