"""UK postcode recognizer tuned for case notes (entity ``UK_POSTCODE``)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

# Outward code: the six formats A9, A99, A9A, AA9, AA99, AA9A with Royal Mail's
# per-position letter rules (no Q/V/X first, no I/J/Z second, restricted 3rd/4th).
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]?"
    r"|[A-PR-UWYZ][0-9]{2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{2})"
)
# Inward code: digit + two letters, never C, I, K, M, O or V.
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"


class CasenotesUkPostcodeRecognizer(PatternRecognizer):
    """Recognize full UK postcodes ("SW1A 1AA", "m1 1ae", "LS115AB").

    Format: outward code (area letters + district, 2-4 characters) + inward code
    (sector digit + two unit letters), e.g. ``LS11 5AB``; plus the special ``GIR 0AA``.
    Letter rules per position follow Royal Mail's Programmers' Guide / BS 7666.

    Reference: https://en.wikipedia.org/wiki/Postcodes_in_the_United_Kingdom#Formatting

    Differences from Presidio's ``UkPostcodeRecognizer`` (score 0.1, needs context):
    case notes write postcodes lower-case and without the space, and the full
    format is distinctive enough to stand alone, so spaced postcodes score 0.5 and
    unspaced ones 0.4. Outward codes alone ("LS11") are not matched: a district is
    not personal data on its own.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("UK postcode (medium)", rf"\b(?:GIR 0AA|{_OUTWARD} {_INWARD})\b", 0.5),
        Pattern("UK postcode no space (weak)", rf"\b(?:GIR0AA|{_OUTWARD}{_INWARD})\b", 0.4),
        # "LS11-5AB", "LS11  5AB", "LS11. 5AB": the full shape is still distinctive with another separator
        Pattern("UK postcode other separator (weak)", rf"\b{_OUTWARD}(?:[-.]\s?|\s{{2,3}}|\s?[-.])\s?{_INWARD}\b", 0.4),
    ]

    CONTEXT = ["postcode", "post code", "address", "lives", "living", "moved", "resides"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_POSTCODE",
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
UkPostcodeRecognizer = CasenotesUkPostcodeRecognizer
