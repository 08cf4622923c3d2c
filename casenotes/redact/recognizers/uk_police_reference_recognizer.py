"""Police reference recognizer: crime, incident, CAD, log and URN numbers (``POLICE_REFERENCE``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._base import CuedPatternRecognizer, alternation, cs
from ._reference_rules import looks_like_reference

_NUMBER_WORD = r"(?:\s+(?:no\.?|num(?:ber)?|ref(?:erence)?\.?|id|#))?"
# Cues that are followed by a reference with >= 5 digits or a structured code.
_CUES = alternation(
    ["crime", "crime reference", "crime ref", "crime no", "crime number", "crn", "police ref",
     "police reference", "police log", "occurrence", "occurrence number", "incident",
     "incident log", "urn", "pnd", "pnc", "storm", "niche", "athena", "cris", "occ", "occurrence nos",
     "occurrence numbers", "custody", "custody record", "missing person", "misper", "mfh", "intel", "intelligence",
     "crime refs", "crime nos", "crime numbers", "ppn",
     # force systems and missing-person, custody and prison numbers as they are pasted into notes
     "merlin", "log", "police log", "storm log", "mfh ref", "missing ref", "misper ref", "custody no",
     "prison", "prison no", "cad"]
)
_GLUE = r"\s*(?:[:#=\-–]|is)?\s*"
# 42/123456/24, 1234567/24, 24000123456, 01AB2345678, 12/345678A, 0123 150324
_CODE = (
    r"(?:\d{1,4}/\d{3,8}(?:/\d{2,4})?(?:/?[A-Z]{1,3})?"
    r"|\d{1,4}/[A-Z]{1,3}/\d{3,8}/\d{2,4}"
    r"|[A-Z]{1,4}[-/]\d{2,4}[-/]\d{4,10}"
    r"|\d{3,4}\s\d{6}"
    r"|\d{2}[A-Z]{1,3}\d{4,10}"
    r"|[A-Z]{1,3}\d{5,12}"
    r"|[A-Z]\d{4}[A-Z]{2}"  # prison numbers: "A1234BC"
    r"|\d{5,14}(?:/\d{2,4})?"
    # any run of letter and digit groups joined by - / or * ("46-MP-25-4417", "MP/DBY/24/01143", "NC-20250316-0398",
    # "240311-0457"): the validator keeps those with >= 5 digits, or letters or separators and >= 3 digits
    r"|[A-Z0-9]{1,12}(?:[-/*][A-Z0-9]{1,12}){1,4})"
)
# CAD (command and control) numbers are short: "CAD 1234 12/03/24" -> "1234".
# "CAD 9012/05MAR", "CAD 7712/24APR25", "CAD 1187-08/03": the day written onto the number is part of it.
_CAD_DAY = r"(?:[/-]\d{1,2}(?:[A-Z]{3}(?:\d{2})?|/\d{1,2}(?:/\d{2,4})?))"
_CAD = r"\bcad" + _NUMBER_WORD + _GLUE + r"(?P<value>\d{2,6}" + _CAD_DAY + r"?)\b(?![/-]\w)"
# "log 123 of 12/03" -> "123 of 12/03" (log number plus the day it was opened).
_LOG_VALUE = r"(?P<value>\d{1,6}\s+of\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b"
_LOG = r"\b(?:police\s+)?log" + _NUMBER_WORD + _GLUE + _LOG_VALUE
# A log or incident number written short (four to six digits, as control rooms number the day's calls):
# "STORM log 0619 17/06/24", "(101, log 1187)", "Incident 2207 / 21-06-2025". Not a time nor the start of a date.
_SHORT_LOG = (r"\b(?:(?:police|storm)\s+)?log" + _NUMBER_WORD + _GLUE + r"(?P<value>\d{4,6})\b(?![/.:\-]\d)")
_SHORT_INCIDENT = (r"\bincident" + _NUMBER_WORD + _GLUE + r"(?P<value>\d{4,6})\b(?![/.:\-]\d)"
                   r"(?=\s*(?:/|of)?\s*\d{1,2}[/.\-]\d{1,2})")
# Standalone force crime-number shape: 2-digit force / serial / 2-digit year.
_STANDALONE = r"\b\d{2}/\d{5,7}/\d{2}\b"


_CODES = rf"{_CODE}(?:\s*(?:,|/|&|and)\s*{_CODE})*"  # "occurrence nos: 24/118233/X, 24/131907/X"
_CUED = rf"\b{_CUES}{_NUMBER_WORD}{_GLUE}(?P<value>\b{_CODES}\b)(?![ \-]?\d{{3}})"
# Missing-person and custody references carry their own prefix: "MFH-24-001234", "NY-SC-25-01234".
_PREFIXED = r"\b(?:MFH|MISPER|MP|CUST|[A-Z]{2}-[A-Z]{2})-\d{2}-\d{4,8}\b"
# Missing-person numbers without a cue: "24-MP-1187", "46-MP-25-4417", "MFH/24/01187", "MP/DBY/24/01143".
_MISSING_PERSON = cs(r"\b(?:\d{2}-MP-(?:\d{2}-)?\d{3,8}|(?:MFH|MP|MISPER)/(?:[A-Z]{2,4}/)?\d{2}/\d{3,8})\b")


class CasenotesUkPoliceReferenceRecognizer(CuedPatternRecognizer):
    """Recognize police references written after a cue.

    Format: forces use different systems (Niche, Athena, STORM, CRIS), so the cue
    decides, and the reference follows it:
      - crime numbers "crime ref 42/123456/24", "CRN 1234567/24";
      - occurrence/incident numbers "occurrence number 24000123456",
        "incident no. 0123 150324" (serial + ddmmyy);
      - CAD numbers "CAD 1234 12/03/24" (span = "1234", the date is not part of it);
      - log numbers "log 123 of 12/03" (span = "123 of 12/03");
      - CPS/court URNs "URN 01AB2345678" (force code, station letters, serial);
      - PNC/PND IDs "PNC 12/345678A".
    The span is the reference only, never the cue.

    Reference: Home Office Counting Rules for recorded crime (crime numbers), the
    CPS/HMCTS case URN (force code + station code + serial + year), force practice.

    Cued codes need >= 5 digits or a structured shape (letters, / or -) and >= 3
    digits, except CAD and log numbers, which are short by design. Dates, phone
    numbers and ages after a cue are dropped. Without a cue only the crime-number
    shape "42/123456/24" matches, at 0.35.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("Police reference cued (strong)", _CUED, 0.8),
        Pattern("Police CAD number cued (strong)", _CAD, 0.8),
        Pattern("Police log number cued (strong)", _LOG, 0.8),
        Pattern("Police crime number standalone (weak)", _STANDALONE, 0.35),
        Pattern("Missing-person or custody reference prefixed (medium)", _PREFIXED, 0.6),
        Pattern("Police log number short (strong)", _SHORT_LOG, 0.8),
        Pattern("Police incident number short (medium)", _SHORT_INCIDENT, 0.6),
        Pattern("Missing-person number shaped (medium)", _MISSING_PERSON, 0.6),
    ]

    # Presidio matches context as substrings of tokens: no "log"/"urn" ("psychologist", "return").
    CONTEXT = ["police", "crime", "incident", "occurrence", "cad", "officer"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "POLICE_REFERENCE",
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
        """None keeps the score; False drops dates, phones and too-short codes.

        Short all-digit values only come from the CAD pattern and "N of dd/mm" only
        from the log pattern: both are short by design and only match after their cue.
        """
        is_log = " of " in pattern_text
        is_cad = pattern_text.isdigit() and len(pattern_text) <= 6
        if is_log or is_cad:
            return None
        return None if looks_like_reference(pattern_text) else False


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkPoliceReferenceRecognizer = CasenotesUkPoliceReferenceRecognizer
