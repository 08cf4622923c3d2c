"""What replaces each identifier: typed placeholders, keyed-hash pseudonyms, month-and-year dates and one
placeholder per person within a case.

:func:`replacement` is the one place that decides a replacement. The presidio-anonymizer ``Operator``s in
``casenotes.redact.presidio_operators`` (``keyed_pseudonym``, ``generalise_date``, ``case_placeholder``, with
Presidio's own ``replace`` for typed placeholders) call these same functions, so Presidio's
``AnonymizerEngine`` and the redactor write the same text (a test holds them to it). The redactor calls
:func:`replacement` directly, for two reasons:

1. The batch runner's parent process finalises placeholders and must not import spaCy or PyTorch (~430 MB,
   ~5 s, ``tests/test_batch.py``); importing presidio-anonymizer imports presidio-analyzer, spaCy and
   PyTorch (through its AHDS operator), so this module imports no Presidio at all.
2. The case numbering cannot be a plain operator call made by the engine: people are numbered as a reader
   meets them ([PERSON_1] is the first person named in a case), but ``AnonymizerEngine`` calls operators
   from the end of the text back to its start; it hands an operator only the entity type and the matched
   text, dropping the placeholder a people-table match or a joined name carries on its span; and it
   re-resolves spans (joining same-type neighbours separated by a space) the resolver has already settled.
   ``CasePlaceholder`` holds the case state in its params (as Presidio's pseudonymisation sample does) and
   is right when called in reading order, as the redactor does.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING

from dateutil import parser as date_parser

from casenotes.redact.entities import LINKABLE_IDENTIFIERS, PERSON, PLACEHOLDERS

if TYPE_CHECKING:
    from casenotes.redact.resolve import PersonIndex

PSEUDONYM_HEX_CHARS = 12
FULL_DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{2,4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b",
    re.IGNORECASE,
)


def normalise_identifier(value: str) -> str:
    """The form two datasets would agree on: no spaces, dashes or dots, upper case."""
    return re.sub(r"[\s./-]", "", value).upper()


def keyed_pseudonym(entity_type: str, value: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised identifier, so the same NHS number links across datasets.

    The key comes from the user at run time and is never written anywhere.
    """
    message = f"{entity_type}:{normalise_identifier(value)}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_CHARS]


def generalise_date(value: str) -> str | None:
    """'12/03/2024' -> '03/2024'; '3rd March 2024' -> 'March 2024'. None when it is no full date."""
    try:
        parsed = date_parser.parse(value, dayfirst=True, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if value[:1].isdigit() and re.match(r"^\d{1,2}[/.-]", value):
        return f"{parsed.month:02d}/{parsed.year}"
    return parsed.strftime("%B %Y")


def find_full_dates(text: str) -> list[tuple[int, int, str]]:
    """Full dates (day, month and year) with their generalised form."""
    found = []
    for match in FULL_DATE.finditer(text):
        general = generalise_date(match.group())
        if general is not None:
            found.append((match.start(), match.end(), general))
    return found


def typed_placeholder(entity_type: str) -> str:
    """``[NHS_NUMBER]``: the entity's placeholder word (its own name for an entity casenotes does not know)."""
    return f"[{PLACEHOLDERS.get(entity_type, entity_type)}]"


def pseudonym_placeholder(entity_type: str, value: str, key: bytes) -> str:
    """``[NHS_NUMBER:3f2a9c1b0d4e]``: the typed placeholder with a keyed hash of the normalised value."""
    return f"[{PLACEHOLDERS.get(entity_type, entity_type)}:{keyed_pseudonym(entity_type, value, key)}]"


def person_in_case(index: PersonIndex, surface: str) -> str:
    """The placeholder key of the person written ``surface`` in this case: initials ("JS") of someone already
    named, else the person whose name forms match, else the next number. Call in reading order."""
    from casenotes.redact.resolve import name_parts

    parts = name_parts(surface)
    person = None
    if len(parts) <= 1 and surface.replace(".", "").replace(" ", "").isupper():
        person = index.placeholder_for_initials(surface)
    return person or index.placeholder_for(parts or [surface.lower()])


def replacement(entity_type: str, surface: str, person: str | None = None, hmac_key: bytes | None = None,
                index: PersonIndex | None = None) -> str:
    """What replaces one span: the person's placeholder (the span's own ``person``, a people-table match, or
    the case ``index``'s), a keyed pseudonym for a linkable identifier when there is a key, else the typed
    placeholder."""
    if person is not None:
        return f"[{person}]"
    if entity_type == PERSON and index is not None:
        return f"[{person_in_case(index, surface)}]"
    if hmac_key is not None and entity_type in LINKABLE_IDENTIFIERS:
        return pseudonym_placeholder(entity_type, surface, hmac_key)
    return typed_placeholder(entity_type)


def placeholder(entity_type: str, value: str, person: str | None, hmac_key: bytes | None) -> str:
    """What replaces one identifier: ``[NHS_NUMBER]``, ``[NHS_NUMBER:<keyed hash>]`` or the person's ``[CHILD_1]``."""
    return replacement(entity_type, value, person, hmac_key)
