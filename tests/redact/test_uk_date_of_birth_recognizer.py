"""UkDateOfBirthRecognizer: dates only after a birth cue; the span is the date."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkDateOfBirthRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkDateOfBirthRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["DATE_OF_BIRTH"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: every cue, numeric dates
        ("(DOB 03/04/2015)", 1, ((5, 15),)),
        ("dob 3/4/15", 1, ((4, 10),)),
        ("dob: 03/04/2015", 1, ((5, 15),)),
        ("D.O.B 03.04.15", 1, ((6, 14),)),
        ("D.O.B. - 3-4-2015", 1, ((9, 17),)),
        ("date of birth 03/04/2015", 1, ((14, 24),)),
        ("born on 03/04/2015", 1, ((8, 18),)),
        ("born 03/04/2015", 1, ((5, 15),)),
        ("Jaz (b. 03/04/2015) lives", 1, ((8, 18),)),
        ("DoB is 2015-04-03", 1, ((7, 17),)),
        # valid: month names
        ("date of birth 3rd March 2015", 1, ((14, 28),)),
        ("born on March 3 2015", 1, ((8, 20),)),
        ("DOB 3 Mar 15", 1, ((4, 12),)),
        ("dob: 3rd of March, 2015", 1, ((5, 23),)),
        ("born 21st Sept 2016 at LGI", 1, ((5, 19),)),
        # invalid: plain dates are not dates of birth
        ("visit on 03/04/2015", 0, ()),
        ("3rd March 2015", 0, ()),
        ("seen 03/04/2015, next visit 10/04/2015", 0, ()),
        # invalid: impossible dates after a cue
        ("DOB 13/13/2015", 0, ()),
        ("DOB 32/01/2015", 0, ()),
        # tricky: cue-like words, year only, context after the date
        ("bob 03/04/2015", 0, ()),
        ("Club. 03/04/2015", 0, ()),
        ("born in 2015", 0, ()),
        ("03/04/2015 (DOB)", 0, ()),
        ("dob 03/04/2015, seen 10/04/2015", 1, ((4, 14),)),
        # fmt: on
    ],
)
def test_when_dates_of_birth_in_text_then_all_dates_of_birth_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
