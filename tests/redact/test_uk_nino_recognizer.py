"""UkNinoRecognizer: National Insurance numbers, QQ prefix allowed on purpose."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkNinoRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkNinoRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_NINO"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: QQ (HMRC example prefix) in every written form
        ("QQ 12 34 56 C", 1, ((0, 13),)),
        ("QQ123456C", 1, ((0, 9),)),
        ("qq123456c", 1, ((0, 9),)),
        ("qq 12 34 56 a", 1, ((0, 13),)),
        ("QQ 123456 D", 1, ((0, 11),)),
        ("nino: QQ 12 34 56 B", 1, ((6, 19),)),
        ("NI number QQ123456A, checked", 1, ((10, 19),)),
        ("AB 12 34 56 C", 1, ((0, 13),)),
        ("mum's NI no is QQ 65 43 21 D.", 1, ((15, 28),)),
        # invalid: never-allocated prefixes, bad letters, bad suffix
        ("BG 12 34 56 C", 0, ()),
        ("GB123456A", 0, ()),
        ("NK123456A", 0, ()),
        ("KN123456A", 0, ()),
        ("TN123456A", 0, ()),
        ("NT123456A", 0, ()),
        ("ZZ123456A", 0, ()),
        ("DA123456A", 0, ()),
        ("FA123456A", 0, ()),
        ("IA123456A", 0, ()),
        ("UA123456A", 0, ()),
        ("VA123456A", 0, ()),
        ("AO123456A", 0, ()),
        ("QQ123456E", 0, ()),
        ("QQ 12 34 56 Z", 0, ()),
        # tricky: wrong length, glued to other text
        ("QQ12345C", 0, ()),
        ("QQ1234567C", 0, ()),
        ("XQQ123456C", 0, ()),
        ("QQ123456CD", 0, ()),
        # fmt: on
    ],
)
def test_when_ninos_in_text_then_all_ninos_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
