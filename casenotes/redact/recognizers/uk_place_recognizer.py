"""Place-name recognizer (entity ``LOCATION``): towns, villages and cities from a gazetteer.

spaCy's small model misses many places in case notes ("lives with his parents in Roche", "driven to Cardiff",
"a flat in Weston-super-Mare"). A capitalised gazetteer name (``lexicons.place_names``) is a place:

- after a locative word ("in", "to", "from", "at", "near", ...): score 0.6;
- with no cue when the name is no everyday English word (wordfreq Zipf < 3): score 0.5.

Names that are everyday words ("Bath", "Reading", "Pool") need the cue and must end the phrase ("to Reading.",
"in Bath and"), so "in Reading Recovery" or "the Pool lot" stay. Keep terms (services, role and calendar words)
and countries are never places here. A street word after the name joins it ("on Gloucester Road").
"""

from __future__ import annotations

from functools import lru_cache

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult

from casenotes.redact.lexicons import english_zipf, fold, keep_terms, keep_words, place_names

ENTITY = "LOCATION"
CUED_SCORE, BARE_SCORE = 0.6, 0.5
#: Names rarer than this (wordfreq Zipf) are places without a cue; commoner ones need the cue.
RARE_PLACE_ZIPF = 3.0
#: Names at least this common are everyday words ("Bath", "Reading") and must also end the phrase.
EVERYDAY_ZIPF = 4.0
#: Words too common to be a place on their own even after "in" ("Street", "Hope", "March", "Hospital").
NEVER_ALONE_ZIPF = 5.2
#: Cities this frequent in wordfreq are frequent as cities, not as everyday words ("Leeds" 4.0, "Hull" 4.1, "Bath" 4.4,
#: "Manchester" 4.5): after a cue they need no phrase end ("back to Derby every Friday"); commoner words ("Reading"
#: 5.1, "Sale" 5.0, "Deal" 5.3) still do.
CITY_ZIPF = 4.6

_LOCATIVE = re.compile(
    r"(?:\b(?:in|to|from|at|near|around|via|outside|towards|into|round|nr)\s+|[(,]\s*)$", re.IGNORECASE
)
_PHRASE_END = re.compile(
    r"(?:\s*$|\s*[,.;:!?)\]\"'”’\n]|\s+(?:and|or|but|with|in|on|at|for|from|to|by|where|when|he|she|they|we|i|"
    r"because|since|until|after|before|last|this|next|every|now|then|so|for)\b)"
)
_STREET_AFTER = re.compile(r"\s+(?:Road|Rd|Street|St|Lane|Avenue|Ave|Way|Drive|Close|Crescent|Park|Green|Hill)\b(?!['’])")
_ON = re.compile(r"\bon\s+$", re.IGNORECASE)
#: "Cardiff and Newport", "Leeds/Bradford": a place joined to a place just found.
_JOINED = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*")
_CAPITALISED = re.compile(r"(?<![\w'’@.-])[A-Z][A-Za-z'’]+")
#: A word in the middle of a sentence: after a lower-case word, a number or a comma on the same line ("a Bedford hostel",
#: "the Lincoln lads", "our Luton office"), where a capital marks a proper noun, not a sentence's first word.
_MID_SENTENCE = re.compile(r"(?:\b[a-z]+|\d|,)[ \t]+$")
#: What follows a place used as a modifier or ending a phrase: a lower-case word or the phrase's end.
_LOWER_AFTER = re.compile(r"[ \t]+[a-z]")
#: A capitalised word straight after the name, other than a street word: the town starts a longer name ("Rochdale
#: Borough Council", "Bodmin College", "Oakwood Primary School"), which is an organisation's or a school's, not a place.
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")


@lru_cache(maxsize=1)
def _places_by_first_word() -> dict[str, tuple[str, ...]]:
    """Place names grouped by their first word, longest first, so "Newton Abbot" beats "Newton"."""
    groups: dict[str, list[str]] = {}
    for name in place_names():
        groups.setdefault(re.split(r"[\s-]", name, maxsplit=1)[0], []).append(name)
    return {first: tuple(sorted(names, key=len, reverse=True)) for first, names in groups.items()}


class CasenotesUkPlaceRecognizer(EntityRecognizer):
    """Recognize town, village and city names from a gazetteer; see the module docstring."""

    def __init__(self, supported_language: str = "en", name: str | None = None):
        super().__init__(supported_entities=[ENTITY], supported_language=supported_language,
                         name=name or type(self).__name__)

    def load(self) -> None:  # the gazetteer is read lazily and cached
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if entities and ENTITY not in entities:
            return []
        return [RecognizerResult(ENTITY, start, end, score) for start, end, score in self.find(text)]

    @staticmethod
    def find(text: str) -> list[tuple[int, int, float]]:
        places = _places_by_first_word()
        kept, kept_words = keep_terms(), keep_words()
        found: list[tuple[int, int, float]] = []
        position = 0
        for word in _CAPITALISED.finditer(text):
            if word.start() < position:
                continue
            for name in places.get(word.group(), ()):
                end = word.start() + len(name)
                if text[word.start():end] != name or (end < len(text) and (text[end].isalnum() or text[end] in "-'’")):
                    continue
                folded = fold(name)
                if folded in kept or folded in kept_words:
                    break
                zipf = english_zipf(folded)
                before = text[max(0, word.start() - 12):word.start()]
                street = _STREET_AFTER.match(text, end)
                cued = bool(_LOCATIVE.search(before) or (street and _ON.search(before))
                            or (found and _JOINED.fullmatch(text, found[-1][1], word.start())))
                # a city named mid-sentence with no cue ("a Bedford hostel", "the Lincoln lads"): a gazetteer name
                # rarer than everyday words (Zipf < 4) written with a capital there is the place
                modifier = (not cued and zipf < EVERYDAY_ZIPF and bool(_MID_SENTENCE.search(before))
                            and bool(_LOWER_AFTER.match(text, end) or _PHRASE_END.match(text, end)))
                if zipf >= NEVER_ALONE_ZIPF or (zipf >= RARE_PLACE_ZIPF and not cued and not modifier):
                    break
                if zipf >= CITY_ZIPF and not street and not _PHRASE_END.match(text, end):
                    break
                if not street and _NAME_GOES_ON.match(text, end):
                    break
                if street:
                    end = street.end()
                found.append((word.start(), end, CUED_SCORE if cued else BARE_SCORE))
                position = end
                break
        return found + _lower_case_places(text, found)


#: A place written in lower case, as texts write it ("im at my nans in gorton", "aunties in bude"): only after a
#: locative word and only when the name is a rare word (Zipf < 3, as bare names: "in deal", "to reading" stay).
_LOWER_AFTER_LOCATIVE = re.compile(r"\b(?:in|to|from|at|near)\s+(?P<word>[a-z][a-z'’]+)\b")
LOWER_CASE_PLACE_ZIPF = RARE_PLACE_ZIPF


def _lower_case_places(text: str, found: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    places = _places_by_first_word()
    kept, kept_words = keep_terms(), keep_words()
    extra: list[tuple[int, int, float]] = []
    for match in _LOWER_AFTER_LOCATIVE.finditer(text):
        start = match.start("word")
        if any(a <= start < b for a, b, _ in found):
            continue
        for name in places.get(match["word"].capitalize(), ()):
            end = start + len(name)
            if text[start:end].lower() != name.lower() or (end < len(text) and (text[end].isalnum() or text[end] in "-'’")):
                continue
            folded = fold(name)
            if folded in kept or folded in kept_words or english_zipf(folded) >= LOWER_CASE_PLACE_ZIPF:
                break
            extra.append((start, end, CUED_SCORE))
            break
    return extra
