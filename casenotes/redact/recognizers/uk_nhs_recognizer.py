"""NHS number recognizer tuned for case notes (entity ``UK_NHS``)."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, Pattern
from presidio_analyzer.predefined_recognizers import NhsRecognizer


class CasenotesUkNhsRecognizer(NhsRecognizer):
    """Recognize NHS numbers: 10 digits, the last a modulus-11 check digit.

    Format: ``NNN NNN NNNC``, written "999 123 4567", "9991234567" or "999-123-4567".
      - Digits 1-9: identifier (999 is the range reserved for tests and training).
      - Digit 10: check digit. Multiply digits 1-9 by 10, 9 ... 2, sum, take the
        remainder mod 11; check = 11 - remainder (11 -> 0; 10 -> number never issued).

    Reference: NHS Data Dictionary, "NHS Number"
    (https://www.datadictionary.nhs.uk/attributes/nhs_number.html).

    Differences from Presidio's ``NhsRecognizer`` (whose mod-11 check is reused):
      - both separators must be the same ("999 123-4567" is more likely two numbers);
      - no match inside a longer run of digit groups (card numbers, phone numbers);
      - all-identical digits ("1111111111" passes mod 11) are invalidated;
      - case-note context words ("nhs no", "nhs number", "nhs#").
    A valid check digit sets the score to 1.0; an invalid one drops the match.
    """

    PATTERNS = [
        Pattern(
            "NHS (medium)",
            r"(?<!\d[ -]?)\b\d{3}(?P<sep>[- ]?)\d{3}(?P=sep)\d{4}\b(?![ -]?\d)",
            0.5,
        ),
        # the same ten digits however they are spaced or punctuated: "999.123.4012", "999/123/4012",
        # "999  123   4012", "999 1234 012", digit by digit, or across a line break; only a valid check
        # digit keeps a match, so a loose shape costs no precision
        Pattern(
            "NHS any separators (weak)",
            r"(?<![\d.\/-])(?<!\d\s)\d(?:(?:[ \t]{1,3}|\r?\n|[./-])?\d){9}(?!\s?[\d])(?![./-]\d)",
            0.3,
        ),
    ]

    #: Every separator the loose pattern allows is dropped before the check digit is tested.
    REPLACEMENT_PAIRS = [("-", ""), (" ", ""), (".", ""), ("/", ""), ("\t", ""), ("\r", ""), ("\n", "")]

    CONTEXT = [
        "nhs",
        "nhs no",
        "nhs number",
        "nhs#",
        "national health service",
        "health authority",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_NHS",
        replacement_pairs: list[tuple[str, str]] | None = None,
        name: str | None = None,
    ):
        super().__init__(
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            replacement_pairs=replacement_pairs if replacement_pairs else self.REPLACEMENT_PAIRS,
            name=name,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject placeholder-looking numbers such as 0000000000 that pass mod 11."""
        digits = EntityRecognizer.sanitize_value(pattern_text, self.replacement_pairs)
        return len(set(digits)) == 1


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkNhsRecognizer = CasenotesUkNhsRecognizer
