"""UkDrivingLicenceRecognizer: DVLA licence numbers, compact and card-printed forms."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkDrivingLicenceRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkDrivingLicenceRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_DRIVING_LICENCE"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: compact, spaced (as printed), lower-case, padded surname, female month
        ("MORGA753116SM9IJ", 1, ((0, 16),)),
        ("MORGA 753116 SM9IJ", 1, ((0, 18),)),
        ("driving licence: morga753116sm9ij", 1, ((17, 33),)),
        ("COX99802015AB9CD", 1, ((0, 16),)),
        ("SMITH762151JA9KL", 1, ((0, 16),)),
        # invalid: surname all 9s or a digit inside it; month 13, day 32, month 63
        ("99999753116SM9IJ", 0, ()),
        ("MO9GA753116SM9IJ", 0, ()),
        ("MORGA713116SM9IJ", 0, ()),
        ("MORGA701326SM9IJ", 0, ()),
        ("MORGA763116SM9IJ", 0, ()),
        # tricky: wrong length, other IDs
        ("MORGA753116SM9I", 0, ()),
        ("QQ 12 34 56 C", 0, ()),
        # fmt: on
    ],
)
def test_when_driving_licences_in_text_then_all_driving_licences_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
