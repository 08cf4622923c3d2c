"""Name and keep-list lexicons shipped as data files in ``casenotes/redact/data``.

Lexicons are loaded once per process and folded to lower case without accents, so that
"przemysław", "Przemyslaw" and "PRZEMYSLAW" meet the same entry.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from wordfreq import zipf_frequency

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

    def is_name(self, token: str) -> bool:
        key = fold(token)
        return key in self.given or key in self.surnames

    def is_unambiguous_name(self, token: str) -> bool:
        key = fold(token)
        return (key in self.given or key in self.surnames) and key not in self.ambiguous

    def variants_of(self, given_name: str) -> frozenset[str]:
        """Nicknames and full forms linked to a given name, both directions."""
        return self.nicknames.get(fold(given_name), frozenset())


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    given: set[str] = set()
    surnames: set[str] = set()
    ambiguous: set[str] = set()
    for filename, target in (("first_names.csv", given), ("surnames.csv", surnames)):
        for row in _read_csv(filename):
            key = fold((row.get("name") or "").strip())
            if not key:
                continue
            target.add(key)
            if (row.get("ambiguous") or "0").strip() == "1":
                ambiguous.add(key)
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
    )


@lru_cache(maxsize=1)
def keep_terms() -> frozenset[str]:
    """Folded words and phrases that are never personal data (role words, agencies, abbreviations)."""
    terms = {fold(row["term"].strip()) for row in _read_csv("keep_terms.csv") if row.get("term")}
    return frozenset(term for term in terms if term)


@lru_cache(maxsize=1)
def keep_words() -> frozenset[str]:
    """Single words drawn from the keep terms, for trimming the edges of name spans."""
    words: set[str] = set()
    for term in keep_terms():
        if " " not in term:
            words.add(term)
    return frozenset(words)


@lru_cache(maxsize=1)
def keep_pattern() -> "re.Pattern[str]":
    """All keep terms, longest first, as one case-insensitive whole-word pattern."""
    terms = sorted(keep_terms(), key=len, reverse=True)
    # plurals and possessives of a keep term are kept too: "PPNs", "SWs", "Mum's"
    return re.compile(r"(?<!\w)(?:" + _by_first_character(terms) + r")(?:['’]?s)?(?!\w)", re.IGNORECASE)


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
    return [match.span() for match in keep_pattern().finditer(text)]
