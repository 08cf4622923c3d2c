"""UkPhoneRecognizer: UK numbers in national and international written forms."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkPhoneRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkPhoneRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_PHONE"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: mobiles (Ofcom drama range 07700 900xxx) in every grouping
        ("07700 900123", 1, ((0, 12),)),
        ("07700900123", 1, ((0, 11),)),
        ("07700-900-123", 1, ((0, 13),)),
        ("07700 900 123", 1, ((0, 13),)),
        # valid: international forms
        ("+44 7700 900123", 1, ((0, 15),)),
        ("+44 (0)7700 900123", 1, ((0, 18),)),
        ("+447700900123", 1, ((0, 13),)),
        ("0044 7700 900123", 1, ((0, 16),)),
        ("+44 (0)113 496 0000", 1, ((0, 19),)),
        # valid: landlines and freephone
        ("(0161) 496 0000", 1, ((0, 15),)),
        ("0161 496 0000", 1, ((0, 13),)),
        ("020 7946 0000", 1, ((0, 13),)),
        ("01632 960000", 1, ((0, 12),)),
        ("0113 496 0000", 1, ((0, 13),)),
        ("0113-496-0000", 1, ((0, 13),)),
        ("0800 123 4567", 1, ((0, 13),)),
        ("01632 96000", 1, ((0, 11),)),
        ("0800 123456", 1, ((0, 11),)),
        # valid: in prose, after cues
        ("tel:07700900123", 1, ((4, 15),)),
        ("mob 07700900123", 1, ((4, 15),)),
        ("Mum (07700 900123) and school 0113 496 0001.", 2, ((5, 17), (30, 43))),
        ("call 07700 900123 12 times", 1, ((5, 17),)),
        # invalid: wrong length, unused prefixes
        ("07700 90012", 0, ()),
        ("0113 496 00001", 0, ()),
        ("04700 900123", 0, ()),
        ("06700 900123", 0, ()),
        # tricky: NHS numbers (no leading 0), dates, money, police refs, decimals
        ("999 123 4567", 0, ()),
        ("9991234567", 0, ()),
        ("999-123-4567", 0, ()),
        ("01/02/2024", 0, ()),
        ("03.04.2015", 0, ()),
        ("£1,500.00", 0, ()),
        ("£07700", 0, ()),
        ("incident no. 0123 150324", 0, ()),
        ("0.07700900123", 0, ()),
        ("CR/07700900123", 0, ()),
        ("jo.07700900123@example.com", 0, ()),
        # fmt: on
    ],
)
def test_when_phone_numbers_in_text_then_all_phone_numbers_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
