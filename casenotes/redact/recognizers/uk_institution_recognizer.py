"""Named schools, nurseries, GP surgeries and hospitals (SCHOOL, NURSERY, GP_SURGERY, HOSPITAL)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ._base import CuedPatternRecognizer, alternation, cs

#: Type words that end an institution name, per entity (written Title Case).
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "SCHOOL": (
        "Primary School", "Primary Academy", "Primary", "Junior School", "Infant School",
        "Infants School", "Infants' School", "Junior and Infant School", "Academy",
        "High School", "Secondary School", "Grammar School", "Free School", "School",
        "College", "Sixth Form College", "Sixth Form", "Pupil Referral Unit", "PRU",
    ),
    "NURSERY": (
        "Nursery", "Day Nursery", "Nursery School", "Pre-School", "Preschool", "Pre School",
        "Children's Centre", "Childrens Centre", "Playgroup",
    ),
    "GP_SURGERY": (
        "Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Family Practice",
        "Group Practice",
    ),
    "HOSPITAL": (
        "Hospital", "General Hospital", "Infirmary", "Royal Infirmary", "NHS Trust",
        "NHS Foundation Trust", "Hospitals NHS Trust", "Hospitals NHS Foundation Trust",
    ),
}
#: Lower-case type words accepted after a single lower-case name ("oakwood primary").
#: Only the distinctive ones: "x school", "x nursery", "x surgery" are usually generic.
LOWERCASE_TYPES: dict[str, tuple[str, ...]] = {
    "SCHOOL": ("primary", "primary school", "academy", "junior school", "infant school",
               "infants school", "high school"),
    "GP_SURGERY": ("medical centre", "health centre"),
}

# A name word: Capitalised, initials/acronyms (CE, RC, C of E), St./Saint, possessive, hyphens.
# A full stop only after "St" or an initial: "ABH. School" is a sentence end, not a name.
_NAME_WORD = cs(r"[A-Z](?:[a-z]+|[A-Z]{1,3})?(?:['’]s?)?(?:-[A-Z]?[a-z]+)*(?:(?<=\bSt|\b[A-Z])\.)?")
# No "and"/"&": "Oakwood Primary and Park Lane Surgery" is two institutions.
_CONNECTOR = cs(r"(?:of|upon|on|the|in|de|la|le)")
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_WORD}){{0,5}}"
_LOWER_NAME = r"(?:(?:st\.?|saint)\s+)?[a-z][a-z'’\-]+"


def _entity_groups(types: dict[str, tuple[str, ...]], case_sensitive: bool) -> str:
    """One named group per entity so the match tells which entity it is."""
    groups = []
    for entity, words in types.items():
        words_regex = alternation(words)
        groups.append(f"(?P<{entity}>{cs(words_regex) if case_sensitive else words_regex})")
    return "(?:" + "|".join(groups) + ")"


# Capitalised words that start a sentence or a role, not the institution's name.
_LEADING_NON_NAMES = frozenset(
    """the a an at to from in on of and her his their my your this that attends attended
    attending visited mum dad she he they we i head headteacher teacher deputy manager
    senco dsl nurse doctor dr mr mrs ms miss year today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december previous former current""".split()
)
# Words that describe a kind of institution rather than name one: a name made only of
# these ("Special School", "the Virtual School", "GP Surgery", "Children's Hospital")
# is generic and kept.
_GENERIC_WORDS = frozenset(
    """special virtual primary secondary high junior infant infants nursery day sixth form
    pupil referral new local community family early grammar free independent private state
    catholic church ce rc c e england of the and gp dental general district children's
    childrens children university teaching nhs mainstream boarding alternative hospital
    medical health mental psychiatric maternity st st. saint our her his their my your this
    that a an same other next nearest main city county
    left started starting start finished finishing joined joining leaving leave went going
    go attend attends attending attended in at from to into after before during since year
    football dance drama sports sport police stage theatre music boxing rugby cricket
    tennis swimming gymnastics nearby each which what whose any every one both""".split()
)


class CasenotesUkInstitutionRecognizer(CuedPatternRecognizer):
    """Recognize named schools, nurseries, GP surgeries and hospitals.

    Format: 1-6 name words + a type word. Name words are capitalised and may be
    "St"/"St."/"Saint", "Our Lady", "Holy", "C of E", "CE", "RC", "Church of England",
    possessives ("St Mary's") and hyphenated words, joined by of/upon/on/the. The type
    word decides the entity:
      - SCHOOL: Primary (School/Academy), Junior/Infant School, Academy, High/Secondary/
        Grammar School, School, College, Sixth Form, Pupil Referral Unit, PRU;
      - NURSERY: Nursery, Day Nursery, Pre-School, Preschool, Children's Centre, Playgroup;
      - GP_SURGERY: Surgery, Medical/Health Centre, Medical/Family/Group Practice;
      - HOSPITAL: (General) Hospital, (Royal) Infirmary, ... NHS (Foundation) Trust.
    Lower-case names are accepted for the distinctive types only ("oakwood primary",
    "at kingsmead academy", "st marys primary"), at a lower score.

    Reference: DfE "Get Information about Schools" establishment names; NHS ODS
    organisation names (GP practices, NHS trusts).

    Generic phrases are kept: a name made only of generic words ("Special School",
    "the Virtual School" - a service, "GP Surgery", "Children's Hospital") is
    dropped, and leading sentence/role words ("At", "Head of") are trimmed off.
    """

    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern(
            "Institution capitalised (medium)",
            rf"\b{_NAME}\s+{_entity_groups(TYPE_WORDS, case_sensitive=True)}\b",
            0.6,
        ),
        Pattern(
            "Institution lower-case (weak)",
            rf"\b{_LOWER_NAME}\s+{_entity_groups(LOWERCASE_TYPES, case_sensitive=False)}\b",
            0.45,
        ),
    ]

    CONTEXT = ["school", "attends", "pupil", "nursery", "gp", "surgery", "hospital", "admitted"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entities: list[str] | None = None,
        name: str | None = None,
    ):
        entities = supported_entities if supported_entities else list(TYPE_WORDS)
        super().__init__(
            supported_entity=entities[0],
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )
        self.supported_entities = entities

    def entity_for(self, match: re.Match) -> str:
        """The entity whose type-word group matched."""
        return next(entity for entity in TYPE_WORDS if match.groupdict().get(entity))

    def adjust_span(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim leading sentence/role words; drop names made only of generic words."""
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text[start:end])]
        while words and _is_leading_non_name(words):
            words.pop(0)
        name_words = [w for _, w in words[:-1]]
        if not words or not _has_distinctive_word(name_words):
            return None
        return start + words[0][0], end


def _is_leading_non_name(words: list[tuple[int, str]]) -> bool:
    """True for a sentence/role word at the front ("At", "Head", "of"); "Our Lady" stays."""
    word = words[0][1].lower()
    if word == "our" and len(words) > 1 and words[1][1] == "Lady":
        return False
    return word in _LEADING_NON_NAMES


def _has_distinctive_word(name_words: list[str]) -> bool:
    """A real name has at least one word that is not generic ("Oakwood", "Mary's")."""
    return any(w.lower().strip(".,") not in _GENERIC_WORDS for w in name_words)


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkInstitutionRecognizer = CasenotesUkInstitutionRecognizer
