"""UkPoliceReferenceRecognizer: crime, CAD, log, occurrence, incident and URN numbers."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkPoliceReferenceRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkPoliceReferenceRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["POLICE_REFERENCE"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: cue + reference (span = reference only)
        ("crime ref 42/123456/24", 1, ((10, 22),)),
        ("crime ref is 42/123456/24", 1, ((13, 25),)),
        ("CRN 1234567/24", 1, ((4, 14),)),
        ("Crime: 1234567/24", 1, ((7, 17),)),
        ("CAD 1234 12/03/24", 1, ((4, 8),)),
        ("cad number: 4567", 1, ((12, 16),)),
        ("log 123 of 12/03", 1, ((4, 16),)),
        ("police log no. 456 of 12/03/24", 1, ((15, 30),)),
        ("occurrence number 24000123456", 1, ((18, 29),)),
        ("incident no. 0123 150324", 1, ((13, 24),)),
        ("URN 01AB2345678", 1, ((4, 15),)),
        ("PNC 12/345678A", 1, ((4, 14),)),
        ("PND ref 12/345678A", 1, ((8, 18),)),
        ("police ref: 24000123456", 1, ((12, 23),)),
        # valid: standalone crime-number shape (weak)
        ("42/123456/24", 1, ((0, 12),)),
        # invalid: cue without a reference, or a date/phone/age after it
        ("the crime was reported 12/03/24", 0, ()),
        ("incident on 12/03/2024", 0, ()),
        ("incident 07700900123", 0, ()),
        ("incident aged 15", 0, ()),
        ("crime 1234", 0, ()),
        ("log on 2 times", 0, ()),
        ("log 123", 0, ()),
        # tricky: plain numbers and dates without a cue
        ("1234567/24", 0, ()),
        ("12/03/24", 0, ()),
        ("24000123456", 0, ()),
        # fmt: on
    ],
)
def test_when_police_references_in_text_then_all_police_references_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
