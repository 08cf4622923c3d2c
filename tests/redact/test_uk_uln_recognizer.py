"""UkUlnRecognizer: Unique Learner Numbers (ESFA mod-11 check digit), and ULN vs NHS."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkNhsRecognizer, UkUlnRecognizer  # noqa: E402
from casenotes.redact.recognizers.uk_uln_recognizer import uln_check_digit  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkUlnRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_ULN"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_score",
    [
        # fmt: off
        # valid after a cue (strong, span = number only)
        ("ULN: 9991234569", 1, ((5, 15),), 0.85),
        ("unique learner number 9990000009", 1, ((22, 32),), 0.85),
        ("uln 999 123 4569", 1, ((4, 16),), 0.85),
        # valid without a cue (weak: 1 in 10 random numbers passes)
        ("9991234569", 1, ((0, 10),), 0.4),
        ("learner 9998765438 enrolled", 1, ((8, 18),), 0.4),
        # a wrong check digit straight after the cue: a mistyped ULN is still the learner's, found at a lower score
        ("ULN: 9991234568", 1, ((5, 15),), 0.6),
        # invalid: wrong check digit (no cue), remainder 0, leading zero
        ("learner 9991234568 enrolled", 0, (), None),
        ("9991234560", 0, (), None),
        ("0991234569", 0, (), None),
        # tricky: valid NHS numbers never pass, phone written +44, longer runs
        ("9998765439", 0, (), None),
        ("+44 9991234569", 0, (), None),
        ("99912345690", 0, (), None),
        ("999123456 9", 0, (), None),
        # fmt: on
    ],
)
def test_when_ulns_in_text_then_all_ulns_found(
    text, expected_len, expected_positions, expected_score, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
    for result in results:
        assert result.score == pytest.approx(expected_score)


@pytest.mark.parametrize(
    "text, expected_entity",
    [
        # fmt: off
        ("9998765439", "UK_NHS"),   # NHS check 9 -> ULN would need 8
        ("9998765438", "UK_ULN"),   # ULN check 8 -> NHS would need 9
        ("9991234569", "UK_ULN"),   # first nine digits give NHS check 10: never an NHS number
        ("9990000009", "UK_ULN"),
        # fmt: on
    ],
)
def test_when_ten_digits_then_only_one_of_nhs_and_uln_wins(text, expected_entity, recognizer):
    nhs = UkNhsRecognizer()
    found = [r.entity_type for r in nhs.analyze(text, ["UK_NHS"])]
    found += [r.entity_type for r in recognizer.analyze(text, ["UK_ULN"])]
    assert found == [expected_entity]


def test_when_nhs_check_digit_valid_then_uln_check_differs_by_one():
    # Same first nine digits: the NHS check digit is always the ULN's + 1.
    for first_nine in ("999876543", "999111222", "999321000", "999555666"):
        assert uln_check_digit(first_nine) is not None
        nhs_digit = (11 - sum(int(c) * w for c, w in zip(first_nine, range(10, 1, -1))) % 11) % 11
        assert nhs_digit == uln_check_digit(first_nine) + 1
