"""UkUpnRecognizer: Unique Pupil Numbers with the DfE mod-23 check letter."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkUpnRecognizer  # noqa: E402
from casenotes.redact.recognizers.uk_upn_recognizer import upn_check_letter  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkUpnRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_UPN"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: permanent and temporary UPNs, any case, in prose
        ("B801200005001", 1, ((0, 13),)),
        ("F999201500123", 1, ((0, 13),)),
        ("UPN: G938123423001", 1, ((5, 18),)),
        ("T93812342300A", 1, ((0, 13),)),
        ("temporary upn t93812342300a issued", 1, ((14, 27),)),
        ("J38301112400K and B801200005001", 2, ((0, 13), (18, 31))),
        # invalid: wrong check letter, letters never used (I, O, S)
        ("A801200005001", 0, ()),
        ("UPN Q207000016049", 0, ()),
        ("S801200005001", 0, ()),
        ("T93812342300I", 0, ()),
        # tricky: wrong length, digits only, glued to other text
        ("B80120000500", 0, ()),
        ("B8012000050011", 0, ()),
        ("8012000050011", 0, ()),
        ("XB801200005001", 0, ()),
        # fmt: on
    ],
)
def test_when_upns_in_text_then_all_upns_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
    for result in results:
        assert result.score == pytest.approx(1.0)


def test_when_check_letter_computed_then_matches_worked_examples():
    # python-stdnum's gb.upn documentation: B801200005001 valid, A801200005001 not.
    assert upn_check_letter("801200005001") == "B"
    # By hand: 2*2 + 7*4 + 1*9 + 6*10 + 4*12 + 9*13 = 266; 266 mod 23 = 13 -> "P"
    # (A..H = 0..7, J..N = 8..12, P = 13: I, O and S are skipped).
    assert upn_check_letter("207000016049") == "P"
    # Temporary UPN: the final letter counts as its index ("A" = 0).
    assert upn_check_letter("93812342300A") == "T"
    assert upn_check_letter("20700001604") is None
    assert upn_check_letter("20700001604I") is None
