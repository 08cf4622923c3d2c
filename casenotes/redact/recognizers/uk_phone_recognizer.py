"""UK telephone number recognizer (entity ``UK_PHONE``)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

_SEP = r"[ \-]?"
_GROUPS = rf"\d{{3,6}}(?:{_SEP}\d{{3,4}})?"
# National: leading 0 (area code optionally in brackets), then one or two groups.
_NATIONAL = rf"(?:\(0\d{{2,5}}\)|0\d{{2,5}}){_SEP}{_GROUPS}"
# International: +44 / 0044, optional "(0)", then the number without its 0.
_INTERNATIONAL = rf"(?:\+|00)44\s?(?:\(0\)\s?)?\d{{2,5}}{_SEP}{_GROUPS}"
# Another country's number, as families abroad and interpreters give them: "+234 803 555 0172", "+48 601 555 318".
_FOREIGN = r"\+(?!44)[1-9]\d{0,2}(?:[ \-]?\d{1,5}){2,5}"
# Not inside a longer number, an e-mail/URL path or a decimal.
_BEFORE = r"(?<![\w+.\/])"
_AFTER = r"(?![\w\/]|[.,]\d)"

# National-format prefixes in use: 01, 02, 03, 05, 07, 08, 09 (04 and 06 are unused).
_VALID_PREFIX = re.compile(r"0[1235789]")
# Ten-digit numbers are only 01 area codes written 01xxx xxxxx / 016977 xxxx, or 05/08.
_TEN_DIGIT_FORMS = re.compile(r"^(?:\(?01\d{3}\)?[ \-]?\d{5}|\(?01\d{4}\)?[ \-]?\d{4}|0[58].*)$")


def national_digits(text: str) -> str:
    """Digits of a UK number in national form: "+44 (0)7700 900123" -> "07700900123"."""
    text = text.replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+44"):
        return "0" + digits[2:]
    if digits.startswith("0044"):
        return "0" + digits[4:]
    return digits


#: ITU-T E.164: a country code and subscriber number of at most 15 digits; shorter than 8 is no phone number.
FOREIGN_DIGITS = range(8, 16)


def is_plausible_uk_phone(text: str) -> bool:
    """True when ``text`` normalises to a UK number of a valid prefix and length (or, written with a "+" and
    another country code, has an E.164 length: a parent's number abroad identifies them as well)."""
    if text.lstrip().startswith("+") and not text.lstrip().startswith("+44"):
        return len(re.sub(r"\D", "", text)) in FOREIGN_DIGITS
    digits = national_digits(text)
    if not _VALID_PREFIX.match(digits):
        return False
    if len(digits) == 11:
        return True
    return len(digits) == 10 and bool(_TEN_DIGIT_FORMS.match(text.strip()))


class CasenotesUkPhoneRecognizer(PatternRecognizer):
    """Recognize UK phone numbers in the forms staff write them.

    Format: a national number is a 0 followed by a 9- or 10-digit national
    significant number (NSN), so 11 digits ("07700 900123", "020 7946 0000",
    "0113 496 0000", "01632 960000", "0800 123 4567"); some 01xxx areas (written
    "01xxx xxxxx") and 05/08 freephone numbers have 10. International form replaces
    the 0 with +44 or 0044, sometimes keeping "(0)": "+44 (0)7700 900123".
    Prefixes 04 and 06 are unused.

    Reference: Ofcom National Telephone Numbering Plan; test values from Ofcom's
    drama ranges (07700 900xxx, 0113 496 0xxx, 020 7946 0xxx, 01632 960xxx).

    The regex is deliberately loose about grouping (spaces, hyphens, brackets);
    ``validate_result`` decides by digit count after normalising, so NHS numbers
    (no leading 0), dates (slashes) and money (no leading 0) never pass. Score 0.6
    without context: an 11-digit 0-number is rarely anything else in a case note.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("UK phone international (medium)", rf"{_BEFORE}{_INTERNATIONAL}{_AFTER}", 0.6),
        Pattern("UK phone national (medium)", rf"{_BEFORE}{_NATIONAL}{_AFTER}", 0.6),
        Pattern("Phone other country (medium)", rf"{_BEFORE}{_FOREIGN}{_AFTER}", 0.6),
    ]

    CONTEXT = [
        "phone", "telephone", "tel", "mobile", "mob", "number", "call", "called", "rang", "text", "texted", "contact", "landline", "whatsapp",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_PHONE",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """None (keep score) for a plausible UK number, False to drop the match."""
        return None if is_plausible_uk_phone(pattern_text) else False


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkPhoneRecognizer = CasenotesUkPhoneRecognizer
