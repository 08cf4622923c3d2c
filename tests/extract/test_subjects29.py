"""Whose a concern is when the note says whose parent, whose partner or which of several people (subjects29).

Families (each written by two or more training authors): a parent word owned by an adult of the home is a grandparent
("[PERSON_2] (27) and her son ... live with her father", "partner [PERSON_4] (30), her mum [PERSON_5] (61)"), another
household member (C); the second name after "her parents" / "grandparents" has that role too; a role word for several
people ("their parents") is no antecedent of "her"; "partner [PERSON_4] (30), her mum [PERSON_5]" does not make
[PERSON_4] a mum, but "[PERSON_2] (23), her partner [PERSON_3]" keeps both partners; a 'from' after a comma starts a new
clause. Each sentence is invented for this file (fictional people, placeholders as the redactor writes them), each
family with a near miss.
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # a parent word owned by an adult of the home: a grandparent, another household member
    ("Visit. [PERSON_2] (27) and her son [PERSON_3] (3) live with her father, [PERSON_4] (70). "
     "[PERSON_4] has been drinking heavily since the spring.", "1C", "1B"),
    ("Household: partner [PERSON_4] (30), her mum [PERSON_5] (61), [PERSON_6] (5). "
     "[PERSON_5] drinks vodka every day.", "1C", "1B"),
    # near miss: owned by a child, the parent word stays a parent
    ("Visit. [PERSON_6] (5) lives with her dad [PERSON_4]. [PERSON_4] drinks vodka every day.", "1B", "1C"),
    # near miss: a bare role word is not the owner ("Mum said ... her mum" is the child's mum)
    ("Visit to [PERSON_1] (9). Mum was upset: \"I am not a good enough mum for her\". She is on antidepressants.", "4B", "4C"),
    # the second name after a role word for several people
    ("Household: [PERSON_1] (29), her daughter [PERSON_2] (2) and her parents [PERSON_3] (58) and [PERSON_4] (60). "
     "[PERSON_4] was drunk and shouting when police arrived.", "1C", "1B"),
    # "partners both ways", and the role after an age that names the next person
    ("Visit to [PERSON_2] (23), her partner [PERSON_3] (31) and [PERSON_4] (6 months). "
     "[PERSON_2] has a learning disability.", "5B", "5C"),
    ("Household: partner [PERSON_4] (30), her mum [PERSON_5] (61), [PERSON_6] (5). "
     "[PERSON_4] has a learning disability.", "5B", "5C"),
    # a 'from' after a comma starts a new clause: the drinker is the person before, not the one the money came from
    ("Visit to [PERSON_1] (8). [PERSON_3] (40), mum's brother, was drunk, took money from mum and left.", "1C", "1B"),
    # near miss: 'by' right after the words names whose they are, past the household member before them
    ("Visit to [PERSON_1] (8). [PERSON_3] (40), mum's brother, lives with them. Heavy alcohol use by dad most evenings.",
     "1B", "1C"),
    # a role word for several people is no antecedent of 'her'
    ("Visit to [PERSON_1] (7). His sister [PERSON_3] (15) lives with him and their parents; "
     "her boyfriend slapped her on Friday.", "3C", "3B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors
