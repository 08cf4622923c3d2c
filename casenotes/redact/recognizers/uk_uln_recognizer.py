"""Unique Learner Number recognizer (entity ``UK_ULN``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._base import CuedPatternRecognizer

_ULN = r"[1-9]\d{2}(?P<sep>[ ]?)\d{3}(?P=sep)\d{4}"
# A UK mobile written "+44 7700900123" is ten digits with a non-zero first digit.
_NOT_PHONE = r"(?<!(?:\+|00)44\s?(?:\(0\)\s?)?)"
_CUE = r"\b(?:uln|unique\s+learner\s+(?:number|no\.?))\s*[:#.\-]?\s*(?:is\s+)?"


def uln_check_digit(first_nine: str) -> int | None:
    """ESFA check digit for the first nine digits, or None if no ULN can end them."""
    total = sum(int(c) * weight for c, weight in zip(first_nine, range(10, 1, -1)))
    remainder = total % 11
    return None if remainder == 0 else 10 - remainder


class CasenotesUkUlnRecognizer(CuedPatternRecognizer):
    """Recognize Unique Learner Numbers (ULNs), issued by the Learning Records Service.

    Format: 10 digits, the first non-zero, the last a check digit: multiply digits
    1-9 by 10, 9 ... 2, sum, take the remainder mod 11; check digit = 10 - remainder;
    a remainder of 0 means the number is invalid.

    Reference: ESFA ILR validation rule ULN_04 and derived data DD01
    (https://guidance.submit-learner-data.service.gov.uk/24-25/validation-rules/rule/ULN_04).

    An NHS number can never pass this check: its check digit is 11 - remainder, one
    more than the ULN's for the same first nine digits, so each 10-digit number goes
    to at most one of ``UK_NHS`` and ``UK_ULN``.

    A passing check keeps the pattern score rather than jumping to 1.0: one in ten
    arbitrary 10-digit numbers passes, so bare numbers score 0.4 and need context
    ("uln", "unique learner number") to rise; written after the cue they score 0.85.
    """

    COUNTRY_CODE = "uk"

    CUED_PATTERN = "ULN cued (strong)"
    PATTERNS = [
        Pattern(CUED_PATTERN, rf"{_CUE}(?P<value>\b{_ULN}\b)", 0.85),
        Pattern("ULN (weak)", rf"{_NOT_PHONE}(?<!\d[ -]?)\b{_ULN}\b(?![ -]?\d)", 0.4),
    ]

    CONTEXT = ["uln", "unique learner number", "learner", "lrs", "learning records"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_ULN",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )

    #: A cued number whose check digit fails (a mistyped ULN is still the learner's): found, below a checked one.
    CUED_UNCHECKED_SCORE = 0.6

    def _result_for(self, text, match, pattern, flags):
        # Which pattern matched decides whether the check digit must hold (see ``validate_result``).
        self._cued = pattern.name == self.CUED_PATTERN
        return super()._result_for(text, match, pattern, flags)

    def validate_result(self, pattern_text: str) -> bool | None:
        """None (keep score) when the check digit is right, False to drop it otherwise. Ten digits written straight
        after "ULN" are the learner's number even when the check digit fails (3 training authors write "ULN" then a
        number no check digit fits): kept, at ``CUED_UNCHECKED_SCORE``; a bare number needs the check."""
        digits = pattern_text.replace(" ", "")
        self._unchecked = False
        if len(digits) != 10 or not digits.isdigit():
            return False
        if uln_check_digit(digits[:9]) == int(digits[9]):
            return None
        self._unchecked = getattr(self, "_cued", False)
        return None if self._unchecked else False

    def _score(self, value: str, validation: bool | None, pattern_score: float) -> float:
        score = super()._score(value, validation, pattern_score)
        return min(score, self.CUED_UNCHECKED_SCORE) if getattr(self, "_unchecked", False) else score


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkUlnRecognizer = CasenotesUkUlnRecognizer
