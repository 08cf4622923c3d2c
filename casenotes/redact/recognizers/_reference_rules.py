"""Checks shared by the case-reference and police-reference recognizers."""

from __future__ import annotations

import regex as re

from .uk_phone_recognizer import is_plausible_uk_phone

# Things that look like codes after a cue but are not references.
_DATE = re.compile(r"^\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?$")


def looks_like_reference(value: str, min_digits: int = 5) -> bool:
    """True for codes with >= ``min_digits`` digits, or structured (letters/separators + digits).

    Dates ("12/03/24") and phone numbers are never references.
    """
    if _DATE.match(value) or is_plausible_uk_phone(value):
        return False
    digits = sum(c.isdigit() for c in value)
    if digits >= min_digits:
        return True
    structured = any(c in "/-" for c in value) or any(c.isalpha() for c in value)
    return structured and digits >= 3
