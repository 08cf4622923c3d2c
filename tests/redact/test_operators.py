"""Replacement operators: keyed-hash pseudonyms and date generalisation."""

from __future__ import annotations

import pytest

from casenotes.redact.operators import find_full_dates, generalise_date, keyed_pseudonym, placeholder


def test_keyed_pseudonym_links_forms_of_the_same_number():
    key = b"council-secret"
    assert keyed_pseudonym("UK_NHS", "999 123 4560", key) == keyed_pseudonym("UK_NHS", "9991234560", key)
    assert keyed_pseudonym("UK_NHS", "9991234560", key) != keyed_pseudonym("UK_NHS", "9991234560", b"other")


def test_placeholder_uses_hash_only_for_linkable_identifiers():
    assert placeholder("UK_NHS", "9991234560", None, b"k").startswith("[NHS_NUMBER:")
    assert "9991234560" not in placeholder("UK_NHS", "9991234560", None, b"k")
    assert placeholder("UK_PHONE", "07700900123", None, b"k") == "[PHONE]"
    assert placeholder("PERSON", "Jade", "CHILD_1", b"k") == "[CHILD_1]"


# fmt: off
@pytest.mark.parametrize("value, expected", [
    ("12/03/2024",       "03/2024"),
    ("1.2.24",           "02/2024"),
    ("3rd March 2024",   "March 2024"),
    ("March 3, 2024",    "March 2024"),
    ("31/02/2024",       None),
])
# fmt: on
def test_generalise_date(value, expected):
    assert generalise_date(value) == expected


def test_find_full_dates_ignores_partial_dates():
    text = "Seen 12/03/2024 and again in March, due 3rd April 2024."
    assert [general for _, _, general in find_full_dates(text)] == ["03/2024", "April 2024"]


# -- the Presidio operators --------------------------------------------------------------------------
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult  # noqa: E402

from casenotes.redact.entities import ENTITIES  # noqa: E402
from casenotes.redact.operators import replacement  # noqa: E402
from casenotes.redact.presidio_operators import anonymizer_engine, operators_for  # noqa: E402
from casenotes.redact.resolve import PersonIndex  # noqa: E402

VALUES = {"UK_NHS": "999 123 4560", "UK_NINO": "QQ123456C", "UK_PHONE": "07700 900123", "CASE_REFERENCE": "CR/2024/00123"}


@pytest.mark.parametrize("key", [None, b"council-secret"])
def test_presidios_engine_with_the_casenotes_operators_writes_what_the_redactor_writes(key):
    """The operators and the redactor share one implementation: same text for every entity, keyed or not."""
    engine = anonymizer_engine()
    for entity in ENTITIES:
        value = VALUES.get(entity, "Oakwood")
        text = f"Seen: {value}."
        out = engine.anonymize(text, [RecognizerResult(entity, 6, 6 + len(value), 1.0)], operators_for([entity], key))
        assert out.text == f"Seen: {replacement(entity, value, None, key)}.", entity


def test_generalise_date_operator_in_the_engine():
    text = "Seen 12/03/2024 and 3rd April 2024."
    results = [RecognizerResult("DATE", start, end, 1.0) for start, end, _ in find_full_dates(text)]
    out = anonymizer_engine().anonymize(text, results, {"DATE": OperatorConfig("generalise_date")})
    assert out.text == "Seen 03/2024 and April 2024."


def test_case_placeholder_keeps_one_placeholder_per_person_in_reading_order():
    index = PersonIndex()
    surfaces = ["Jade Smith", "Kacper", "Jade", "JS", "Smith"]
    assert [replacement("PERSON", s, index=index) for s in surfaces] == \
        ["[PERSON_1]", "[PERSON_2]", "[PERSON_1]", "[PERSON_1]", "[PERSON_1]"]
    assert replacement("PERSON", "Jade", person="CHILD_1", index=index) == "[CHILD_1]"  # a people-table match


def test_the_engine_numbers_people_from_the_end_which_is_why_the_redactor_calls_in_reading_order():
    """The reason in casenotes.redact.operators' docstring, checked: Presidio's engine operates from the end back."""
    text = "Jade met Kacper."
    results = [RecognizerResult("PERSON", 0, 4, 1.0), RecognizerResult("PERSON", 9, 15, 1.0)]
    out = anonymizer_engine().anonymize(text, results, operators_for(["PERSON"], index=PersonIndex()))
    assert out.text == "[PERSON_2] met [PERSON_1]."
    index = PersonIndex()
    assert [replacement("PERSON", text[r.start:r.end], index=index) for r in results] == ["[PERSON_1]", "[PERSON_2]"]


def test_keyed_pseudonym_operator_refuses_a_key_that_is_not_bytes_without_showing_it():
    engine = anonymizer_engine()
    with pytest.raises(ValueError, match="bytes 'key'") as caught:
        engine.anonymize("NHS 9991234560", [RecognizerResult("UK_NHS", 4, 14, 1.0)],
                         {"UK_NHS": OperatorConfig("keyed_pseudonym", {"key": "secret-as-text"})})
    assert "secret-as-text" not in str(caught.value)
