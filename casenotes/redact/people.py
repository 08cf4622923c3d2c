"""Known people: the names a council's case system already holds, redacted with role placeholders.

A people table has one row per person: ``case_id, name, role``. Within a case every written form
of a listed name (full name, first name alone, surname alone, middle names, nicknames, lower-case,
misspelt by one letter) becomes that person's role placeholder, so ``[MOTHER]`` and ``[CHILD_1]``
tell the extraction who a sentence is about.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from casenotes.redact.entities import ROLES
from casenotes.redact.lexicons import english_zipf, fold, name_lexicon

POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Roles that have one holder in most families, so their placeholder carries no number.
SINGLE_HOLDER_ROLES = frozenset({"mother", "father"})
ADULT_ROLES = ("mother", "father", "carer", "grandparent", "partner")
#: Misspellings are matched only on words this rare in English ("Jaydan" for "Jayden", not "seen").
FUZZY_MAX_ZIPF = 3.5
FUZZY_MIN_LENGTH = 4
#: Names at least this common as English words are matched lower-case only when capitalised.
ORDINARY_WORD_ZIPF = 4.5


def is_ordinary_word(key: str) -> bool:
    """A folded name that is also an everyday English word ("will", "grace", "mark")."""
    return english_zipf(key) >= ORDINARY_WORD_ZIPF


class PeopleTableError(ValueError):
    """A people table that cannot be used; the message names the row, never the name."""


@dataclass(frozen=True)
class KnownPerson:
    name: str
    role: str
    placeholder: str


@dataclass(frozen=True)
class KnownMention:
    start: int
    end: int
    placeholder: str


def load_people_table(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Read ``case_id,name,role`` rows, grouped by case, checking every row."""
    try:
        return _read_people_table(path)
    except UnicodeDecodeError as error:
        raise PeopleTableError(f"people table is not UTF-8 text (first bad byte at {error.start}); save it as UTF-8") from None


def _read_people_table(path: Path) -> dict[str, list[tuple[str, str]]]:
    people: dict[str, list[tuple[str, str]]] = {}
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"case_id", "name", "role"} - set(reader.fieldnames or [])
        if missing:
            raise PeopleTableError(f"people table has no column(s) {', '.join(sorted(missing))}")
        for row_number, row in enumerate(reader, start=2):
            case_id, name = (row["case_id"] or "").strip(), (row["name"] or "").strip()
            role = (row["role"] or "").strip().lower()
            if not case_id or not name:
                raise PeopleTableError(f"people table row {row_number}: case_id and name are required")
            if role not in ROLES:
                raise PeopleTableError(
                    f"people table row {row_number}: unknown role {role!r} (expected one of {', '.join(ROLES)})"
                )
            people.setdefault(case_id, []).append((name, role))
    return people


def given_name_first(name: str) -> str:
    """A table name in a case system's "SURNAME, Given Middle" order as "Given Middle SURNAME"; others unchanged."""
    surname, comma, given = name.partition(",")
    if not comma or "," in given or not surname.strip() or not given.strip():
        return name
    return f"{given.strip()} {surname.strip()}"


def assign_placeholders(entries: list[tuple[str, str]]) -> list[KnownPerson]:
    """``[CHILD_1]``, ``[CHILD_2]``, ``[MOTHER]``, ``[SIBLING_1]``... in table order."""
    totals = Counter(role for _, role in entries)
    seen: Counter[str] = Counter()
    persons = []
    for name, role in entries:
        seen[role] += 1
        label = role.upper()
        if role not in SINGLE_HOLDER_ROLES or totals[role] > 1:
            label = f"{label}_{seen[role]}"
        persons.append(KnownPerson(name=name, role=role, placeholder=label))
    return persons


class KnownPeople:
    """Finds every written form of a case's known people in a note."""

    def __init__(self, entries: list[tuple[str, str]]):
        self.persons = assign_placeholders(entries)
        self.variants: dict[str, str] = {}
        self.parts: dict[str, set[str]] = {}
        self.given: dict[str, str] = {}
        self._index()

    def _index(self) -> None:
        surnames: dict[str, list[KnownPerson]] = {}
        lexicon = name_lexicon()
        for person in self.persons:
            parts = [fold(part) for part in WORD.findall(given_name_first(person.name))]
            if not parts:
                continue
            given = parts[0]
            self.parts.setdefault(person.placeholder, set()).update(parts)
            self.given.setdefault(person.placeholder, given)
            forms = {given, *lexicon.variants_of(given), *parts[1:-1]}
            forms.update(piece for piece in given.split("-") if len(piece) >= 3)
            for form in forms:
                self.variants.setdefault(form, person.placeholder)
            if len(parts) > 1:
                surnames.setdefault(parts[-1], []).append(person)
        for surname, holders in surnames.items():
            # A shared family surname on its own most often means a parent ("Ms Smith").
            adults = [p for p in holders if p.role in ADULT_ROLES]
            self.variants.setdefault(surname, (adults or holders)[0].placeholder)

    def _lookup(self, word: str) -> str | None:
        key = fold(word)
        if key in self.variants:
            if not word[:1].isupper() and is_ordinary_word(key):
                return None  # "will" the verb is not Will the father
            return self.variants[key]
        if len(key) < FUZZY_MIN_LENGTH or english_zipf(key) >= FUZZY_MAX_ZIPF:
            return None
        for variant, placeholder in self.variants.items():
            if len(variant) >= FUZZY_MIN_LENGTH and Levenshtein.distance(key, variant, score_cutoff=1) <= 1:
                return placeholder
        return None

    def find(self, text: str) -> list[KnownMention]:
        mentions: list[KnownMention] = []
        for match in WORD.finditer(text):
            word, start = POSSESSIVE.sub("", match.group()), match.start()
            end = start + len(word)  # "Tiegan's" is Tiegan; the 's stays in the text
            previous = mentions[-1] if mentions else None
            gap = text[previous.end:start].strip() if previous is not None else None
            # "Okonkwo, Chidera" (a case system's order) is one mention: the given name after its own surname and a
            # comma
            follows = gap == "" or (gap == "," and fold(word) == self.given.get(previous.placeholder))
            if follows and fold(word) in self.parts[previous.placeholder]:
                placeholder = previous.placeholder  # "Jade Marie Smith": Smith is Jade's surname here
            else:
                placeholder = self._lookup(word)
            if placeholder is None:
                continue
            if follows and previous.placeholder == placeholder:
                mentions[-1] = KnownMention(previous.start, end, placeholder)
            else:
                mentions.append(KnownMention(start, end, placeholder))
        return mentions
