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
