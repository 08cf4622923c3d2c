"""The identifier types casenotes redacts: one source for entity names and placeholders.

Entity names follow Presidio's convention (``UK_<THING>`` for UK formats). The placeholder is
what replaces the identifier in ``redacted_text``; people get numbered placeholders
(``[PERSON_1]``) or role placeholders (``[MOTHER]``) and are handled by the name resolver.
"""

from __future__ import annotations

PERSON = "PERSON"

#: entity -> placeholder text (without brackets). Order is documentation order.
PLACEHOLDERS: dict[str, str] = {
    PERSON: "PERSON",
    "UK_NHS": "NHS_NUMBER",
    "UK_NINO": "NI_NUMBER",
    "UK_UPN": "UPN",
    "UK_ULN": "ULN",
    "UK_POSTCODE": "POSTCODE",
    "UK_PHONE": "PHONE",
    "UK_ADDRESS": "ADDRESS",
    "UK_DRIVING_LICENCE": "DRIVING_LICENCE",
    "UK_PASSPORT": "PASSPORT",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "CASE_REFERENCE": "CASE_REF",
    "POLICE_REFERENCE": "POLICE_REF",
    "EMAIL_ADDRESS": "EMAIL",
    "SOCIAL_HANDLE": "SOCIAL_HANDLE",
    "URL": "URL",
    "IP_ADDRESS": "IP_ADDRESS",
    "SCHOOL": "SCHOOL",
    "NURSERY": "NURSERY",
    "GP_SURGERY": "GP_SURGERY",
    "HOSPITAL": "HOSPITAL",
    "LOCATION": "LOCATION",
}

#: Identifiers that point at one person on their own (the redaction recall target of 0.99).
DIRECT_IDENTIFIERS: frozenset[str] = frozenset(
    {
        PERSON, "UK_NHS", "UK_NINO", "UK_UPN", "UK_ULN", "UK_POSTCODE", "UK_PHONE", "UK_ADDRESS",
        "UK_DRIVING_LICENCE", "UK_PASSPORT", "DATE_OF_BIRTH", "CASE_REFERENCE", "POLICE_REFERENCE",
        "EMAIL_ADDRESS", "SOCIAL_HANDLE",
    }
)

#: Identifiers worth linking across datasets with a keyed hash (``--hmac-key-env``).
LINKABLE_IDENTIFIERS: frozenset[str] = frozenset(
    {"UK_NHS", "UK_NINO", "UK_UPN", "UK_ULN", "CASE_REFERENCE", "POLICE_REFERENCE"}
)

#: Roles a people table may give, in the order the placeholder names use.
ROLES: tuple[str, ...] = (
    "child", "mother", "father", "carer", "sibling", "grandparent", "partner", "professional", "other",
)

ENTITIES: tuple[str, ...] = tuple(PLACEHOLDERS)
