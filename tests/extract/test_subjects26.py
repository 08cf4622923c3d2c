"""Who has the concern (issue 15, subjects26) and the same letter with a neutral description (issue 16).

Families (each seen with at least two authors over the development and training authors): grandparent words of
Welsh, Punjabi and Bengali families ("Taid", "Nain", "Biji", "Nanu") and "mum's father" are household members (6C, not
6A or 6B); "[PERSON_4]'s mum [PERSON_5] lives with them" or "X's dad ([PERSON_6], 79) moved in" makes a parent's parent
a household member. Issue 16's swap test: a description set off after a name (", who is Black British,", ", from a
Muslim family,", ", who is Polish-speaking,", ", who is gay,") must not change whose a concern is. Each sentence is
invented for this file (fictional people, placeholders as the redactor writes them), each family with a near miss.
"""

from __future__ import annotations

import pytest

FAMILY = "Visit to [PERSON_1] (8) and [PERSON_2] (5). "

# fmt: off
CASES = [
    # grandparent words of a family's own language: a household member
    (FAMILY + "Taid is on home oxygen for his COPD.", "6C", "6B"),
    (FAMILY + "Nain has Parkinson's and falls most weeks.", "6C", "6B"),
    (FAMILY + "Biji has heart failure and stays in bed most of the day.", "6C", "6B"),
    (FAMILY + "Mum's father has had a stroke and uses a frame.", "6C", "6B"),
    # near miss: a parent's own illness
    (FAMILY + "Dad is on home oxygen for his COPD.", "6B", "6C"),
    # a parent's parent who lives with the family, tied by a possessive
    (FAMILY + "[PERSON_4]'s mum [PERSON_5] lives with them and is on home oxygen for COPD.", "6C", "6B"),
    ("Visit to [PERSON_1] (8). Mum [PERSON_3] was there. [PERSON_3]'s dad ([PERSON_6], 79) lives with them, has COPD and is on oxygen.",
     "6C", "6B"),
    # near miss: no one says the owner's parent lives there, and the owner may be a child
    (FAMILY + "[PERSON_4]'s mum [PERSON_5] is on home oxygen for COPD.", "6B", "6C"),
]

DESCRIPTIONS = [", who is Black British,", ", from a Muslim family,", ", who is Polish-speaking,", ", who is gay,"]

#: (text with {d} where a description goes after a name, the code it gives with and without one)
DESCRIBED = [
    # a young person's age after the name: "Low mood" is hers
    ("Review - [PERSON_1]{d}, 15.\nLow mood, not sleeping, says she is fine.", "4A"),
    # near miss: a young child's note, the parent's low mood
    ("Visit - [PERSON_1]{d} (3).\nLow mood and not sleeping.", "4B"),
    # a young harmer named with his age
    ("[PERSON_1] (9) came in upset. [PERSON_5]{d} (13) punched him in the face at the park.", "18B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors


@pytest.mark.parametrize("description", DESCRIPTIONS)
@pytest.mark.parametrize(("text", "expected"), DESCRIBED)
def test_description_after_a_name_keeps_the_letter(extractor, text, expected, description):
    plain = extractor.extract(text.format(d=""))["factors"]
    described = extractor.extract(text.format(d=description))["factors"]
    assert expected in plain, plain
    assert described == plain, (described, plain)
