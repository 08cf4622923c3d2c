"""UkNhsRecognizer: NHS numbers (mod-11 check digit), test range 999."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkNhsRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkNhsRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_NHS"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid (999 test range, correct check digit), every written form
        ("9998765439", 1, ((0, 10),)),
        ("999 876 5439", 1, ((0, 12),)),
        ("999-876-5439", 1, ((0, 12),)),
        ("nhs no: 999 876 5439", 1, ((8, 20),)),
        ("NHS number 9991112227 confirmed", 1, ((11, 21),)),
        ("nhs# 999-321-0005", 1, ((5, 17),)),
        ("999 876 5439 (NHS)", 1, ((0, 12),)),
        ("numbers 9998765439 and 999 555 6669", 2, ((8, 18), (23, 35))),
        # invalid: wrong check digit, no possible check digit, placeholders
        ("9998765438", 0, ()),
        ("nhs no: 999 876 5438", 0, ()),
        ("999 123 4567", 0, ()),
        ("0000000000", 0, ()),
        ("1111111111", 0, ()),
        # mixed separators: still one NHS number when the check digit holds (a typo must not leak it)
        ("999 876-5439", 1, ((0, 12),)),
        # tricky: too long/short, inside longer digit runs
        ("99987654390", 0, ()),
        ("999876543", 0, ()),
        ("4111 999 876 5439", 0, ()),
        ("999 876 5439 1234", 0, ()),
        # fmt: on
    ],
)
def test_when_nhs_numbers_in_text_then_all_nhs_numbers_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
    for result in results:
        assert result.entity_type == "UK_NHS"
        assert result.score == pytest.approx(1.0)


def test_when_context_words_configured_then_case_note_forms_included(recognizer):
    for word in ("nhs no", "nhs number", "nhs#"):
        assert word in recognizer.context
