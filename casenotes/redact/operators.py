"""Replacement operators: typed placeholders, keyed-hash pseudonyms, and date generalisation."""

from __future__ import annotations

import hashlib
import hmac
import re

from dateutil import parser as date_parser

from casenotes.redact.entities import LINKABLE_IDENTIFIERS, PLACEHOLDERS

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


def placeholder(entity_type: str, value: str, person: str | None, hmac_key: bytes | None) -> str:
    if person is not None:
        return f"[{person}]"
    label = PLACEHOLDERS.get(entity_type, entity_type)
    if hmac_key is not None and entity_type in LINKABLE_IDENTIFIERS:
        return f"[{label}:{keyed_pseudonym(entity_type, value, hmac_key)}]"
    return f"[{label}]"


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
