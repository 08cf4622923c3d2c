"""UkPostcodeRecognizer: full UK postcodes, any case, with or without the space."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkPostcodeRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkPostcodeRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_POSTCODE"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_score",
    [
        # fmt: off
        # valid: every outward format, spaced (0.5)
        ("SW1A 1AA", 1, ((0, 8),), 0.5),
        ("m1 1ae", 1, ((0, 6),), 0.5),
        ("LS11 5AB", 1, ((0, 8),), 0.5),
        ("B33 8TH", 1, ((0, 7),), 0.5),
        ("W1A 0AX", 1, ((0, 7),), 0.5),
        ("CR2 6XH", 1, ((0, 7),), 0.5),
        ("DN55 1PT", 1, ((0, 8),), 0.5),
        ("GIR 0AA", 1, ((0, 7),), 0.5),
        ("lives at 4 Mill Lane, Leeds LS11 5AB now", 1, ((28, 36),), 0.5),
        ("postcode: ls11 5ab", 1, ((10, 18),), 0.5),
        # valid: no space (0.4)
        ("LS115AB", 1, ((0, 7),), 0.4),
        ("sw1a1aa", 1, ((0, 7),), 0.4),
        # invalid: letters never used in that position, outward code only
        ("QS1 1AA", 0, (), None),
        ("LS11 5CI", 0, (), None),
        ("LS11", 0, (), None),
        ("V1 1AA", 0, (), None),
        # tricky: dates, times, money, IDs
        ("on 12/03/2024 at 10am", 0, (), None),
        ("QQ 12 34 56 C", 0, (), None),
        ("£250 paid", 0, (), None),
        ("LS11 5ABC", 0, (), None),
        # fmt: on
    ],
)
def test_when_postcodes_in_text_then_all_postcodes_found(
    text, expected_len, expected_positions, expected_score, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
    for result in results:
        assert result.score == pytest.approx(expected_score)
