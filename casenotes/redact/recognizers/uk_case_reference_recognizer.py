"""Council case-management reference recognizer (entity ``CASE_REFERENCE``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._base import CuedPatternRecognizer, alternation, cs
from ._reference_rules import looks_like_reference

# Systems and labels that introduce a child/case identifier in LA notes.
_SYSTEMS = alternation(
    ["mosaic", "lcs", "liquidlogic", "eclipse", "carefirst", "care first", "frameworki",
     "azeus", "ics", "eha", "early help", "ehm", "liberi", "synergy", "capita", "yjs", "yot", "childview",
     "home office", "ho", "ukvi", "port", "nrm", "brp", "yj", "yjs number", "yj id", "court", "court case", "family court", "fgmpo", "epo", "ico",
     # hospital and health record numbers: "hospital no. RTC4471093", "MRN 7710293"
     "hospital", "hosp", "mrn"]
)
_LABELS = alternation(
    ["case", "child", "child's", "person", "client", "family", "cin", "cp", "cla", "lac", "referral",
     "contact", "assessment", "plan"]
)
_ID_WORD = r"(?:id|no\.?|num(?:ber)?|refs?\.?|reference|#)"
# "ref no" alone, but not "crime ref" / "police ref" (those are police references).
_BARE_REF = (
    r"(?<!(?:crime|police|incident|occurrence|cad|log)\s)\bref(?:erence)?\.?(?:\s+no\.?|\s+number)?"
)
_CUE = (
    rf"(?:\b{_SYSTEMS}(?:\s+{_ID_WORD})?|\b{_LABELS}\s+{_ID_WORD}(?:\s+no\.?|\s+number)?|{_BARE_REF})"
)
_GLUE = r"\s*(?:[:#=\-–]|is)?\s*"
# Digits, or letter/digit codes joined by / or - ("CR/2024/00123", "2023-00456").
# Letter groups may come first and more than once: "PP/TH/25/0412", "YJ-KT-20931", "LK24-00617".
_CODE = (r"(?:(?:[A-Z]{1,4}[/\-]){0,3}\d[\dA-Z]*(?:[/\-][\dA-Z]+){0,4}|[A-Z]{1,3}\d{5,10}[A-Z]?"
         r"|[A-Z]{1,4}\d{2}[/\-]\d{3,8}|[A-Z]{1,4}(?:[/\-][A-Z]{1,4}){1,2}[/\-]\d{3,8})")
# "Mosaic 2200451 / 2200452", "refs 123456, 123457": the second of a pair is a reference too
_CODES = rf"{_CODE}(?:\s*(?:,|/|&|and)\s*{_CODE})*"
# Standalone structured references: 2-4 letters / year / serial, or a system prefix.
_STRUCTURED = r"\b[A-Z]{2,4}/(?:19|20)\d{2}/\d{3,8}\b"
# Not followed by more digit groups: "Mosaic 07700 900123" is a phone number.
_CUED = rf"{_CUE}{_GLUE}(?P<value>\b{_CODES}\b)(?![ \-]?\d{{3}})"
_PREFIXED = r"\b(?:CIN|CP|CLA|LAC|EH|EHM|MASH|CR)-(?:\d{2}-)?\d{4,10}\b"
# Codes that are identifiers by their shape alone, capitals and digits (Home Office and BRP numbers "K5120039",
# "ZU4418290", force and court numbers "24MIS011872", "01JM2260904"), never a word, a postcode or a phone number.
_SHAPED = cs(r"\b(?:[A-Z]{1,2}\d{7,9}(?:/\d{2})?|\d{2}[A-Z]{2,3}\d{6,8})\b")
# An agency's own prefix, a 2-digit year and a serial, the prefix part of the reference: "MFH 25/121556",
# "SYP 25/2109/FGM", "NB-25-077120"; a 4-digit serial only with letters after it (not "ICPC 03/2025", a month).
_AGENCY_YEAR_SERIAL = cs(r"\b[A-Z]{2,5}[ \-/]\d{2}[/\-](?:\d{5,8}|\d{4}/[A-Z]{1,4})\b")
# A prefix joined to a long serial by a hyphen: "LL-2211908", "YJ-0041297".
_LETTERS_DASH_SERIAL = cs(r"\b[A-Z]{2,4}-\d{6,10}\b")
# A long number alone in brackets, the way a reference is put after the event it numbers: "reported by mum
# (5224048320)". Phone numbers start with 0 and are the phone recognizer's.
_BRACKETED_NUMBER = r"\(\s*(?P<value>[1-9]\d{7,11})\s*\)"
# Family court case numbers: court code, 2-digit year, case-type letter, serial ("MA24F00217", "LS25C01234").
_COURT_CASE = r"\b[A-Z]{2}\d{2}[A-Z]\d{5}\b"


class CasenotesUkCaseReferenceRecognizer(CuedPatternRecognizer):
    """Recognize council case-management references (child, case and referral IDs).

    Format: there is no national format. LAs write a system or label cue
    ("Mosaic ID", "LCS no.", "Liquidlogic", "case ref:", "ref no", "Child ID:")
    followed by the system's ID: digits (usually 5-8) or a structured code with
    / or - ("CR/2024/00123", "2023-00456"). The span is the code only.

    Reference: LA case-management systems (Mosaic, LCS/Liquidlogic, Eclipse,
    CareFirst) and the DfE children in need census guide ("LA child ID").

    A cued code must have >= 5 digits, or letters/separators and >= 3 digits; dates
    and phone numbers after a cue are dropped. Without a cue only obvious
    structured references match ("CR/2024/00123" at 0.4, "CIN-123456" at 0.6).
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern("Case reference cued (strong)", _CUED, 0.8),
        Pattern("Case reference prefixed (medium)", _PREFIXED, 0.6),
        Pattern("Case reference structured (weak)", _STRUCTURED, 0.4),
        Pattern("Family court case number (medium)", _COURT_CASE, 0.6),
        Pattern("Reference shaped (medium)", _SHAPED, 0.5),
        Pattern("Agency prefix, year and serial (medium)", _AGENCY_YEAR_SERIAL, 0.6),
        Pattern("Prefix and long serial (medium)", _LETTERS_DASH_SERIAL, 0.5),
        Pattern("Long number in brackets (medium)", _BRACKETED_NUMBER, 0.5),
    ]

    # Presidio matches context as substrings of tokens: no short words like "id" ("said").
    CONTEXT = ["mosaic", "lcs", "liquidlogic", "case", "ref", "reference", "child"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "CASE_REFERENCE",
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
        """False for codes too short or shaped like dates/phones; None keeps the score."""
        return None if looks_like_reference(pattern_text) else False


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkCaseReferenceRecognizer = CasenotesUkCaseReferenceRecognizer
