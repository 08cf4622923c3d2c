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

from casenotes.redact.operators import anonymizer_engine, operate, operator_for  # noqa: E402
from casenotes.redact.resolve import PersonIndex  # noqa: E402


def test_operator_for_picks_presidio_replace_or_a_casenotes_operator():
    index = PersonIndex()
    assert operator_for("UK_PHONE") == ("replace", {"new_value": "[PHONE]"})
    assert operator_for("UK_NHS", hmac_key=b"k") == ("keyed_pseudonym", {"key": b"k"})
    assert operator_for("UK_PHONE", hmac_key=b"k")[0] == "replace"  # a phone number is not linkable
    assert operator_for("PERSON", index=index) == ("case_placeholder", {"person": None, "index": index})
    assert operator_for("PERSON", person="MOTHER") == ("case_placeholder", {"person": "MOTHER", "index": None})


def test_case_placeholder_keeps_one_placeholder_per_person_in_reading_order():
    index = PersonIndex()
    surfaces = ["Jade Smith", "Kacper", "Jade", "JS", "Smith"]
    assert [operate(*operator_for("PERSON", index=index)[:1], "PERSON", s, operator_for("PERSON", index=index)[1])
            for s in surfaces] == ["[PERSON_1]", "[PERSON_2]", "[PERSON_1]", "[PERSON_1]", "[PERSON_1]"]


def test_casenotes_operators_work_in_presidios_anonymizer_engine():
    engine = anonymizer_engine()
    text = "NHS 9991234560 seen 12/03/2024."
    results = [RecognizerResult("UK_NHS", 4, 14, 1.0), RecognizerResult("DATE", 20, 30, 1.0)]
    out = engine.anonymize(text, results, {"UK_NHS": OperatorConfig("keyed_pseudonym", {"key": b"k"}),
                                           "DATE": OperatorConfig("generalise_date")})
    assert out.text == f"NHS {placeholder('UK_NHS', '9991234560', None, b'k')} seen 03/2024."


def test_the_engine_numbers_people_from_the_end_which_is_why_the_redactor_calls_operators_in_order():
    """The module docstring's reason, checked: Presidio's engine operates from the end of the text back."""
    text = "Jade met Kacper."
    results = [RecognizerResult("PERSON", 0, 4, 1.0), RecognizerResult("PERSON", 9, 15, 1.0)]
    out = anonymizer_engine().anonymize(text, results, {"PERSON": OperatorConfig("case_placeholder", {"index": PersonIndex()})})
    assert out.text == "[PERSON_2] met [PERSON_1]."  # reading order would give [PERSON_1] met [PERSON_2]


def test_keyed_pseudonym_refuses_a_missing_key_without_showing_one():
    with pytest.raises(ValueError, match="bytes 'key'"):
        operate("keyed_pseudonym", "UK_NHS", "9991234560", {"key": "not-bytes"})
