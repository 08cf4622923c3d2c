"""Whose domestic abuse, and who harms (subjectsDA27): the letters of 3A/3B/3C, 18B/18C and 19B/19C.

Families (each seen with two or more training or development authors):

- a note about a young person's own relationship ('her boyfriend', a partner aged 13-22, the young people's IDVA, a
  controlling relationship): domestic abuse whose sentence names no other victim ('DASH 16, MARAC referral') is the
  young person's (3A), and so is a 'her'/'him' victim, unless a role word in its own sentence is who the pronoun is
  ('Mum says her ex hit her'). Near misses: a young child's note (3B), a parent named as the victim, a note whose
  teenage age is a parent's ('Mother: [PERSON_2] (17)', a note about her baby).
- a bruise or mark whose harmer no words name takes the harmer the note names for that abuse, where the note's named
  harmers are all children ('kicked by two Year 9 boys ... bruising to his ribs': 18B, not 18B and 18C). Near miss:
  a note whose named harmer is an adult keeps 18C.
- an adult's age in the harm's sentence means no young harmer ('a 24-year-old ... a 15-year-old': 19C).

Every sentence is invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # (text, codes that must be there, codes that must not)
    # a young person's own relationship: the unnamed victim of "DASH", "MARAC" is the young person
    ("Key-work session - [PERSON_1] (15).\nShe said her boyfriend takes her phone and reads her messages.\n"
     "DASH done with her: 14, MARAC referral made today.", ["3A"], ["3B"]),
    ("Visit to [PERSON_1] (16). Her ex-boyfriend [PERSON_3] (19) keeps turning up at college.\n"
     "Referred to the young people's IDVA. DASH high.", ["3A"], ["3B"]),
    # a pronoun victim in such a note is the young person, not an aunt named earlier
    ("Visit to [PERSON_1] (16) at her aunt's. Aunty [PERSON_4] made tea.\n"
     "[PERSON_1]'s boyfriend [PERSON_5] (20) checks her phone every night.", ["3A"], ["3B", "3C"]),
    # near miss: a young child's note, the victim unnamed: a parent's (3B)
    ("Home visit - [PERSON_1] (6).\nDASH completed, MARAC referral made.", ["3B"], ["3A"]),
    # near miss: a young person's note that names the parent as the victim
    ("Session with [PERSON_1] (15). She said her boyfriend is kind to her.\n"
     "Last night mum's partner pushed mum into the door.", ["3B"], ["3A"]),
    # near miss: the teenage age is the mother's, the note is about her baby
    ("Strategy discussion.\nChild: [PERSON_1] (3 months).\nMother: [PERSON_2] (17). Father: [PERSON_3] (19).\n"
     "Her boyfriend is on bail. DASH high, MARAC referral made.", ["3B"], ["3A"]),
    # a bruise with no harmer named, in a note whose named harmers are children
    ("ED attendance - [PERSON_1] (13).\nHe was kicked by two Year 9 boys on the way home.\nTriage at 18:40, seen by the registrar.\n"
     "Bruising to his ribs and a red mark on his cheek.", ["18B"], ["18C"]),
    # near miss: the note names an adult as the harmer
    ("ED attendance - [PERSON_1] (13).\nHe was kicked by his stepdad last night.\nTriage at 18:40, seen by the registrar.\n"
     "Bruising to his ribs and a red mark on his cheek.", ["18C"], ["18B"]),
    # an adult's age beside the child's: the young age is the child harmed
    ("Police intelligence: a 24-year-old has been having sex with a 15-year-old girl from the estate.", ["19C"], ["19B"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), CASES)
def test_letters_of_harm(expect_labels, text, present, absent):
    expect_labels("factors", text, present, absent)
