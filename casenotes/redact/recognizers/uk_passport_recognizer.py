"""UK passport number recognizer (entity ``UK_PASSPORT``)."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import (
    UkPassportRecognizer as PresidioUkPassportRecognizer,
)

from ._base import CuedPatternRecognizer

_NUMBER = r"(?:[A-Z]{2}\d{7}|\d{9})"
_CUE = r"\bpassport(?:\s+(?:no\.?|number|num|#))?\s*[:#.\-]?\s*(?:is\s+)?"


class CasenotesUkPassportRecognizer(CuedPatternRecognizer):
    """Recognize UK passport numbers.

    Format: nine characters. Passports issued before 2015 carry 9 digits
    (``123456789``); later ones 2 letters + 7 digits (``AB1234567``). There is no
    public check digit (the machine-readable zone's check digit is not written in notes).

    Reference: HM Passport Office via https://en.wikipedia.org/wiki/British_passport

    Nine digits alone are ambiguous (case IDs, bank references), so bare numbers
    score low (0.1 letters+digits, 0.05 digits only) and only reach a useful score
    with context: either written straight after "passport (no/number)" (pattern
    "cued", 0.85, span = the number) or boosted by Presidio's context enhancer.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("UK passport cued (strong)", rf"{_CUE}(?P<value>\b{_NUMBER}\b)", 0.85),
        *PresidioUkPassportRecognizer.PATTERNS,
        Pattern("UK passport 9 digits (very weak)", r"\b\d{9}\b", 0.05),
    ]

    CONTEXT = [*PresidioUkPassportRecognizer.CONTEXT]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_PASSPORT",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkPassportRecognizer = CasenotesUkPassportRecognizer
