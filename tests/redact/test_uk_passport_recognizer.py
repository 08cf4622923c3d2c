"""UkPassportRecognizer: nine characters, high score only with "passport" context."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkPassportRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkPassportRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_PASSPORT"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_score",
    [
        # fmt: off
        # cued: written straight after "passport (no/number)" -> strong, span = number
        ("passport no: 123456789", 1, ((13, 22),), 0.85),
        ("Passport number AB1234567", 1, ((16, 25),), 0.85),
        ("passport 987654321 seen", 1, ((9, 18),), 0.85),
        ("passport # 123456789", 1, ((11, 20),), 0.85),
        # bare: ambiguous, low scores that only context can raise
        ("AB1234567", 1, ((0, 9),), 0.1),
        ("ref 123456789", 1, ((4, 13),), 0.05),
        # invalid / tricky: wrong length, digits inside longer runs
        ("passport 12345678", 0, (), None),
        ("passport 1234567890", 0, (), None),
        ("ABC1234567", 0, (), None),
        ("A1234567", 0, (), None),
        # fmt: on
    ],
)
def test_when_passports_in_text_then_all_passports_found(
    text, expected_len, expected_positions, expected_score, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
    for result in results:
        assert result.score == pytest.approx(expected_score)
