"""Name lexicons shipped as data files in ``casenotes/redact/data``, and the keep-list.

The keep-list (words never redacted as names) is derived from the taxonomy: every service name, alias and
abbreviation extraction knows, a council's ``--lexicon`` overlay included, plus the role, note and practice
words in ``keep_terms_not_in_taxonomy.csv``.

Lexicons are loaded once per process and folded to lower case without accents, so that
"przemysław", "Przemyslaw" and "PRZEMYSLAW" meet the same entry.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from wordfreq import zipf_frequency

from casenotes.taxonomy import Taxonomy, load_taxonomy
from casenotes.taxonomy.loader import read_csv as read_taxonomy_csv

DATA_PACKAGE = "casenotes.redact.data"
#: Words this common in English are not taken as names on shape alone (Zipf scale, wordfreq).
COMMON_WORD_ZIPF = 3.3


@lru_cache(maxsize=200_000)
def english_zipf(word: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale: 0 unseen, ~7 for "the")."""
    return zipf_frequency(word, "en")


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Lower-case and strip accents: the key every lexicon lookup uses."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # ł and ø do not decompose; fold them by hand so Polish and Nordic names match.
    return stripped.lower().replace("ł", "l").replace("ø", "o").replace("đ", "d")


def _read_csv(name: str) -> list[dict[str, str]]:
    source = resources.files(DATA_PACKAGE).joinpath(name)
    if not source.is_file():
        return []
    with source.open("r", encoding="utf-8") as handle:
        return list(csv.DictReader(io.StringIO(handle.read())))


@dataclass(frozen=True)
class NameLexicon:
    """Given names and surnames, with the ones that are also ordinary English words."""

    given: frozenset[str]
    surnames: frozenset[str]
    ambiguous: frozenset[str]
    nicknames: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Ambiguous names (``ambiguous`` 2 in the file: "Rob", "Dot") that still follow their full name as its short form
    #: ("Robert Farah ... Rob"), unlike everyday words ("Will", "Bill": ``ambiguous`` 1).
    linked_short_forms: frozenset[str] = frozenset()

    def is_name(self, token: str) -> bool:
        key = fold(token)
        return key in self.given or key in self.surnames

    def is_unambiguous_name(self, token: str) -> bool:
        key = fold(token)
        return (key in self.given or key in self.surnames) and key not in self.ambiguous

    def is_short_form(self, token: str) -> bool:
        """'Mo', 'Pete', 'Ron': a name the nickname list links to another (its links run both ways)."""
        return fold(token) in self.nicknames

    def variants_of(self, given_name: str) -> frozenset[str]:
        """Nicknames and full forms linked to a given name, both directions."""
        return self.nicknames.get(fold(given_name), frozenset())


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    given: set[str] = set()
    surnames: set[str] = set()
    ambiguous: set[str] = set()
    linked: set[str] = set()
    for filename, target in (("first_names.csv", given), ("surnames.csv", surnames)):
        for row in _read_csv(filename):
            key = fold((row.get("name") or "").strip())
            if not key:
                continue
            target.add(key)
            flag = (row.get("ambiguous") or "0").strip()
            if flag in {"1", "2"}:
                ambiguous.add(key)
            if flag == "2":
                linked.add(key)
    links: dict[str, set[str]] = {}
    for row in _read_csv("nicknames.csv"):
        full, short = fold(row.get("name", "").strip()), fold(row.get("nickname", "").strip())
        if full and short:
            links.setdefault(full, set()).add(short)
            links.setdefault(short, set()).add(full)
    return NameLexicon(
        given=frozenset(given),
        surnames=frozenset(surnames),
        ambiguous=frozenset(ambiguous),
        nicknames={key: frozenset(values) for key, values in links.items()},
        linked_short_forms=frozenset(linked),
    )


#: Countries, nations and continents ("Sudan", "the UK", "Wales"). Where a family came from is not an identifier on its
#: own and no gold set marks it, but spaCy calls each one a place. Only a whole span that is one of these is let go
#: ("Benin City", "Denmark Road" stay whole); names that are also countries ("Jordan", "Georgia") are left out of the file.
COUNTRIES_FILE = "countries.csv"


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Folded country, nation and continent names from ``countries.csv``."""
    return frozenset(fold(row["name"].strip()) for row in _read_csv(COUNTRIES_FILE) if (row.get("name") or "").strip())


def is_country(text: str) -> bool:
    """Whether ``text`` is just a country's name, allowing a leading "the" and a possessive ("the UK's")."""
    key = re.sub(r"^the\s+|['’]s$", "", fold(text.strip()))
    return re.sub(r"\s+", " ", key) in country_names()


#: UK and Irish towns and villages and the world's largest cities (GeoNames, CC BY 4.0; eval/build_places_lexicon.py).
#: Where someone lives or was taken is an identifier, and the small spaCy model misses many ("driven to Cardiff").
PLACES_FILE = "places.csv"


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Place names from ``places.csv`` as written there (capitalised: "Weston-super-Mare"), countries left out."""
    names = (row["name"].strip() for row in _read_csv(PLACES_FILE) if (row.get("name") or "").strip())
    return frozenset(name for name in names if fold(name) not in country_names())


# -- the keep-list ------------------------------------------------------------------------------
#: Words never personal data that the taxonomy does not hold: role words, agencies outside services.csv,
#: practice and note words, calendar words, platforms, and the services.csv aliases lexicon.yaml drops.
KEEP_TERMS_FILE = "keep_terms_not_in_taxonomy.csv"
SERVICE, ABBREVIATION = "service", "abbreviation"


class KeepList:
    """Words and phrases that are never personal data (role words, services, abbreviations), folded.

    Build one with :func:`keep_list_for`; a ``Redactor`` puts its own in use while it works
    (:func:`keep_list_in_use`), so ``keep_words()`` and friends answer from it.
    """

    def __init__(self, kinds: dict[str, str]):
        self.kinds = dict(kinds)  # folded term -> kind (service, abbreviation, role, ...)
        self.terms = frozenset(kinds)
        self.words = frozenset(term for term in self.terms if " " not in term)
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> "re.Pattern[str]":
        """All terms, longest first, as one case-insensitive whole-word pattern (built on first use)."""
        if self._pattern is None:
            terms = sorted(self.terms, key=len, reverse=True)
            # plurals and possessives of a keep term are kept too: "PPNs", "SWs", "Mum's"
            self._pattern = re.compile(r"(?<!\w)(?:" + _by_first_character(terms) + r")(?:['’]?s)?(?!\w)", re.IGNORECASE)
        return self._pattern

    def intervals(self, text: str) -> list[tuple[int, int]]:
        """Where the terms ("Early Help", "CAMHS", "Mum") sit in a text, in a form that ignores accents."""
        return [match.span() for match in self.pattern.finditer(text)]


def taxonomy_keep_terms(taxonomy: Taxonomy) -> dict[str, str]:
    """Every service name (and each part of a name like "Hospital / paediatrics"), every alias, and every
    abbreviation in ``abbreviations.csv``, folded, with its kind: what extraction finds is never a name."""
    kinds: dict[str, str] = {}
    for service in taxonomy.services.values():
        for term in (service.name, *service.aliases, *service.name.split(" / ")):
            kinds.setdefault(fold(term.strip()), SERVICE)
    for row in read_taxonomy_csv("abbreviations.csv"):
        for term in row["abbreviation"].split("/"):  # "SW / ASW / SSW": one row, several abbreviations
            kinds.setdefault(fold(term.strip()), ABBREVIATION)
    kinds.pop("", None)
    return kinds


def keep_list_for(lexicon: str | Path | Iterable[str | Path] | None = None) -> KeepList:
    """The keep-list: the taxonomy's terms (with a council ``lexicon`` overlay applied, as extraction
    applies it) plus ``keep_terms_not_in_taxonomy.csv``. Cached per overlay."""
    paths = () if lexicon is None else (str(lexicon),) if isinstance(lexicon, (str, Path)) else tuple(map(str, lexicon))
    return _keep_list(paths)


@lru_cache(maxsize=8)
def _keep_list(paths: tuple[str, ...]) -> KeepList:
    kinds = taxonomy_keep_terms(load_taxonomy(extra=list(paths) or None))
    for row in _read_csv(KEEP_TERMS_FILE):
        term = fold((row.get("term") or "").strip())
        if term:
            kinds.setdefault(term, row.get("kind") or "")
    return KeepList(kinds)


#: The keep-list the running redactor uses. The keep words are read deep inside Presidio recognizers
#: (whose ``analyze`` signature is Presidio's) and by the span functions in ``resolve``; a context variable
#: gives each Redactor its own list, a council overlay included, without a parameter through every call.
_ACTIVE_KEEP_LIST: ContextVar[KeepList | None] = ContextVar("casenotes_keep_list", default=None)


@contextmanager
def keep_list_in_use(keep: KeepList) -> Iterator[KeepList]:
    """Make ``keep`` the keep-list that ``keep_words()``, ``keep_intervals()`` and the recognizers read."""
    token = _ACTIVE_KEEP_LIST.set(keep)
    try:
        yield keep
    finally:
        _ACTIVE_KEEP_LIST.reset(token)


def active_keep_list() -> KeepList:
    """The keep-list in use: a redactor's own while it works, else the bundled one."""
    return _ACTIVE_KEEP_LIST.get() or _keep_list(())


def keep_terms() -> frozenset[str]:
    """Folded words and phrases that are never personal data (role words, agencies, abbreviations)."""
    return active_keep_list().terms


def keep_words() -> frozenset[str]:
    """Single words drawn from the keep terms, for trimming the edges of name spans."""
    return active_keep_list().words


def keep_pattern() -> "re.Pattern[str]":
    """All keep terms, longest first, as one case-insensitive whole-word pattern."""
    return active_keep_list().pattern


def _by_first_character(terms: list[str]) -> str:
    """The terms as one alternation, grouped by first character, each group keeping the terms' order.

    Same matches as a flat "t1|t2|..." (only one group can match where a match starts, and within
    it the terms are tried in the same order), but the engine tries ~40 groups at a word start, not
    ~1,000 terms: this search ran over every note twice and was a tenth of redaction's own time.
    """
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(term[0], []).append(_escaped(term[1:]))
    return "|".join(_escaped(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())


def _escaped(term: str) -> str:
    """A term as a regex: literal characters, any run of whitespace where it has a space."""
    return re.escape(term).replace(r"\ ", r"\s+")


def keep_intervals(text: str) -> list[tuple[int, int]]:
    """Where keep terms ("Early Help", "CAMHS", "Mum") sit in a text, in a form that ignores accents."""
    return active_keep_list().intervals(text)


#: The keep-list kind of day and month words, which can also be names ("baby Sunday").
CALENDAR_KIND = "calendar"
#: After a day or month word, these make it a date ("Sunday 3rd", "Sunday morning"); not "Sunday (7 weeks)".
DATE_AFTER = re.compile(r"\s*,?\s*(?:\d(?!\d*\s*(?:weeks?|wks?|months?|mths?|years?|yrs?)\b)|(?i:morning|afternoon|evening|night|lunch|week|pm\b|am\b))")
