"""Pronoun chains and the sex of a son or daughter (subjectsB29).

A him/his/her/he/she after a he/she of its sex in the same sentence, with another person between, is whoever that
he/she is ("He said [PERSON_3] threw a shoe at him", "She told mum she is not sleeping"), not the person between
(train: 4 labels gained, 4 authors; dev: 1). A son is male and a daughter female, so a she/he of the other sex
passes them by ("Her son ... She is drinking": the mother). Each sentence is invented for this file (fictional
people, placeholders as the redactor writes them), each family with a near miss.
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # a pronoun chain: the he/she, not the person between
    ("Visit to [PERSON_1] (9) and [PERSON_2] (6). He said [PERSON_3] threw a shoe at his head and then dragged him "
     "to his room.", "18C", "3B"),
    ("Visit to [PERSON_1] (14). He told dad he has been drinking vodka at the park.", "1A", "1B"),
    # near miss: no he/she before the person, so the pronoun keeps the nearest person
    ("Visit to [PERSON_1] (14). Dad told him he has been drinking vodka at the park.", "1B", "1A"),
    # a son is male, a daughter female
    ("Visit to [PERSON_2] (31). Her son lives with his father. She is drinking every day.", "1B", "1A"),
    ("Visit to [PERSON_2] (38). His daughter is in foster care. He has been very depressed since May.", "4B", "4A"),
    # near miss: a pronoun of the child's own sex is still the child's
    ("Visit to [PERSON_2] (38). His daughter is in foster care. She has been very depressed since May.", "4A", "4B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors
