"""UK street-address recognizer (entity ``UK_ADDRESS``)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ._base import CuedPatternRecognizer, alternation, cs

#: Street-type words (and Royal Mail abbreviations) that end a street name.
STREET_SUFFIXES: tuple[str, ...] = (
    "Road", "Rd", "Street", "St", "Avenue", "Ave", "Lane", "Ln", "Close", "Cl", "Drive", "Dr",
    "Way", "Crescent", "Cres", "Court", "Ct", "Gardens", "Gdns", "Place", "Pl", "Terrace",
    "Terr", "Tce", "Grove", "Gr", "Hill", "Walk", "Row", "Square", "Sq", "Mews", "Park", "Bank", "Brow", "Garth", "Nook",
    "View", "Rise", "Parade", "Pde", "Green", "Vale", "Croft", "Fold", "Gate", "Wharf", "Yard",
    "Meadow", "Meadows", "Chase", "Approach", "Boulevard", "Heights", "Garth", "Mount",
    "Quay", "Circus", "Crest", "Orchard", "Paddock", "Brow",
)
# Abbreviations that are also titles or saints ("Dr Patel", "St Mary's"): numbered only.
_AMBIGUOUS = {"St", "Dr", "Ct", "Cl", "Gr", "Pl", "Ln"}

_BUILDINGS = alternation(
    ["House", "Court", "Lodge", "Mansions", "Tower", "Towers", "Building", "Buildings", "Block",
     "Hall", "Point", "Heights", "Cottage", "Cottages", "Farm", "Flats", "Villas", "Site"]
)
# Words that cannot be part of a street name: they turn "2 visits to the park",
# "3 times a week", "10 minute walk" into non-addresses.
_STOPWORDS = (
    "a|an|and|or|of|to|in|on|at|by|for|from|with|into|onto|down|up|over|under|near|off|out|"
    "about|around|round|through|past|across|along|per|is|was|were|are|be|been|has|have|had|"
    "his|her|their|my|our|your|its|this|that|these|those|each|every|all|some|any|no|not|more|"
    "other|very|times?|days?|weeks?|months?|years?|yrs?|hours?|hrs?|mins?|minutes?|seconds?|"
    "secs?|nights?|weekends?|miles?|metres?|meters?|km|steps?|stops?|floors?|children|child|"
    "kids?|siblings?|people|adults?|visits?|sessions?|points?|goals?|games?|laps?|pounds?|"
    "am|pm|aged?|x|the"
)
_WORD = rf"(?!(?:{_STOPWORDS})\b)[a-z][a-z'’\-]*\.?"
_CAP_WORD = cs(r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?")
_SUFFIX = alternation(list(STREET_SUFFIXES)) + r"\b\.?"
_CAP_SUFFIX = cs(alternation([s for s in STREET_SUFFIXES if s not in _AMBIGUOUS])) + r"\b"

_HOUSE_NUMBER = r"\d{1,4}[a-z]?(?:\s?[-–]\s?\d{1,4}[a-z]?)?"
# Plots and pitches number the homes on a Traveller site: "Plot 6, Mellands Lane site".
_FLAT = r"(?:(?:flat|apartment|apt\.?|room|unit|maisonette|plot|pitch)\s*\d{1,4}[a-z]?\s*,?\s+)"
_BUILDING = rf"(?:(?:{_CAP_WORD}\s+){{1,3}}{_BUILDINGS}\s*,?\s+)"
_STREET_NAME = rf"(?:the\s+(?:{_WORD}\s+){{0,3}}|(?:{_WORD}\s+){{1,4}}){_SUFFIX}"
# Nouns that show the "street" was a court/park used as a noun: "2 family court hearings".
_NOT_AFTER = r"(?!\s+(?:hearings?|orders?|proceedings|dates?|reports?|sessions?|visits?|meetings?))"
_ESTATE = rf"(?:,?\s+(?:{_CAP_WORD}\s+){{1,2}}estate\b)"
# Town after a comma; not a pronoun or role starting the next clause ("..., Mum said").
_TOWN_STOP = cs(r"(?:Mum|Dad|She|He|They|It|I|We|The|This|That|Nan|Nana|Grandma|Grandad|SW|Police)\b")
_TOWN = rf"(?:,\s*(?!{_TOWN_STOP}){_CAP_WORD}(?:[ \-]{_CAP_WORD})?\b(?!\s+{cs('[a-z]')}))"

_NUMBERED = (
    rf"\b(?:{_FLAT}{_BUILDING}?|{_BUILDING})?{_HOUSE_NUMBER},?\s+{_STREET_NAME}{_NOT_AFTER}"
    rf"{_ESTATE}?{_TOWN}?"
)
# "Flat 4, Brackenwood Point" / "Flat 8, Sycamore Court, Small Heath": a flat number is cue enough.
_FLAT_IN_BUILDING = (
    rf"\b{_FLAT}(?:{_CAP_WORD}\s+){{1,3}}(?:{_BUILDINGS}|{_CAP_SUFFIX})\b"
    rf"(?:,\s*{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}\s+{_CAP_SUFFIX})?{_TOWN}?"
)
# A house's name before its street: "The Old Forge, Church Lane", "Fernlea, Cliff Road", "Davis House, 4 Robert
# Street". The street makes the words before the comma part of the address; not a role or pronoun ("Mum, Mill Road").
_HOUSE_STOP = cs(r"(?:Mum|Dad|She|He|They|It|I|We|This|That|Nan|Nana|Grandma|Grandad|SW|Police|Met|Saw|Rang|Spoke|"
                  r"Visited|Called|Phoned|Mr|Mrs|Ms|Miss|Dr)\b")
_HOUSE_WORD = rf"(?!{_HOUSE_STOP}){_CAP_WORD}"
_HOUSE_NAME = rf"{cs('(?:The[ ]+)?')}(?:{_HOUSE_WORD}[ ]+){{0,2}}{_HOUSE_WORD}"
_HOUSE_BEFORE_STREET = (
    rf"\b{_HOUSE_NAME},[ ]*(?:{_HOUSE_NUMBER}[ ]+)?(?:{_CAP_WORD}[ ]+){{1,3}}{_CAP_SUFFIX}\b(?![ ]+{cs('[A-Z]')}){_TOWN}?"
)
_CUE = (
    r"\b(?:lives?|living|lived|moved|moving|resides|residing|staying|stays|stayed|address|"
    r"based|located)\s+(?:is\s+)?(?:on|at|in|to|off|near)\s+(?:the\s+)?"
)
# A named farm or cottage someone is at, goes to or is seen outside is a home: "stays at Hollinside Farm", "visit to
# Tregaskis Cottage", not "Hollybush Farm Park" (a "House", "Lodge" or "Hall" is as often a children's home or a venue,
# left to the other rules).
_NAMED_HOME = rf"\b(?:at|to|outside|from)\s+(?P<value>(?:{_CAP_WORD}\s+){{1,3}}{cs('(?:Farm|Farmhouse|Cottage|Barn)')})\b(?![ ]+{cs('[A-Z]')})"
# Not followed by another capitalised word: "Park Lane Surgery" is a GP surgery.
_NAMED_STREET = rf"{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}\s+{_CAP_SUFFIX}(?!\s+{cs('[A-Z]')})"
_ESTATE_ONLY = rf"{_CAP_WORD}(?:\s+{_CAP_WORD})?\s+estate\b"
# A form's address line: "Address: Rose Cottage, Trewoon Lane, Goldsithney, TR20 9HJ", up to the postcode, a bracket
# or the line's end; the value starts with a capital or a number and holds a number or a word in title case
# ("Address: see below" and a line in capitals, "ADDRESS: STAYING WITH A FRIEND", are left).
_NUMBER_OR_TITLE_CASE = cs(r"(?:[0-9]|(?=[^\n]{0,40}?[A-Z][a-z])[A-Z])")
_ADDRESS_LINE = (r"(?:^|(?<=\n))[ \t]*(?:home\s+|current\s+|new\s+|previous\s+)?address\s*[:\-–]\s*"
                 rf"(?P<value>{_NUMBER_OR_TITLE_CASE}[^\n(;]{{2,80}}?)"
                 r"(?=\s*,?\s*(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\(|;|\n|$)|\.\s)")

# Leading capitalised words that start a sentence rather than a street/estate name.
_LEADING_NON_NAMES = frozenset(
    {"the", "a", "an", "on", "at", "in", "to", "from", "near", "off", "she", "he", "they", "we",
     "mum", "dad", "this", "that", "our", "her", "his", "their", "real", "housing", "council",
     "industrial", "trading", "business", "retail", "local", "same", "new", "old", "whole"}
)
_HOUSE_NAMED_THE = re.compile(r"The(?:[ ]+[A-Z][\w'’-]*){1,3},")
_COURTS = re.compile(
    r"\b(?:family|crown|county|magistrates['’]?|youth|high|supreme|coroners['’]?)\s+court\b",
    re.IGNORECASE,
)


class CasenotesUkAddressRecognizer(CuedPatternRecognizer):
    """Recognize UK street addresses as written in case notes.

    Format: [Flat/Apartment/Room N[, Building House],] house number (12, 12a, 12-14)
    + 1-4 street-name words + street type (Road, Rd, Street, St, Avenue, Ave, Lane,
    Close, Drive, Way, Crescent, Court, Gardens, Place, Terrace, Grove, Hill, Walk,
    Row, Square, Mews, Park, View, Rise, Parade, Green, Vale, Croft, Fold, Gate, ...)
    [, X Estate][, Town]. Case-insensitive ("14 acacia ave").

    Reference: Royal Mail Programmers' Guide to PAF (thoroughfare descriptors) and
    BS 7666 addressing.

    Patterns and scores:
      - numbered street address, 0.6;
      - street name without a number after a living cue ("lives on Mill Road"), 0.5;
      - capitalised street name alone ("Mill Road"), 0.3: the type word must be
        capitalised and unambiguous (not St/Dr, which are also titles);
      - named estate ("the Beechwood estate"), 0.4.
    Street-name words exclude function words and units, so "3 times a week",
    "2 visits to the park" and "10 minute walk" are not addresses; court names
    ("Family Court", "Crown Court") are dropped.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("UK address numbered (medium)", _NUMBERED, 0.6),
        Pattern("UK flat in a named building (medium)", _FLAT_IN_BUILDING, 0.6),
        Pattern("UK street after living cue (medium)", rf"{_CUE}(?P<value>{_NAMED_STREET})", 0.5),
        Pattern("UK street name (weak)", rf"\b{_NAMED_STREET}", 0.3),
        Pattern("UK named estate (weak)", rf"\b{_ESTATE_ONLY}", 0.4),
        Pattern("UK address after an address label (strong)", _ADDRESS_LINE, 0.8),
        Pattern("UK house name before its street (medium)", _HOUSE_BEFORE_STREET, 0.6),
        Pattern("UK named farm or cottage after at/to (medium)", _NAMED_HOME, 0.6),
    ]

    CONTEXT = ["address", "lives", "living", "moved", "resides", "home", "street", "road"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_ADDRESS",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )

    def adjust_span(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Drop leading sentence words ("The Beechwood Estate" -> "Beechwood Estate").

        A trailing full stop is left to the sentence ("22 Baker St." -> "22 Baker St").
        """
        if text[end - 1] == ".":
            end -= 1
        while True:
            word_match = re.match(r"(\S+)\s+", text[start:end])
            if not word_match or word_match.group(1).lower() not in _LEADING_NON_NAMES:
                break
            if _HOUSE_NAMED_THE.match(text, start, end):
                break  # "The Old Forge, Church Lane": the article is the house's name
            start += word_match.end()
        # At least one name word must remain before the street/estate type word.
        return (start, end) if len(text[start:end].split()) >= 2 else None

    def invalidate_result(self, pattern_text: str) -> bool:
        """Courts are places of hearings, not home addresses."""
        return bool(_COURTS.search(pattern_text))


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkAddressRecognizer = CasenotesUkAddressRecognizer
