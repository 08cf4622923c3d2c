"""Who the concern is about when the household has adults who are not the parents (issue 15, subjects21).

Families: a person given a young adult's age and no role is a household member (most often an adult sibling);
a child role word with an adult age is an adult son or daughter at home; the role after the age in a household
list ties; 'lives at the address' keeps a relative in the household; in-laws live in it; an untied person aged
25 or more is guessed a parent; a he/she after a friend or peer of no stated sex is the child. Each sentence is
invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # a young adult named with an age and no role: an adult sibling at home (C), not the note's child (A)
    ("Home visit. [PERSON_1] (6) and [PERSON_2] (4) at home. [PERSON_3] (20) smokes cannabis in his bedroom.", "2C", "2A"),
    ("Strategy discussion. [PERSON_1] (9). [PERSON_4] (22) has a learning disability.", "5C", "5A"),
    # an adult son or daughter at home
    ("Visit. [PERSON_1] (8) at school. Older son [PERSON_2] (23) has bipolar disorder.", "4C", "4A"),
    ("Visit. [PERSON_1] (5). Also at home: [PERSON_6] (30), her daughter. [PERSON_6] has epilepsy.", "6C", "6A"),
    # the role after the age in a household list
    ("Household: [PERSON_1] (7); [PERSON_2] (41), [PERSON_3]'s uncle, has depression.", "4C", "4B"),
    # 'lives at the address' outranks 'lives at' as a cue that someone lives elsewhere
    ("Police call. [PERSON_1] (3). Her brother [PERSON_2] (lives at the address) was drunk and shouting.", "1C", None),
    # in-laws live in the household
    ("Home visit. [PERSON_1] (1). Mum said her father-in-law drinks heavily every afternoon.", "1C", "1B"),
    # an untied adult with an age is guessed a parent
    ("Visit. [PERSON_1] (4) playing. [PERSON_2] (38) has multiple sclerosis and uses a wheelchair.", "6B", "6A"),
    # he/she after a friend of no stated sex: the child the note is about
    ("SN drop-in. [PERSON_1], Y9, came with a friend. She says she smokes cannabis every day.", "2A", "2B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letter(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors
    if not_expected:
        assert not_expected not in factors


def test_the_notes_first_person_is_not_made_a_household_member(extractor):
    """A care leaver aged 19 is the note's own subject, never an adult sibling (C)."""
    assert "1C" not in extractor.extract("Pathway plan review. [PERSON_1] (19) is drinking most nights.")["factors"]


def test_a_friend_is_still_found_when_no_pronoun_points_past_them(extractor):
    """The pronoun rule does not turn the friend's own named concern into the child's."""
    factors = extractor.extract("SN drop-in. [PERSON_1], Y9. Her friend's mum drinks heavily.")["factors"]
    assert "1A" not in factors
