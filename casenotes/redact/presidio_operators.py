"""The casenotes replacements as presidio-anonymizer ``Operator``s, for Presidio's ``AnonymizerEngine``.

* Presidio's own ``replace`` writes a typed placeholder (``[NHS_NUMBER]``);
* ``keyed_pseudonym`` (:class:`KeyedPseudonym`): ``[NHS_NUMBER:3f2a9c1b0d4e]`` under the user's key;
* ``generalise_date`` (:class:`GeneraliseDate`): ``12/03/2024`` -> ``03/2024``;
* ``case_placeholder`` (:class:`CasePlaceholder`): one placeholder per person within a case, the case's state
  (a ``PersonIndex``) held in the operator's params, as Presidio's pseudonymisation sample holds its mapping.

Each calls the function in ``casenotes.redact.operators`` that the redactor calls, so the engine and the
redactor write the same text. Why the redactor does not go through the engine (the batch parent must not
import Presidio; the engine numbers people from the end of the text and drops what a span carries) is in
that module's docstring.

    >>> from presidio_anonymizer.entities import RecognizerResult
    >>> engine = anonymizer_engine()
    >>> results = [RecognizerResult("UK_NHS", 7, 17, 1.0)]
    >>> engine.anonymize("NHS no 9991234560.", results, operators_for(["UK_NHS"])).text
    'NHS no [NHS_NUMBER].'

Importing this module imports presidio-anonymizer, and with it presidio-analyzer and spaCy.
"""

from __future__ import annotations

from typing import Any, Iterable

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.operators import Operator, OperatorType

from casenotes.redact.entities import LINKABLE_IDENTIFIERS, PERSON
from casenotes.redact.operators import generalise_date, person_in_case, pseudonym_placeholder, typed_placeholder


class KeyedPseudonym(Operator):
    """``[NHS_NUMBER:3f2a9c1b0d4e]``: the typed placeholder with a keyed hash of the normalised identifier.

    params: ``key`` (bytes, from the user at run time; never printed); the engine adds ``entity_type``.
    """

    def operate(self, text: str = None, params: dict[str, Any] = None) -> str:
        return pseudonym_placeholder(params["entity_type"], text, params["key"])

    def validate(self, params: dict[str, Any] = None) -> None:
        key = (params or {}).get("key")
        if not isinstance(key, bytes) or not key:
            raise ValueError("keyed_pseudonym needs a non-empty bytes 'key'")  # the message never holds the key

    def operator_name(self) -> str:
        return "keyed_pseudonym"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class GeneraliseDate(Operator):
    """A full date to its month and year: ``12/03/2024`` -> ``03/2024``, ``3rd March 2024`` -> ``March 2024``;
    text that is no full date is left as it is."""

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
    """One placeholder per person within a case: ``[PERSON_1]`` for every written form of one person.

    params: ``index``, the case's ``casenotes.redact.resolve.PersonIndex`` (which name forms are which person;
    each call may extend it). Numbers are given in call order: see the module docstring.
    """

    def operate(self, text: str = None, params: dict[str, Any] = None) -> str:
        return f"[{person_in_case(params['index'], text)}]"

    def validate(self, params: dict[str, Any] = None) -> None:
        if (params or {}).get("index") is None:
            raise ValueError("case_placeholder needs the case's 'index' (a PersonIndex)")

    def operator_name(self) -> str:
        return "case_placeholder"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


#: The casenotes operators, for ``AnonymizerEngine.add_anonymizer``.
OPERATORS: tuple[type[Operator], ...] = (KeyedPseudonym, GeneraliseDate, CasePlaceholder)


def anonymizer_engine() -> AnonymizerEngine:
    """A Presidio ``AnonymizerEngine`` that knows the casenotes operators."""
    engine = AnonymizerEngine()
    for operator in OPERATORS:
        engine.add_anonymizer(operator)
    return engine


def operators_for(entities: Iterable[str], hmac_key: bytes | None = None, index=None) -> dict[str, OperatorConfig]:
    """``operators=`` for ``AnonymizerEngine.anonymize``: the redactor's replacement for each entity type
    (people numbered through ``index`` when given, else ``[PERSON]``)."""
    configs: dict[str, OperatorConfig] = {}
    for entity in entities:
        if entity == PERSON and index is not None:
            configs[entity] = OperatorConfig("case_placeholder", {"index": index})
        elif hmac_key is not None and entity in LINKABLE_IDENTIFIERS:
            configs[entity] = OperatorConfig("keyed_pseudonym", {"key": hmac_key})
        else:
            configs[entity] = OperatorConfig("replace", {"new_value": typed_placeholder(entity)})
    return configs
