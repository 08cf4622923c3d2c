"""Replacement operators: presidio-anonymizer ``Operator``s for every placeholder the redactor writes.

Every replacement is made by a Presidio operator, looked up in Presidio's ``OperatorsFactory``:

* ``replace`` (Presidio's own): a typed placeholder, ``[NHS_NUMBER]``, ``[POSTCODE]``.
* ``keyed_pseudonym`` (:class:`KeyedPseudonym`): ``[NHS_NUMBER:3f2a...]``, a keyed hash of the normalised
  identifier, for the linkable identifiers when the user gives a key (``--hmac-key-env``).
* ``generalise_date`` (:class:`GeneraliseDate`): ``12/03/2024`` -> ``03/2024`` (``--dates month``).
* ``case_placeholder`` (:class:`CasePlaceholder`): ``[PERSON_1]``, ``[CHILD]``: one placeholder per person
  within a case. The operator holds the case's state the way Presidio's own pseudonymisation sample keeps its
  entity mapping: in its params (``index``, the case's ``PersonIndex``).

:func:`anonymizer_engine` registers the casenotes operators on a Presidio ``AnonymizerEngine`` for anyone who
wants them with Presidio's own analyzer results.

Why the redactor calls these operators itself, in reading order, and not through
``AnonymizerEngine.anonymize``: the case numbering cannot be a plain operator call made by the engine.

1. People are numbered as a reader meets them (the first person named in a case is [PERSON_1]); the engine
   calls operators from the end of the text back to its start, so it would number the last-named person 1.
2. The engine hands an operator only the entity type and the matched text; a people-table match ("Jade" is
   the [CHILD]) and a name joined from two findings carry their placeholder on the span, which the engine
   drops (it copies each result down to start, end, type and score).
3. The engine settles overlaps again and joins same-type neighbours separated by a space
   ("[PERSON_1] [PERSON_2]" would become one placeholder); the resolver has already settled the spans.

So the redactor walks its final spans in order and gives each its operator and params (:func:`operator_for`);
the output is the same as before the operators existed.

This module imports presidio-anonymizer, which imports presidio-analyzer (and spaCy); the redactor imports it
only where notes are finalised.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING, Any

from dateutil import parser as date_parser
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.operators import Operator, OperatorsFactory, OperatorType

from casenotes.redact.entities import LINKABLE_IDENTIFIERS, PERSON, PLACEHOLDERS

if TYPE_CHECKING:
    from casenotes.redact.resolve import PersonIndex

PSEUDONYM_HEX_CHARS = 12
FULL_DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{2,4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b",
    re.IGNORECASE,
)
REPLACE = "replace"  # Presidio's own operator


def normalise_identifier(value: str) -> str:
    """The form two datasets would agree on: no spaces, dashes or dots, upper case."""
    return re.sub(r"[\s./-]", "", value).upper()


def keyed_pseudonym(entity_type: str, value: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised identifier, so the same NHS number links across datasets.

    The key comes from the user at run time and is never written anywhere.
    """
    message = f"{entity_type}:{normalise_identifier(value)}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_CHARS]


def generalise_date(value: str) -> str | None:
    """'12/03/2024' -> '03/2024'; '3rd March 2024' -> 'March 2024'. None when it is no full date."""
    try:
        parsed = date_parser.parse(value, dayfirst=True, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if value[:1].isdigit() and re.match(r"^\d{1,2}[/.-]", value):
        return f"{parsed.month:02d}/{parsed.year}"
    return parsed.strftime("%B %Y")


def find_full_dates(text: str) -> list[tuple[int, int, str]]:
    """Full dates (day, month and year) with their generalised form."""
    found = []
    for match in FULL_DATE.finditer(text):
        general = generalise_date(match.group())
        if general is not None:
            found.append((match.start(), match.end(), general))
    return found


# -- Presidio operators ----------------------------------------------------------------------------
class KeyedPseudonym(Operator):
    """``[NHS_NUMBER:3f2a9c...]``: the typed placeholder with a keyed hash of the normalised identifier.

    params: ``key`` (bytes, from the user at run time), ``entity_type`` (the engine adds it).
    """

    def operate(self, text: str = None, params: dict[str, Any] = None) -> str:
        entity_type = params["entity_type"]
        return f"[{PLACEHOLDERS.get(entity_type, entity_type)}:{keyed_pseudonym(entity_type, text, params['key'])}]"

    def validate(self, params: dict[str, Any] = None) -> None:
        if not isinstance((params or {}).get("key"), bytes) or not params["key"]:
            raise ValueError("keyed_pseudonym needs a non-empty bytes 'key'")  # never the key itself

    def operator_name(self) -> str:
        return "keyed_pseudonym"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class GeneraliseDate(Operator):
    """A full date to its month and year: ``12/03/2024`` -> ``03/2024``, ``3rd March 2024`` -> ``March 2024``."""

    def operate(self, text: str = None, params: dict[str, Any] = None) -> str:
        general = generalise_date(text)
        return text if general is None else general

    def validate(self, params: dict[str, Any] = None) -> None:
        pass

    def operator_name(self) -> str:
        return "generalise_date"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class CasePlaceholder(Operator):
    """One placeholder per person within a case: ``[PERSON_1]``, or the people table's ``[CHILD]``.

    params: ``person``, the placeholder the span already carries (a people-table match), else None; ``index``,
    the case's ``PersonIndex`` (the state: which name forms are which person), which this call may extend.
    Call it in reading order (see the module docstring).
    """

    def operate(self, text: str = None, params: dict[str, Any] = None) -> str:
        person = params.get("person")
        if person is None:
            person = person_in_case(params["index"], text)
        return f"[{person}]"

    def validate(self, params: dict[str, Any] = None) -> None:
        if (params or {}).get("person") is None and (params or {}).get("index") is None:
            raise ValueError("case_placeholder needs the case's 'index' or the span's 'person'")

    def operator_name(self) -> str:
        return "case_placeholder"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


#: The casenotes operators, for ``AnonymizerEngine.add_anonymizer``.
OPERATORS: tuple[type[Operator], ...] = (KeyedPseudonym, GeneraliseDate, CasePlaceholder)


def person_in_case(index: PersonIndex, surface: str) -> str:
    """The placeholder key of the person written ``surface`` in this case: initials ("JS") of someone already
    named, else the person whose name forms match, else the next number."""
    from casenotes.redact.resolve import name_parts

    parts = name_parts(surface)
    person = None
    if len(parts) <= 1 and surface.replace(".", "").replace(" ", "").isupper():
        person = index.placeholder_for_initials(surface)
    return person or index.placeholder_for(parts or [surface.lower()])


def _factory() -> OperatorsFactory:
    factory = OperatorsFactory()
    for operator in OPERATORS:
        factory.add_anonymize_operator(operator)
    return factory


_FACTORY = _factory()
_INSTANCES: dict[str, Operator] = {}


def operator_for(entity_type: str, person: str | None = None, hmac_key: bytes | None = None,
                 index: PersonIndex | None = None) -> tuple[str, dict[str, Any]]:
    """The operator name and params for one span: a person (with the case's ``index``, or a people-table
    ``person``) gets ``case_placeholder``; a linkable identifier with a key ``keyed_pseudonym``; the rest
    Presidio's ``replace`` with the typed placeholder."""
    if person is not None or (entity_type == PERSON and index is not None):
        return CasePlaceholder().operator_name(), {"person": person, "index": index}
    if hmac_key is not None and entity_type in LINKABLE_IDENTIFIERS:
        return KeyedPseudonym().operator_name(), {"key": hmac_key}
    return REPLACE, {"new_value": f"[{PLACEHOLDERS.get(entity_type, entity_type)}]"}


def operate(operator_name: str, entity_type: str, text: str, params: dict[str, Any]) -> str:
    """Run one operator on one span's text, as Presidio's engine does (params plus ``entity_type``, validated)."""
    operator = _INSTANCES.get(operator_name)
    if operator is None:
        operator = _INSTANCES[operator_name] = _FACTORY.create_operator_class(operator_name, OperatorType.Anonymize)
    params = {**params, "entity_type": entity_type}
    operator.validate(params=params)
    return operator.operate(text=text, params=params)


def placeholder(entity_type: str, value: str, person: str | None, hmac_key: bytes | None) -> str:
    """What replaces one identifier: ``[NHS_NUMBER]``, ``[NHS_NUMBER:<keyed hash>]`` or the person's ``[CHILD_1]``."""
    name, params = operator_for(entity_type, person, hmac_key)
    return operate(name, entity_type, value, params)


def anonymizer_engine() -> AnonymizerEngine:
    """A Presidio ``AnonymizerEngine`` that knows the casenotes operators (for Presidio's own analyzer results)."""
    engine = AnonymizerEngine()
    for operator in OPERATORS:
        engine.add_anonymizer(operator)
    return engine
