"""Date-of-birth recognizer: dates introduced by a DOB cue (entity ``DATE_OF_BIRTH``)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ._base import CuedPatternRecognizer

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|\d{2})"
# 03/04/2015, 3.4.15, 3-4-2015 (same separator twice); 2015-04-03, 2015/04/03, 2015.04.03 (year first, as systems
# abroad and some records write it).
# After a birth cue a form's boxes may be written with spaces: "23 08 2010", "2010 08 23" (four-digit year only).
_NUMERIC = (r"\d{1,2}(?P<sep>[/.\-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})(?!\d)"
            r"|(?<![\d/.\-])\d{4}(?P<ysep>[/.\-])\d{1,2}(?P=ysep)\d{1,2}(?![\d/.\-]?\d)"
            r"|(?<![\d/.\-])(?:\d{1,2}[ ]\d{1,2}[ ]\d{4}|\d{4}[ ]\d{2}[ ]\d{2})(?![\d/.:\-]?\d)")
# 3rd March 2015, 3 Mar 15, 3rd of March, 2015; 17-Feb-2010, 17/Feb/10 (a month name between hyphens or slashes)
_DAY_MONTH = (rf"\d{{1,2}}{_ORDINAL}(?:\s+of)?\s+{_MONTHS},?\s+{_YEAR}\b"
              rf"|\d{{1,2}}(?P<msep>[\-/]){_MONTHS}(?P=msep){_YEAR}\b")
# March 3 2015, March 3rd, 2015
_MONTH_DAY = rf"{_MONTHS}\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}\b"
_DATE = rf"(?:{_NUMERIC}|{_DAY_MONTH}|{_MONTH_DAY})"

# DOB, D.O.B., dob:, DoB -, date of birth, born (on), b.
_CUE = r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth|\bborn(?:\s+on)?|\bb\.)"
_GLUE = r"\s*(?:[:\-–=]|is|was)?\s*"

# Age-assessment wording between the cue and the date: "DOB given as", "DOB recorded", "DOBs both",
# "DOB (accepted at age assessment)", "HO DOB (disputed):", "DOB as accepted by HO"; a form's "DOB: given as" and
# "DOB: claimed" put the label's colon before the qualifier.
_QUALIFIER = (r"(?:s?(?:\s*\([^()\n]{1,40}\))?(?:\s+(?:given|gives|gave|recorded|accepted|assessed|claimed|stated|disputed"
              r"|agreed|both|as|by|at|the|ho|home\s+office|la|police|set|he|she|they|now|changed|amended|corrected|to|on"
              r"|file|record|per|his|her|their|own))*(?:\s*\([^()\n]{1,40}\))?)")
# A date in brackets straight after a full name is the person's date of birth: "Oliwia Nowak (04.07.2009)",
# "Ruby-Mae Brennan (03/01/2019), Alfie Brennan (27/06/2022)".
_AFTER_FULL_NAME = r"(?-i:[A-Z][\w'’\-]+\s+[A-Z][\w'’\-]+)\s*\(\s*"
# A date followed by its cue and a source in brackets: "01/01/1992 (DOB as recorded by HO)" (a bare "(DOB)" is not
# enough: it also labels a column of dates).
_CUE_AFTER = (r"\s*\(\s*(?:d\.?\s?o\.?\s?b\b|date\s+of\s+birth)"
              r"\s+(?:as|given|recorded|accepted|claimed|stated|per|according)\b")

_NUMERIC_PARTS = re.compile(r"^(\d{1,2})[/. \-](\d{1,2})[/. \-]\d{2,4}$")
_ISO_PARTS = re.compile(r"^\d{4}[/. \-](\d{1,2})[/. \-](\d{1,2})$")


class CasenotesUkDateOfBirthRecognizer(CuedPatternRecognizer):
    """Recognize dates of birth: a date written straight after a birth cue.

    Format: cue + optional ":"/"-"/"is" + date. Cues: "DOB", "D.O.B", "dob:",
    "date of birth", "born", "born on", "b.". Dates: dd/mm/yyyy, dd.mm.yy, d-m-yyyy,
    yyyy-mm-dd, "3rd March 2015", "3 Mar 15", "March 3 2015" (UK day-first order).

    Reference: GOV.UK style guide A to Z, "Dates", for the written forms; the cues are
    those used in LA case-recording templates.

    Plain dates without a cue are not dates of birth (visit dates are handled
    elsewhere), so the cue is part of the regex; the reported span is the date only
    (the ``value`` group). Impossible numeric dates (month 13, day 32) are dropped.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("DOB cued (strong)", rf"{_CUE}{_GLUE}(?P<value>{_DATE})", 0.85),
        Pattern("DOB cued with qualifier (strong)",
                rf"(?:{_CUE}|\bdobs\b)(?:\s*[:\-–])?{_QUALIFIER}{_GLUE}(?P<value>{_DATE})", 0.85),
        Pattern("DOB cue after the date (strong)", rf"(?<![\w/.\-])(?P<value>{_DATE}){_CUE_AFTER}", 0.85),
        Pattern("Date in brackets after a full name (medium)", rf"{_AFTER_FULL_NAME}(?P<value>{_DATE})\s*\)", 0.6),
    ]

    CONTEXT = ["dob", "birth", "born", "birthday"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "DATE_OF_BIRTH",
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
        """False for numeric dates that cannot exist; None otherwise."""
        day_month = _day_month(pattern_text)
        if day_month is None:
            return None
        day, month = day_month
        return None if 1 <= day <= 31 and 1 <= month <= 12 else False


def _day_month(text: str) -> tuple[int, int] | None:
    """(day, month) of a numeric date, or None for dates written with a month name."""
    if match := _NUMERIC_PARTS.match(text):
        return int(match.group(1)), int(match.group(2))
    if match := _ISO_PARTS.match(text):
        return int(match.group(2)), int(match.group(1))
    return None


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkDateOfBirthRecognizer = CasenotesUkDateOfBirthRecognizer
