"""From recognizer results to final redaction spans: keep-list, propagation, merging, placeholders.

Pure functions over character spans, plus ``CaseMemory``, the per-case state that keeps
``[PERSON_1]`` the same person in every note of a case.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein

from casenotes.redact.entities import PERSON
from casenotes.redact.lexicons import (
    CALENDAR_KIND,
    COMMON_WORD_ZIPF,
    DATE_AFTER,
    active_keep_list,
    english_zipf,
    fold,
    is_country,
    keep_intervals,
    keep_words,
    name_lexicon,
)
from casenotes.redact.normalise import char_before

NAME_PART = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Types found by statistical NER or name heuristics, which the keep-list may veto.
VETOABLE_TYPES = frozenset({PERSON, "LOCATION", "ORGANIZATION"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "master"})

#: The ``why`` of a name the cues make certain although it is a keep word: a day or month written as a child's name
#: ("baby Sunday (9 weeks)", "Jan Pearce") or a nickname in quotes ("Mace"). The keep-list does not trim these
#: (``Found.confirmed``), and a calendar name is looked for again in the note (``resolve.calendar_names_again``).
CERTAIN_NAME = "name despite a keep word"


@dataclass(frozen=True)
class Found:
    """One stretch of text to replace. ``person`` is the placeholder key for people."""

    start: int
    end: int
    type: str
    score: float
    person: str | None = None
    confirmed: bool = False  # a found name seen again in a speaking position: no everyday-word trimming
    learned: bool = False  # from the learned tagger alone: a rule's span names the type where both cover the text


def trim_keep_words(text: str, span: Found, keep: list[tuple[int, int]] | None = None) -> Found | None:
    """Cut role words, agencies and stray common words off a name span ("Mum Sarah rang" -> "Sarah").

    ``keep`` holds the keep-term intervals of the text; without it they are found here.
    """
    if span.type not in VETOABLE_TYPES:
        return span
    if not span.confirmed and not_a_place(text[span.start:span.end], span.type):
        return None
    if span.end - span.start == 1 and text[span.end:span.end + 1].isdigit():
        return None  # "Y9", "P6": a school year written with a letter, which spaCy may call a person or a place
    keep = keep_intervals(text) if keep is None else keep
    words = [
        (span.start + m.start(), span.start + m.end(), m.group())
        for m in NAME_PART.finditer(text[span.start:span.end])
    ]
    if span.confirmed:  # a name the cues make certain ("baby Sunday (9 weeks)", '"Mace"'): keep words stay
        kept = [(start, end) for start, end, word in words if fold(word) not in TITLES]
        return replace(span, start=kept[0][0], end=_without_possessive(text, span, kept[0][0], kept[-1][1])) if kept else None
    kept = []
    for at, (start, end, word) in enumerate(words):
        if fold(word) in TITLES:
            continue
        if _inside(keep, start, end) and not _surname_after_name(text, span, kept, start, word) \
                and not _given_name_before_surname(text, span, words[at:]):
            continue
        kept.append((start, end))
    while kept and _stray_word(text[kept[-1][0]:kept[-1][1]], False):
        kept.pop()
    # A capitalised everyday word is cut only where it opens a sentence ("Attends St Mary's"),
    # never from a one-word span: word names ("Journey", "Haven") are names.
    while len(kept) > 1 and _stray_word(text[kept[0][0]:kept[0][1]], span.type == PERSON) and _sentence_initial(text, kept[0][0]):
        kept.pop(0)
    while kept and _stray_word(text[kept[0][0]:kept[0][1]], False):
        kept.pop(0)
    if not kept:
        return None
    end = kept[-1][1]
    if end - kept[-1][0] == 1 and text[end:end + 1] == ".":
        end += 1  # an initial keeps its full stop: "S.M."
    return replace(span, start=kept[0][0], end=_without_possessive(text, span, kept[0][0], end))


#: The possessive is cut only before a lower-case word ("Rui's appointment"), never before a capitalised one
#: ("Queen's Park") or one of these nouns of a place's name ("Vardrey's field").
_WORD_AFTER_POSSESSIVE = re.compile(r"[ \t]+(?P<word>[a-z][a-z-]*)\b")
PLACE_NOUNS = frozenset({"park", "field", "fields", "hill", "green", "road", "lane", "street", "close", "court", "estate",
                         "school", "church", "hospital", "centre", "academy", "college", "primary", "house", "farm",
                         "wood", "common", "rec", "square", "place", "walk", "way", "yard", "gate", "row"})
_SAINTS_NAME = re.compile(r"\b(?:St\.?|Saint)\s+[^\W\d_][\w-]*['’]s$")


def _without_possessive(text: str, span: Found, start: int, end: int) -> int:
    """"Ms Vardrey's partner" -> "Vardrey": a person's possessive ending is grammar, not the name (the placeholder reads
    "[PERSON_1]'s"). A saint's name keeps it: "St Anne's" is a school, church or hostel that a person span covered."""
    if _SAINTS_NAME.search(text, max(0, start - 8), end):
        return end
    following = _WORD_AFTER_POSSESSIVE.match(text, end)
    if (span.type == PERSON and end - start > 3 and text[end - 2:end] in {"'s", "’s"} and text[end - 3].isalpha()
            and following is not None and following["word"] not in PLACE_NOUNS):
        return end - 2
    return end


def not_a_place(surface: str, entity_type: str) -> bool:
    """A place or organisation span that names no one: a whole country ("Sudan", "the UK"), or a single letter
    ("Y" of "Y9", a school year, which spaCy reads as a place). People's initials are PERSON and never dropped here."""
    if is_country(surface):
        return True
    return entity_type != PERSON and len(surface.strip()) == 1


#: Presidio's name for the spaCy NER recognizer, whose small model calls a capitalised word opening a sentence a person.
SPACY_RECOGNIZER = "SpacyRecognizer"
#: The learned tagger's recognizer name (``casenotes.redact.tagger.LearnedPiiRecognizer`` takes it from here, so
#: that the batch parent never imports the tagger's module).
LEARNED_RECOGNIZER = "LearnedPiiRecognizer"
#: Presidio's ``RecognizerResult.RECOGNIZER_NAME_KEY`` (the batch parent never imports Presidio).
RECOGNIZER_NAME_KEY = "recognizer_name"


def everyday_word_opening_sentence(text: str, start: int, end: int) -> bool:
    """'Rang mum ... then rang school', 'Sleeps well': one capitalised everyday word opening a sentence or a line,
    which spaCy's small model tags as a person, and which the same note also writes in lower case mid-sentence
    (a name is not written "mo" or "jess"; the name lexicon alone misses many names). Names in the lexicon
    ("Will", "Grace") and rare words stay names."""
    word = text[start:end]
    if not NAME_PART.fullmatch(word) or word.isupper() or not _sentence_initial(text, start, extra="-–•*"):
        return False
    if english_zipf(fold(word)) < COMMON_WORD_ZIPF or name_lexicon().is_name(word):
        return False
    if (english_zipf(fold(word)) >= EVERYDAY_OPENING_ZIPF and not NEXT_CAPITALISED.match(text, end)
            and not PERSON_FOLLOWERS.match(text, end) and not name_lexicon().is_short_form(word)):
        return True  # "Rang his school", "Sleeps ok", "Sent: 08 July": a common word, no name or person's verb after it
    return re.search(rf"\b{re.escape(word.lower())}\b", text) is not None  # case-sensitive: the lower-case form


def everyday_word_before_past_verb(text: str, start: int, end: int) -> bool:
    """'Jaundice resolved', 'Wetting stopped', 'Dentist booked', '14:20 Van parked outside': one capitalised everyday
    word (Zipf >= COMMON_WORD_ZIPF) in no name list, opening a sentence or a line (a clock time may come first), straight
    before a lower-case regular past-tense verb that things do too, is the sentence's subject noun, not a person. Names
    there are in the name lexicon ("Grace stayed") or rarer words ("Oluwadamilare rang"), or do what only people
    do ("Ottoline died", ``PERSON_PAST``), and stay."""
    word = text[start:end]
    if not NAME_PART.fullmatch(word) or word.isupper():
        return False
    if not (_sentence_initial(text, start, extra="-–•*") or _CLOCK_OPENING.search(text[max(0, start - 12):start])):
        return False
    if english_zipf(fold(word)) < COMMON_WORD_ZIPF or name_lexicon().is_name(word) or name_lexicon().is_short_form(word):
        return False
    verb = _LOWER_WORD_AFTER.match(text, end)
    return verb is not None and verb["word"].endswith("ed") and verb["word"] not in PERSON_PAST


#: A clock time opening a line or a sentence, before the sentence's first word ("14:20 Van parked").
_CLOCK_OPENING = re.compile(r"(?:^|[\n.!?])[ \t]*\d{1,2}[:.]\d{2}[ \t]+$")
_LOWER_WORD_AFTER = re.compile(r"[ \t]+(?P<word>[a-z]+)\b")
#: Past forms only people do ("Ottoline died", "Bram admitted"): after them the opening word is a person.
PERSON_PAST = frozenset({"died", "cried", "smiled", "laughed", "agreed", "asked", "stayed", "moved", "called", "phoned",
                         "texted", "visited", "disclosed", "reported", "explained", "admitted", "denied", "refused",
                         "attended", "arrived", "returned", "played", "walked", "talked", "answered", "replied",
                         "messaged", "emailed", "shouted", "screamed", "wanted", "decided", "enjoyed", "loved", "hated"})


#: A word at least this common opening a sentence, in no name list and with no capitalised word after it, is the
#: sentence's first word, not a person ("Rang", "Sleeps", "Sent:"); the name lexicon holds the common given names.
EVERYDAY_OPENING_ZIPF = 3.5
NEXT_CAPITALISED = re.compile(r"[ \t]+[A-Z][a-z]")
#: What follows a person opening a sentence ("Mo says", "Pete is holding the fort", "Ron's flat"), not a verb or label.
PERSON_FOLLOWERS = re.compile(r"['’]s\b|[ \t]+(?:is|was|has|had|have|says|said|will|would|can|could|did|does|took|takes|went"
                              r"|goes|and|&|wants|feels|felt|told|asked|reports|reported|agreed|came|comes|lives|stays|seems"
                              r"|looked|looks|appears|appeared|remains|got|gets|loves|likes|enjoys|seemed)\b", re.IGNORECASE)


def _surname_after_name(text: str, span: Found, kept: list[tuple[int, int]], start: int, word: str) -> bool:
    """'Bronagh Ward', 'Beth Park', 'TJ Ward', 'Nell Ho': a keep word that is also a surname, written as one straight
    after a given name or initials in the same person span, is the surname (a ward or a park is written in lower case or
    after "the")."""
    if span.type != PERSON or not kept or text[kept[-1][1]:start] not in {" ", "-"}:
        return False
    if len(word) < 3 and not (len(word) == 2 and word[0].isupper() and word[1].islower()):
        return False  # two letters only written as a name ("Nell Ho"), never an agency's capitals ("HO", "GP")
    previous = text[kept[-1][0]:kept[-1][1]]
    initials = previous.isupper() and len(previous) <= 3
    return (word[:1].isupper() and not word.isupper() and previous[:1].isupper() and (initials or not previous.isupper())
            and name_lexicon().is_name(word))


def _given_name_before_surname(text: str, span: Found, words: list[tuple[int, int, str]]) -> bool:
    """'Jan Pearce', 'Nicu Lingurar': a keep word that is a given name (a month, a ward's initials), written as a name
    straight before a capitalised word that is no keep word in the same person span, is the given name."""
    if span.type != PERSON or len(words) < 2:
        return False
    (_, end, word), (start, _, following) = words[0], words[1]
    return (text[end:start] == " " and word[:1].isupper() and not word.isupper() and fold(word) in name_lexicon().given
            and following[:1].isupper() and not following.isupper() and fold(following) not in keep_words()
            and fold(following) not in TITLES)


def split_at_common_words(text: str, span: Found) -> list[Found]:
    """'Mary-Kate Flynn re Faith' is two people: split NER name spans at lower-case everyday words and line breaks."""
    if span.type not in VETOABLE_TYPES:
        return [span]
    pieces, start = [], span.start
    for match in NAME_PART.finditer(text, span.start, span.end):
        word = match.group()
        if word.islower() and (english_zipf(fold(word)) >= COMMON_WORD_ZIPF or word == "re") and match.start() > span.start:
            pieces.append(replace(span, start=start, end=match.start()))
            start = match.end()
        elif "\n" in text[start:match.start()]:  # no name runs over a line break: 'Ron' + '- Saw his GP' on the next
            pieces.append(replace(span, start=start, end=text.rindex("\n", start, match.start())))
            start = match.start()
    pieces.append(replace(span, start=start, end=span.end))
    return [piece for piece in pieces if text[piece.start:piece.end].strip()]


def _inside(intervals: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of the sorted, non-overlapping intervals."""
    at = bisect.bisect_right(intervals, (start, float("inf"))) - 1
    return at >= 0 and intervals[at][0] <= start and end <= intervals[at][1]


def _stray_word(word: str, is_person: bool) -> bool:
    """An everyday word at the edge of a name span is the NER overreaching ("Kerry rang", "Attends St Mary's").

    Capitalised words are trimmed only from people, and only when no name lexicon holds them, so
    "New" stays in "New Addington" and "Will" stays in "Will Dobbs".
    """
    if "-" in word and not word.islower():
        # 'Olivia-Grace', 'Patrick-John': a hyphenated word is stray only if every part is (wordfreq scores the
        # joined form as a phrase of common words)
        return all(_stray_word(part, is_person) for part in word.split("-") if part)
    common = english_zipf(fold(word)) >= COMMON_WORD_ZIPF
    if word.islower():
        return common and not name_lexicon().is_unambiguous_name(word)
    return is_person and common and not name_lexicon().is_name(word) and not word.isupper()


def _sentence_initial(text: str, start: int, extra: str = "") -> bool:
    before = char_before(text, start)
    return not before or before in ".!?:\n" + extra


def merge_overlapping(spans: list[Found]) -> list[Found]:
    """Union overlapping spans; the strongest contributor names the type, a known person wins."""
    merged: list[Found] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            current = merged[-1]
            stronger = span if _strength(span) > _strength(current) else current
            merged[-1] = Found(
                start=current.start,
                end=max(current.end, span.end),
                type=stronger.type,
                score=max(current.score, span.score),
                person=current.person or span.person,
                learned=current.learned and span.learned,
            )
        else:
            merged.append(span)
    return merged


def _strength(span: Found) -> tuple[bool, bool, float, int]:
    """Format recognizers (postcode, address, school) name an overlap before NER and name guesses do; among formats,
    a rule before the learned tagger (its REF scores run from its low threshold up: "07700 900123" is a phone).
    Among the guessers (names, places, organisations) the higher score names it, learned or not."""
    formatted = span.type not in VETOABLE_TYPES
    return (formatted, not (formatted and span.learned), span.score, span.end - span.start)


#: A house number (a flat or unit number before it) or a house name's "The" straight before an address found without
#: them: "[4] The Quillets", "[19] Brackwater Lane", "[Unit 4,] Fenmore Causeway", "[The] Old Tannery" (the learned
#: tagger and the street patterns start at the name).
_ADDRESS_NUMBER_BEFORE = re.compile(
    r"(?<![\w/.,:\-])(?:(?:flat|apartment|apt\.?|unit|plot|pitch|room)[ \t]*\d{1,4}[a-z]?(?:,[ \t]*|[ \t]+))?"
    r"(?:(?<!year )(?<!yr )(?<!age )(?<!aged )(?<!y)\d{1,4}[a-z]?[ \t]+)?(?-i:The[ \t]+)?$", re.IGNORECASE)
_FLAT_WORD_BEFORE = re.compile(r"(?<![\w'’-])(?:flat|apartment|apt\.?|unit|plot|pitch|house\s+no\.?)[ \t]+$",
                               re.IGNORECASE)
#: Only a comma (and spaces) between two found parts of an address: "[Flat 1], [The Old Tannery]", "[The Quillets],
#: [Wrayton]": the comma inside one written address goes too (not the comma before a town or after a name or a
#: date of birth, which the gold leaves).
_ADDRESS_COMMA = re.compile(r"[ \t]*,[ \t]*")
ADDRESS = "UK_ADDRESS"


def extend_addresses(text: str, spans: list[Found]) -> list[Found]:
    """An address found without its house number takes it ("4 The Quillets"), and one that meets another found part
    of an address across a comma takes the comma ("Flat 1, The Old Tannery"), so no piece of one written address is
    left."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    widened = []
    for span in ordered:
        start = span.start
        if span.type == ADDRESS:
            floor = max([o.end for o in ordered if o is not span and o.end <= start], default=0)
            number = _ADDRESS_NUMBER_BEFORE.search(text, max(floor, start - 24), start)
            if number and number.start() < start:
                start = number.start()
            elif text[start:start + 1].isdigit() and (flat := _FLAT_WORD_BEFORE.search(text, max(floor, start - 16), start)):
                start = flat.start()  # "[Unit] 4, Fenmore Causeway"
        widened.append(span if start == span.start else replace(span, start=start))
    address_starts = {span.start for span in widened if span.type == ADDRESS}
    out = []
    for span in widened:
        gap = _ADDRESS_COMMA.match(text, span.end) if span.type == ADDRESS else None
        out.append(replace(span, end=gap.end()) if gap and gap.end() in address_starts else span)
    return out


_HYPHEN_PART_AFTER = re.compile(r"-([^\W\d_]{1,12})(?![\w-])")
_HYPHEN_PART_BEFORE = re.compile(r"(?<![\w-])([^\W\d_]{1,12})-$")


def extend_hyphenated_names(text: str, spans: list[Found]) -> list[Found]:
    """'[Ellie]-May', 'Min-[jun]': a name found in part is the whole hyphenated word (Lacey-Rae, Min-jun)."""
    out = []
    for span in spans:
        start, end = span.start, span.end
        if span.type == PERSON:
            if after := _HYPHEN_PART_AFTER.match(text, end):
                end = after.end()
            if before := _HYPHEN_PART_BEFORE.search(text, max(0, start - 14), start):
                start = before.start()
        out.append(span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end))
    return out


#: A nickname's opening and closing quotes (or bracket and quotes) between the parts of one written name:
#: 'Kiera-Leigh "Kiki" Robson', 'Kiera-Leigh ("Kiki") Robson'.
_NICK_OPEN = re.compile(r"[ \t]\(?[\"“‘']")
_NICK_CLOSE = re.compile(r"[\"”’']\)?[ \t]")


#: A span that opens on a nickname and its closing quote ('Dot" Wrayton'), or closes on a nickname's opening quote
#: and the nickname ('Dorcas "Dot'): the learned tagger's cut of 'Given "Nick" Surname' into two.
_OPENS_ON_NICKNAME = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)?[\"”’']\)?[ \t]")
_CLOSES_ON_NICKNAME = re.compile(r"[ \t]\(?[\"“‘'][^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)?$")


#: An e-mail header's label at the start of its line: the "From: Holt, Wendy" of a forwarded e-mail.
_EMAIL_HEADER_BEFORE = re.compile(r"(?:^|\n)[ \t>]*(?:from|to|cc|bcc)[ \t]*:[ \t]*$", re.IGNORECASE)


def _plain_gap(text: str, previous: Found, span: Found) -> bool:
    """A space or hyphen between two PERSON spans, the comma of a record's 'SURNAME, Given' (surname in capitals) or of an
    e-mail header's 'From: Surname, Given', or a nickname's quote where one span holds the nickname ('Dorcas' +
    'Dot" Wrayton', 'Dorcas "Dot' + 'Wrayton')."""
    gap = text[previous.end:span.start]
    if gap in {" ", "-", "- ", " - "}:
        return True
    if _NICK_OPEN.fullmatch(gap) and _OPENS_ON_NICKNAME.match(text, span.start, span.end):
        return True
    if _NICK_CLOSE.fullmatch(gap) and _CLOSES_ON_NICKNAME.search(text, previous.start, previous.end):
        return True
    surname = text[previous.start:previous.end]
    given = text[span.start:span.end]
    if gap == ", " and _EMAIL_HEADER_BEFORE.search(text, max(0, previous.start - 12), previous.start):
        return True  # an e-mail header's "From: Surname, Given"
    return (gap == ", " and len(surname) >= 2 and surname.isalpha() and surname.isupper()
            and given[:1].isupper() and not given.isupper())


def join_adjacent_names(text: str, spans: list[Found]) -> list[Found]:
    """'Jade' + 'Smith' found apart are one person: join PERSON spans split only by a space or hyphen, the comma of
    'KESSELL, Jayden', or a nickname in quotes between given name and surname ('Jayden "JJ" Kessell')."""
    joined: list[Found] = []
    same = lambda a, b: a.person is None or b.person is None or a.person == b.person  # noqa: E731
    index = 0
    while index < len(spans):
        span = spans[index]
        previous = joined[-1] if joined else None
        if previous is not None and previous.type == PERSON == span.type and same(previous, span):
            if _plain_gap(text, previous, span):
                joined[-1] = Found(previous.start, span.end, PERSON, max(previous.score, span.score),
                                   previous.person or span.person)
                index += 1
                continue
            after = spans[index + 1] if index + 1 < len(spans) else None
            if (after is not None and after.type == PERSON and same(previous, after)
                    and _NICK_OPEN.fullmatch(text[previous.end:span.start])
                    and _NICK_CLOSE.fullmatch(text[span.end:after.start])):
                joined[-1] = Found(previous.start, after.end, PERSON, max(previous.score, span.score, after.score),
                                   previous.person or span.person or after.person)
                index += 2
                continue
        joined.append(span)
        index += 1
    return joined


COORDINATED_AFTER = re.compile(r"\s*(?:and|&|\+)\s+([A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*)")
COORDINATED_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*)\s*(?:and|&|\+)\s+$")
SURNAME_INITIAL_AFTER = re.compile(r" ([B-HJ-Z])\.?(?![\w'’&+/-])(?! (?:&|and|\+) )")
SURNAME_PAIR_AFTER = re.compile(r" ?/ ?([A-Z][A-Z'’-]{2,})(?![\w'’-])")
SURNAME_PAIR_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][A-Z'’-]{2,}) ?/ ?$")
INITIALS_LISTED_AFTER = re.compile(r"\)?, ([A-Z]{2,3})(?=[,;.)]|\s|$)")
INITIALS_LISTED_BEFORE = re.compile(r"(?<![\w'’-])([A-Z]{2,3}), (?:(?:Mr|Mrs|Ms|Miss|Dr)\.? )?$")
NEIGHBOUR_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*) $")
NEIGHBOUR_AFTER = re.compile(r" ([A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*)")


#: Each part of a hyphenated given name beside a found name ("Min-jun", "Hoi-yan") is rarer than this; the parts of
#: "Self-harm", "Co-op", "Drop-in" are not. wordfreq scores "min-jun" as a phrase of two common abbreviations.
HYPHENATED_PART_ZIPF = 4.5


def _could_be_name(text: str, start: int, word: str) -> bool:
    key = fold(word)
    if key in keep_words() or key in TITLES:
        return False
    parts = key.split("-")
    if len(parts) == 2 and all(parts) and all(english_zipf(part) < HYPHENATED_PART_ZIPF for part in parts):
        return True
    limit = 3.0 if _sentence_initial(text, start) else 5.0  # not "The", "And", "She"
    return english_zipf(key) < limit


LOWER_AFTER = re.compile(r" ([a-z][^\W\d_]+(?:['’-][^\W\d_]+)*)")
LOWER_BEFORE = re.compile(r"(?<![\w'’-])([a-z][^\W\d_]+(?:['’-][^\W\d_]+)*) $")
#: A lower-case word this rare beside a found name is the rest of the name ("shandor dzurko").
RARE_WORD_ZIPF = 3.5


#: Before a day or month word, these make it a date: "on Sunday", "since Jan", "3 Jun".
_DATE_BEFORE = re.compile(r"(?:\b(?:on|last|next|this|every|by|until|till|til|from|since|each|early|late|mid|before|after"
                          r"|between|of|the|a|following|previous|per|that|in|and|or|to|through|thru)|\d)\s*,?\s*$", re.IGNORECASE)


def calendar_names_again(text: str, spans: list[Found], score: float = 0.8) -> list[Found]:
    """'Sunday was asleep' after 'baby Sunday (7 weeks)': a day or month word found as a name (a ``confirmed`` span) is
    the name wherever else the note writes it capitalised, except where it reads as a date ("on Sunday", "Jun 2025")."""
    kinds = active_keep_list().kinds
    words = {fold(text[s.start:s.end]) for s in spans if s.type == PERSON and s.confirmed}
    words = {word for word in words if kinds.get(word) == CALENDAR_KIND}
    found = []
    for word in words:
        for match in re.finditer(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w-])", text, re.IGNORECASE):
            written = match.group()
            if not (written[:1].isupper() and written[1:].islower()):
                continue
            if _DATE_BEFORE.search(text, max(0, match.start() - 12), match.start()) or DATE_AFTER.match(text, match.end()):
                continue
            found.append(Found(match.start(), match.end(), PERSON, score, confirmed=True))
    return found


#: The learned tagger's score (0.5 + its probability / 2) at which a given name that is also a day, a month or an
#: everyday word, inside its person span, is the name: on the training and development authors a capitalised calendar
#: word the tagger scored 0.9 or more was a person 104 times in 105 (the other a day before a date, which the date
#: check below lets go).
LEARNED_CALENDAR_NAME_SCORE = 0.95
_TITLE_CASE_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?![\w'’-])")
#: A given name in lower case that the tagger is sure of is taken when rarer than this in English ("jay", "ivy"; not
#: "summer", "mark", "grace").
LOWER_CASE_NAME_ZIPF = 4.5
_LOWER_CASE_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?:-[a-z]+)*(?![\w'’-])")


def calendar_names_from_tagger(text: str, span: Found) -> list[Found]:
    """'Sunday was told', 'QIAN Jun', 'hi fen', 'jay: u out 2nite': a given name the lexicon holds that is also a
    day or month (written as a name) or an everyday word (in lower case), which the learned tagger is sure is a person,
    is the name (``confirmed``, so the keep-list and the everyday-word trimming leave it, and ``calendar_names_again``
    finds a day or month again), except where a day reads as a date ("on Sunday", "Sun 21/07"). Days and months that
    are no one's name ("Tues", "Weds") stay dates, even beside a name ("Lacey Tues, Ron Weds")."""
    if not span.learned or span.type != PERSON or span.score < LEARNED_CALENDAR_NAME_SCORE:
        return []
    kinds = active_keep_list().kinds
    lexicon = name_lexicon()
    found = []
    for match in _TITLE_CASE_WORD.finditer(text, span.start, span.end):
        word = fold(match.group())
        if kinds.get(word) != CALENDAR_KIND or word not in lexicon.given:
            continue
        if _DATE_BEFORE.search(text, max(0, match.start() - 12), match.start()) or DATE_AFTER.match(text, match.end()):
            continue
        found.append(Found(match.start(), match.end(), PERSON, span.score, confirmed=True))
    for match in _LOWER_CASE_WORD.finditer(text, span.start, span.end):
        parts = match.group().split("-")
        if not all(part in lexicon.given and part not in keep_words() for part in parts):
            continue
        # one word: the tagger's whole span ('hi fen', not the verb of 'Charlie drew') and no everyday word ("summer")
        if len(parts) > 1 or (match.span() == (span.start, span.end) and english_zipf(parts[0]) < LOWER_CASE_NAME_ZIPF):
            found.append(Found(match.start(), match.end(), PERSON, span.score, confirmed=True))
    return found


def _rare_word(word: str) -> bool:
    key = fold(word)
    return key not in keep_words() and english_zipf(key) < RARE_WORD_ZIPF


def _lower_case_name(word: str) -> bool:
    """'brayden holt', 'kaiden pryce': a name the lexicon holds and English does not use as a word, in lower case."""
    return fold(word) not in keep_words() and name_lexicon().is_unambiguous_name(word)


def names_beside_names(text: str, spans: list[Found], score: float = 0.6) -> list[Found]:
    """'Odhran and Lorcan', 'to Haven Shirazi': a capitalised word joined to a found name is a name.

    Word names ("Haven", "Journey") and unseen names are caught this way once a neighbour is found.
    """
    found: list[Found] = []
    for span in spans:
        if span.type != PERSON:
            continue
        for pattern, at in ((COORDINATED_AFTER, span.end), (NEIGHBOUR_AFTER, span.end)):
            match = pattern.match(text, at)
            if match and _could_be_name(text, match.start(1), match.group(1)):
                found.append(Found(match.start(1), match.end(1), PERSON, score))
            elif match and pattern is NEIGHBOUR_AFTER and _surname_after_name(text, span, [(span.start, span.end)],
                                                                             match.start(1), match.group(1)):
                found.append(Found(span.start, match.end(1), PERSON, score))  # with its given name: not trimmed
        window_start = max(0, span.start - 40)
        if text[span.start:span.end].islower():
            # a writer who types names in lower case types the whole name so: "shandor dzurko"
            match = LOWER_AFTER.match(text, span.end)
            if match and (_rare_word(match.group(1)) or _lower_case_name(match.group(1))):
                found.append(Found(match.start(1), match.end(1), PERSON, score))
            match = LOWER_BEFORE.search(text[window_start:span.start])
            if match and (_rare_word(match.group(1)) or _lower_case_name(match.group(1))):
                found.append(Found(window_start + match.start(1), window_start + match.end(1), PERSON, score))
        # 'Marian R', 'Jo H:': one capital after a found given name is the surname's initial
        if (initial := SURNAME_INITIAL_AFTER.match(text, span.end)) and not text[span.start:span.end].isupper():
            found.append(Found(initial.start(1), initial.end(1), PERSON, score))
        # 'TRELOAR / HAWKE': a family's surnames in capitals joined by a slash
        surname = text[span.start:span.end]
        if surname.isupper() and len(surname) >= 3:
            for match, offset in ((SURNAME_PAIR_AFTER.match(text, span.end), 0),
                                  (SURNAME_PAIR_BEFORE.search(text[window_start:span.start]), window_start)):
                if match and fold(match.group(1)) not in keep_words():
                    found.append(Found(offset + match.start(1), offset + match.end(1), PERSON, score))
        # 'Ruth Allsop, JB, Mrs Abbott': initials listed beside a found name are a person (agencies are keep words)
        listed = [INITIALS_LISTED_AFTER.match(text, span.end), INITIALS_LISTED_BEFORE.search(text[window_start:span.start])]
        for match, offset in zip(listed, (0, window_start)):
            if match and fold(match.group(1)) not in keep_words():
                found.append(Found(offset + match.start(1), offset + match.end(1), PERSON, score))
        for pattern in (COORDINATED_BEFORE, NEIGHBOUR_BEFORE):
            match = pattern.search(text[window_start:span.start])
            if match and _could_be_name(text, window_start + match.start(1), match.group(1)):
                found.append(Found(window_start + match.start(1), window_start + match.end(1), PERSON, score))
    return found


EMAIL_AFTER_NAME = re.compile(
    r"([^\W\d_]+(?:['’-][^\W\d_]+)*(?:\s+[^\W\d_]+(?:['’-][^\W\d_]+)*)?)\s+(?:at|on|via|[:(-])\s*([\w.+-]+)@"
)


def names_before_emails(text: str, score: float = 0.8) -> list[Found]:
    """'emailed treasure at treasure61@...': words matching the address's local part are the name."""
    if "@" not in text:
        return []  # the pattern needs an "@"; without one its backtracking scan is wasted
    found = []
    for match in EMAIL_AFTER_NAME.finditer(text):
        local = {fold(part) for part in re.split(r"[._+\-\d]+", match.group(2)) if len(part) >= 2}
        local_joined = fold(re.sub(r"[._+\-\d]+", "", match.group(2)))
        offset = match.start(1)
        for word in NAME_PART.finditer(match.group(1)):
            key = fold(word.group())
            if key in keep_words() or key in TITLES:
                continue
            if key in local or (len(key) >= 3 and key in local_joined):
                found.append(Found(offset + word.start(), offset + word.end(), PERSON, score))
    return found


def nicknames_of(given_names: list[str]) -> set[str]:
    """'Mohamed' -> {'mo', 'moe'}: a note that names a child in full often goes on with the short form.

    Short forms that are everyday words ("will", "bill") are left out; they would be guesses. Names that are words in
    lower case but follow their full name ("rob", ``NameLexicon.linked_short_forms``) stay.
    """
    lexicon = name_lexicon()
    return {
        variant
        for given in given_names
        for variant in lexicon.variants_of(given)
        if len(variant) >= 2 and (variant not in lexicon.ambiguous or variant in lexicon.linked_short_forms)
        and variant not in keep_words()
    }


def name_parts(surface: str) -> list[str]:
    """Folded name words worth looking for again: no titles, initials or keep words."""
    keep = keep_words()
    return [
        fold(m.group())
        for m in NAME_PART.finditer(surface)
        if len(m.group()) >= 2 and fold(m.group()) not in keep and fold(m.group()) not in TITLES
    ]


#: A found name written again in lower case, even an everyday word, is the person when it speaks or acts.
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|stated|told|denied|denies|reported|disclosed|explained|agreed|was)\b")


def propagate_names(text: str, names: set[str], score: float = 0.8) -> list[Found]:
    """Every other occurrence of a name already found in the note or case.

    Names that are also ordinary words ("Will", "Hope") are matched only when capitalised,
    so "he will attend" stays as it is. Time grows with the text, not with text x names (a long note
    names many people): a one-word name can only be a whole run of word characters, found by one scan and
    a set lookup; only names with a hyphen or apostrophe go through a regular expression.
    """
    if not names:
        return []
    simple = {name.lower() for name in names if _WORD_RUN.fullmatch(name)}
    compound = sorted((name for name in names if not _WORD_RUN.fullmatch(name)), key=len, reverse=True)
    matches: list[tuple[int, int]] = []
    if compound:  # longest first at each position, as one alternation reads them
        pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in compound) + r")(?![\w])", re.IGNORECASE)
        matches = [match.span() for match in pattern.finditer(text)]
    taken = matches[:]
    for run in _WORD_RUN.finditer(text):
        if run.group().lower() in simple and not any(a < run.end() and run.start() < b for a, b in _near(taken, run.start())):
            matches.append(run.span())
    ambiguous = name_lexicon().ambiguous
    found = []
    for start, end in sorted(matches):
        word = text[start:end]
        key = fold(word)
        everyday = (key in ambiguous or english_zipf(key) >= COMMON_WORD_ZIPF) and not word[:1].isupper()
        if everyday and not _SPEAKS_AFTER.match(text, end):
            continue  # "brown eyes" stays; "brown said", after Kerry Brown was found, is her
        found.append(Found(start, end, PERSON, score, confirmed=everyday))
    return found + _misspelt_names(text, names, score)


_WORD_RUN = re.compile(r"\w+")


def _near(spans: list[tuple[int, int]], start: int) -> list[tuple[int, int]]:
    """The sorted, non-overlapping ``spans`` that could overlap a run starting at ``start`` (a binary search)."""
    at = bisect.bisect_right(spans, (start, float("inf")))
    return spans[max(0, at - 1):at + 1]


#: A word this long and this rare, one letter away from a found name, is the name misspelt.
MISSPELT_MIN_LENGTH = 5


def _misspelt_names(text: str, names: set[str], score: float) -> list[Found]:
    """'Kaydan' two lines after 'Kayden': practitioners misspell names, rarely the same way twice.

    One edit apart is looked up, not computed against every name: each name is indexed by its one-letter
    deletions (symmetric delete), so a long note with many names stays linear."""
    long_names = {n for n in names if len(n) >= MISSPELT_MIN_LENGTH}
    if not long_names:
        return []
    shortened: set[str] = set()                 # a name less one letter: the word lacks a letter
    substituted: set[tuple[str, int]] = set()   # a name less its letter at i: the word has another letter there
    for name in long_names:
        for i in range(len(name)):
            rest = name[:i] + name[i + 1:]
            shortened.add(rest)
            substituted.add((rest, i))
    found = []
    for match in NAME_PART.finditer(text):
        key = fold(match.group())
        if len(key) < MISSPELT_MIN_LENGTH or key in names or english_zipf(key) >= COMMON_WORD_ZIPF:
            continue
        if key in shortened or any(
            (rest := key[:i] + key[i + 1:]) in long_names or (rest, i) in substituted for i in range(len(key))
        ):
            found.append(Found(match.start(), match.end(), PERSON, score))
    return found


def initials_of(parts: list[str]) -> str | None:
    """'jade', 'smith' -> 'JS': notes often refer to people by initials once named."""
    if len(parts) < 2:
        return None
    letters = "".join(part[0] for part in parts if part[:1].isalpha()).upper()
    return letters if len(letters) >= 2 and fold(letters) not in keep_words() else None


def find_initials(text: str, initials: set[str], score: float = 0.9) -> list[Found]:
    """'JS', 'J.S.' and 'J S' for a person already named; case-sensitive, so 'js' in a URL is left.

    Each set of initials is tried only where a word starts with its first letter, so the time grows with the
    text and not with text x initials."""
    if not initials:
        return []
    by_first: dict[str, list[re.Pattern]] = {}
    for letters in sorted(initials):
        dotted = r"\.?\s?".join(re.escape(ch) for ch in letters) + r"\.?"
        by_first.setdefault(letters[0], []).append(re.compile(r"(?<![\w.])" + dotted + r"(?![\w])"))
    starts = re.compile("(?<![\\w.])[" + "".join(re.escape(ch) for ch in by_first) + "]")
    found = []
    for start in starts.finditer(text):
        for pattern in by_first[start.group()]:
            if match := pattern.match(text, start.start()):
                found.append(Found(match.start(), match.end(), PERSON, score))
    return found


def keep_word_initials(surface: str) -> str | None:
    """'Carla Penrose' -> 'CP', 'Nadia Bryce' -> 'NB': a named person's initials that are also a keep-list term
    (child protection, nota bene), which ``initials_of`` leaves out; ``initials_in_owner_position`` looks for them
    only where initials stand for a person."""
    words = [m.group() for m in NAME_PART.finditer(surface) if fold(m.group()) not in TITLES]
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return None
    letters = "".join(w[0] for w in words)
    return letters if fold(letters) in keep_words() and fold(letters) not in ROLE_INITIALS else None


#: Roles written as initials before a verb ("SW to visit", "DC to chase"): the role, whoever in the note shares them.
ROLE_INITIALS = frozenset({"sw", "hv", "sn", "ssw", "fsw", "ehw", "tm", "iro", "dsl", "pa", "yw", "ysw", "mw", "cm", "dc",
                           "pc", "ds", "di", "yp", "kw", "fc"})
#: Where initials are a person: owning an action or signing ("CP to phone", "- NB", "by LA", "school nurse CP").
_OWNER_AFTER = re.compile(r"[ \t]+(?:to|by|will|said|says|agreed|covering|asked|rang|called|present)\b|['’]s\b")
_OWNER_BEFORE = re.compile(r"\b(?:nurse|SN|HV|SW|by|from|for)[ \t]+$")
_EDGE_BEFORE = re.compile(r"(?:^|\n|[-–(/&.;,])[ \t]*(?:[-–•*][ \t]*)?$")
_EDGE_AFTER = re.compile(r"[ \t]*(?:$|\n|[)/.,;]|[ \t]+[-–/&])")


def initials_in_owner_position(text: str, initials: set[str], score: float = 0.8) -> list[Found]:
    """Initials of a named person that are also a keep term ("CP" for Carla Penrose), only where initials are a
    person: before "to"/"by"/a reporting verb, after a role or "by", or between a dash or bracket and a line's end
    ("- NB", "(LA)"); "CP plan" and "GP: letter sent" stay."""
    found = []
    for letters in initials:
        for match in re.finditer(r"(?<![\w.])" + re.escape(letters) + r"(?![\w])", text):
            before = text[max(0, match.start() - 12):match.start()]
            strong = _OWNER_AFTER.match(text, match.end()) or _OWNER_BEFORE.search(before)
            if strong or (_EDGE_BEFORE.search(before) and _EDGE_AFTER.match(text, match.end())):
                found.append(Found(match.start(), match.end(), PERSON, score))
    return found


#: One capital letter standing for a person the note has named ("T smokes daily", "explained to H", "T: yo").
_SINGLE_LETTER = re.compile(r"(?<![\w.'’&/+-])([B-HJ-Z])(?:['’]s)?(?![\w'’&+-]|\.\w|\s*[&+]\s*[A-Z]\b)")
#: After these a lone capital is a grade, a class, a vitamin or a place, not a person ("Plan B", "grade C", "Flat D").
_NOT_AFTER = frozenset({
    "plan", "class", "grade", "grades", "band", "hep", "hepatitis", "vitamin", "type", "tier", "level", "option", "part",
    "section", "appendix", "block", "unit", "ward", "room", "bay", "wing", "year", "group", "category", "schedule",
    "stage", "step", "form", "flat", "house", "no", "number", "size", "exhibit", "item", "point", "route", "zone",
    "platform", "gate", "bus", "pod", "floor", "court", "phase", "strep", "list", "model", "sample", "test", "letter",
    "column", "row", "table", "figure", "annex", "annexe", "pathway", "site", "building", "door", "corridor", "lane",
    "road", "street", "drive", "avenue", "wave", "series", "version", "vit", "mr", "mrs", "ms", "miss", "dr", "the",
    "a", "an",  # "get a B": a grade
})
#: Titles among those: "Mr B" is a person, whichever recognizer finds the letter.
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr"})


def _word_before(text: str, start: int) -> re.Match | None:
    """The word just before ``start`` on its line (group 1), with the spaces after it."""
    return re.search(r"([^\W\d_]+)[ \t]*$", text[max(0, start - 30):start])


def letter_names_a_thing(text: str, start: int) -> bool:
    """Whether the capital letter at ``start`` follows a word that numbers things ("Plan B", "grade C", "Flat D"):
    then it is not a person. A title before it ("Mr B") is not such a word."""
    previous = _word_before(text, start)
    return previous is not None and fold(previous.group(1)) in _NOT_AFTER - _TITLES


#: "bruise L cheek", "cuts R forearm": left and right on a body map.
_BODY_SIDE = re.compile(r"[LR]\s+(?:(?:upper|lower|inner|outer|side\s+of\s+(?:the\s+)?)\s*)?(?:[a-z]+\s+)?"
                        r"(?:knee|cheek|side|foot|feet|wrist|shin|shoulder|forearm|arm|leg|hand|eye|ear|hip|ankle|elbow|"
                        r"thigh|breast|temple|buttock|calf|toe|finger|thumb|jaw|brow|eyebrow|chest|rib|ribs|back|"
                        r"neck|head|molar|tooth|lung|kidney|blade)s?\b")


def single_initials(text: str, given_names: set[str], score: float = 0.6) -> list[Found]:
    """A lone capital letter that is the first letter of a given name found in the note, written where a person can
    be: after a verb or preposition, before a lower-case word, a colon (a chat pasted in) or the end of a clause.
    "A" and "I" are words, never taken; a letter after a capitalised word mid-sentence ("Plan B", "Vitamin D") or
    after a word that numbers things ("grade C", "Flat D") is left."""
    letters = {name[0].upper() for name in given_names if len(name) >= 2 and name[0].isalpha()}
    if not letters:
        return []
    found = []
    for match in _SINGLE_LETTER.finditer(text):
        letter = match.group(1)
        if letter not in letters:
            continue
        previous = _word_before(text, match.start())
        if previous is not None:
            word = previous.group(1)
            if fold(word) in _NOT_AFTER:
                continue
            if word[:1].isupper() and not _sentence_initial(text, match.start() - len(previous.group(0))):
                continue  # "Plan B", "Hep B", "Vitamin D": part of a capitalised phrase
        if _BODY_SIDE.match(text, match.start(1)):
            continue
        if letter in "FM" and text[match.start(1) - 1:match.start(1)] == "(" and text[match.end():match.end() + 1] == ")":
            continue  # "(F)": sex, not a person
        after = text[match.end():match.end() + 3]
        if not (after == "" or after[:1] in ",;:)!?\n\"”" or after[:1] == "." or re.match(r" [a-z]", after)):
            continue
        found.append(Found(match.start(1), match.start(1) + 1, PERSON, score))
    return found


@dataclass
class PersonIndex:
    """Which placeholder each name word stands for, within one case."""

    by_given: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, str] = field(default_factory=dict)
    initials: dict[str, str] = field(default_factory=dict)
    count: int = 0

    @property
    def names(self) -> set[str]:
        return set(self.by_given) | set(self.by_surname)

    def placeholder_for(self, parts: list[str]) -> str:
        if not parts:
            return self._new()
        given, surname = parts[0], parts[-1] if len(parts) > 1 else None
        existing = self.by_given.get(given) or self._misspelt_given(given)
        if existing is None and surname is None:
            existing = self.by_surname.get(given)
        placeholder = existing or self._new()
        self.by_given.setdefault(given, placeholder)
        for short_form in nicknames_of([given]):
            self.by_given.setdefault(short_form, placeholder)  # "Mo" stays Mohamed's placeholder
        if surname is not None:
            self.by_surname.setdefault(surname, placeholder)
        letters = initials_of(parts)
        if letters:
            self.initials.setdefault(letters, placeholder)
        return placeholder

    def placeholder_for_initials(self, surface: str) -> str | None:
        return self.initials.get(re.sub(r"[^A-Za-z]", "", surface).upper())

    def _misspelt_given(self, given: str) -> str | None:
        if len(given) < MISSPELT_MIN_LENGTH:
            return None
        for known, placeholder in self.by_given.items():
            if abs(len(known) - len(given)) <= 1 and Levenshtein.distance(known, given, score_cutoff=1) <= 1:
                return placeholder
        return None

    def _new(self) -> str:
        self.count += 1
        return f"{PERSON}_{self.count}"


class CaseMemory:
    """Person indexes for the most recent cases; a case left long ago is forgotten (bounded memory)."""

    def __init__(self, max_cases: int = 20_000):
        self.max_cases = max_cases
        self._cases: OrderedDict[str, PersonIndex] = OrderedDict()

    def index_for(self, case_id: str | None) -> PersonIndex:
        if case_id is None:
            return PersonIndex()
        index = self._cases.get(case_id)
        if index is None:
            index = self._cases[case_id] = PersonIndex()
            if len(self._cases) > self.max_cases:
                self._cases.popitem(last=False)
        else:
            self._cases.move_to_end(case_id)
        return index

    def export_cases(self) -> list[tuple[str, PersonIndex]]:
        """Cases oldest first, for a checkpoint (which must encrypt them: they hold name forms)."""
        return list(self._cases.items())

    def import_cases(self, cases) -> None:
        """Restore ``export_cases`` output, oldest first."""
        self._cases = OrderedDict(cases)


#: A lower-case word this common at the end of a learned name is not part of it (zipf; rules use COMMON_WORD_ZIPF).
LEARNED_TAIL_ZIPF = 2.5
_LAST_WORD = re.compile(r"\s+([^\W\d_]+)$")


def trim_learned_tail(text: str, span: Found) -> Found:
    """The tagger, at its low threshold, runs a name on into the next word ("Kacper Nowak tearful"): lower-case
    dictionary words at the end of a learned PERSON span are cut off, unless a name list holds them."""
    if not span.learned or span.type != PERSON:
        return span
    end = span.end
    while (word := _LAST_WORD.search(text, span.start, end)) and word.group(1).islower() \
            and english_zipf(fold(word.group(1))) >= LEARNED_TAIL_ZIPF and not name_lexicon().is_name(word.group(1)):
        end = word.start()
    return span if end == span.end else replace(span, end=end)
