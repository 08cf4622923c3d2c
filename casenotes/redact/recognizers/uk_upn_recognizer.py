"""Unique Pupil Number recognizer (entity ``UK_UPN``)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

#: The 23 check characters; I, O and S are never used. Index = value.
CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
_LETTER = f"[{CHECK_ALPHABET}]"


def upn_check_letter(body: str) -> str | None:
    """Check letter for the 12 characters after it, or None if ``body`` is malformed.

    Characters 2..13 are weighted 2..13; a temporary UPN's final letter counts as
    its index in ``CHECK_ALPHABET``. The sum mod 23 indexes ``CHECK_ALPHABET``.
    """
    if len(body) != 12 or not body[:11].isdigit():
        return None
    last = body[11]
    if last.isdigit():
        last_value = int(last)
    elif last in CHECK_ALPHABET:
        last_value = CHECK_ALPHABET.index(last)
    else:
        return None
    values = [int(c) for c in body[:11]] + [last_value]
    total = sum(value * weight for value, weight in zip(values, range(2, 14)))
    return CHECK_ALPHABET[total % 23]


class CasenotesUkUpnRecognizer(PatternRecognizer):
    """Recognize English Unique Pupil Numbers (UPNs), 13 characters.

    Format: ``CLLLEEEEYYSSS`` (permanent) or ``CLLLEEEEYYSSA`` (temporary)
      - Position 1: check letter (below).
      - Positions 2-4: local authority number of the issuing school.
      - Positions 5-8: DfE establishment number.
      - Positions 9-10: last two digits of the issuing academic year.
      - Positions 11-13: serial number; a temporary UPN ends in 2 digits + a letter.
    Check letter: multiply characters 2..13 by weights 2..13 (a temporary UPN's final
    letter takes its value 0-22 in the check alphabet A..Z without I, O, S), sum, take
    mod 23 and map 0->A ... 22->Z in that same alphabet.

    Reference: DfE "Unique pupil numbers (UPN)" guidance, and the UK Government Data
    Standards Catalogue, "Unique Pupil Number" v2.0, validations 1-6
    (http://www.govtalk.gov.uk/gdsc/html/noframes/UniquePupilNumber-2-0-Release.htm).

    A correct check letter sets the score to 1.0; a wrong one drops the match, so
    random 13-character codes survive only 1 time in 23.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("UPN (medium)", rf"\b{_LETTER}\d{{12}}\b", 0.5),
        Pattern("UPN temporary (medium)", rf"\b{_LETTER}\d{{11}}{_LETTER}\b", 0.5),
    ]

    CONTEXT = ["upn", "unique pupil number", "pupil number", "pupil"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_UPN",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """True when the first character is the correct check letter."""
        text = pattern_text.upper()
        return upn_check_letter(text[1:]) == text[0]


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkUpnRecognizer = CasenotesUkUpnRecognizer
