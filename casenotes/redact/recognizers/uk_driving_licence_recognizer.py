"""DVLA driving licence number recognizer (entity ``UK_DRIVING_LICENCE``)."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import (
    UkDrivingLicenceRecognizer as PresidioUkDrivingLicenceRecognizer,
)

# Same position rules as Presidio's pattern (see the class docstring), split in
# the three blocks printed on the card so "MORGA 753116 SM9IJ" is found too.
_SURNAME = r"[A-Z9]{5}"
_DOB = r"[0-9](?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]"
_TAIL = r"[A-Z9]{2}[A-Z0-9][A-Z]{2}"


class CasenotesUkDrivingLicenceRecognizer(PresidioUkDrivingLicenceRecognizer):
    """Recognize UK (GB) driving licence numbers, 16 characters.

    Format: ``SSSSS DMMDDY IIXCC`` (e.g. MORGA753116SM9IJ)
      - Positions 1-5: first five letters of the surname, padded with 9s.
      - Position 6: decade digit of the year of birth.
      - Positions 7-8: month of birth (51-62 for women).
      - Positions 9-10: day of birth.
      - Position 11: last digit of the year of birth.
      - Positions 12-13: first two initials (9 if none).
      - Position 14: arbitrary digit (usually 9).
      - Positions 15-16: computer check characters.

    Reference: https://en.wikipedia.org/wiki/Driving_licence_in_the_United_Kingdom

    Reuses Presidio's regex and ``validate_result`` (None = plausible, False =
    surname block not letters-then-9s) and adds the spaced form printed on cards.
    The DVLA check characters are not public, so a match is never "validated".
    """

    PATTERNS = [
        *PresidioUkDrivingLicenceRecognizer.PATTERNS,
        Pattern(
            "UK Driving Licence spaced (medium)",
            rf"\b{_SURNAME} {_DOB} {_TAIL}\b",
            0.5,
        ),
    ]

    CONTEXT = [
        *PresidioUkDrivingLicenceRecognizer.CONTEXT,
        "licence",
        "license",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_DRIVING_LICENCE",
        name: str | None = None,
    ):
        super().__init__(
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=name,
        )


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkDrivingLicenceRecognizer = CasenotesUkDrivingLicenceRecognizer
