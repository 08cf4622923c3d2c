"""National Insurance number recognizer tuned for case notes (entity ``UK_NINO``)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

# HMRC never uses D, F, I, U or V as the first letter. Q is also never allocated,
# but "QQ" is HMRC's documented example prefix and our fictional data uses it:
# we accept it on purpose (over-redaction is the safe failure).
_FIRST = "[A-CEGHJ-TW-Z]"
# Second letter: additionally never O (Q again allowed on purpose).
_SECOND = "[A-CEGHJ-NP-TW-Z]"
# Prefixes that are never allocated (and ZZ, used for administrative placeholders).
_NEVER = "(?!BG|GB|NK|KN|TN|NT|ZZ)"


class CasenotesUkNinoRecognizer(PatternRecognizer):
    """Recognize UK National Insurance numbers (NINOs).

    Format: ``AB 12 34 56 C`` (spaces optional, any case).
      - Positions 1-2: prefix letters. First never D, F, I, U, V; second never
        D, F, I, O, U, V; prefixes BG, GB, KN, NK, NT, TN and ZZ never allocated.
      - Positions 3-8: six digits, often written in pairs.
      - Position 9: suffix A, B, C or D.

    Reference: HMRC National Insurance Manual NIM39110
    (https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110).

    Unlike Presidio's ``UkNinoRecognizer`` this accepts Q in the prefix, so the HMRC
    example prefix "QQ" (used for fictional data, and sometimes typed by staff) is
    redacted: over-redaction is safer than leaking a mistyped real number.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern(
            "NINO (medium)",
            rf"\b{_NEVER}{_FIRST}{_SECOND} ?\d{{2}} ?\d{{2}} ?\d{{2}} ?[A-D]\b",
            0.5,
        ),
    ]

    # Presidio matches context per token (substring), so "nino"/"insurance" do the work.
    CONTEXT = ["national insurance", "ni number", "ni no", "nino", "insurance"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "UK_NINO",
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
UkNinoRecognizer = CasenotesUkNinoRecognizer
