"""UkCaseReferenceRecognizer: council case-system IDs after a cue; obvious structured refs."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkCaseReferenceRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkCaseReferenceRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["CASE_REFERENCE"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: system/label cue + ID (span = ID only)
        ("Mosaic ID 1234567", 1, ((10, 17),)),
        ("LCS no. 123456", 1, ((8, 14),)),
        ("case ref: CR/2024/00123", 1, ((10, 23),)),
        ("ref no 2023-00456", 1, ((7, 17),)),
        ("Liquidlogic 123456", 1, ((12, 18),)),
        ("Child ID: 987654", 1, ((10, 16),)),
        ("mosaic id is 1234567, allocated", 1, ((13, 20),)),
        ("ref: AB-123", 1, ((5, 11),)),
        # valid: standalone structured references
        ("CIN-123456", 1, ((0, 10),)),
        ("see CR/2024/00123 for the plan", 1, ((4, 17),)),
        # invalid: too short after a cue, cue without a code
        ("case no 123", 0, ()),
        ("Child ID: 1234", 0, ()),
        ("the case is open", 0, ()),
        ("mosaic shows 2 visits", 0, ()),
        # tricky: plain numbers, dates, phones, ages, police refs
        ("case 123456 was closed", 0, ()),
        ("123456", 0, ()),
        ("ref 12/03/24", 0, ()),
        ("ref no 12/03/2024", 0, ()),
        ("Mosaic 07700 900123", 0, ()),
        ("contact no 07700900123", 0, ()),
        ("child aged 12", 0, ()),
        ("crime ref 42/123456/24", 0, ()),
        ("police ref 24000123456", 0, ()),
        # fmt: on
    ],
)
def test_when_case_references_in_text_then_all_case_references_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
