"""Whose alcohol, drug, mental health, learning disability or physical health concern it is (subjectsABC27).

Families (each written by two or more development and training authors): a name the note ties to no role or age,
between a concern and the tied person before it ("From [PERSON_1]: [PERSON_2] was drunk again"), leaves the concern to
its group's default (a parent for 1, 2 and 4) rather than the note's child further back; "[PERSON_2], DOB ..." ties
the child a form or letter is about and "Dr [PERSON_1]" is a professional, not the child; more openings mark a note
about a young person (youth justice, an age assessment, a missing episode, "Young person:", "Age: 15"). Each sentence
is invented for this file (fictional people, placeholders as the redactor writes them), each family with a near miss.
"""

from __future__ import annotations

import pytest

from casenotes.extract.subject import SubjectResolver

# fmt: off
CASES = [
    # an untied name nearer than the child the note opens with: the group's default, a parent
    ("From [PERSON_1] at 07:40: [PERSON_2] was drunk again last night.", "1B", "1A"),
    ("Call from [PERSON_1]. She said [PERSON_2] was drunk again last night.", "1B", "1A"),
    ("Visit to [PERSON_1]. [PERSON_2] answered the door. He admits he drinks ten cans a night.", "1B", "1A"),
    # near miss: a tied household member is the nearest person
    ("Visit to [PERSON_1]. [PERSON_2] answered the door. Uncle [PERSON_3] lives with them and he drinks ten cans a night.",
     "1C", "1A"),
    # near miss: the concern's own person is tied as the child
    ("Visit to [PERSON_1] (15). [PERSON_2] answered the door. [PERSON_1] says she drinks vodka most weekends.", "1A", "1B"),
    # the opening of a young person's note
    ("Age assessment - [PERSON_1], claimed DOB [DATE_OF_BIRTH].\nLow mood, not sleeping, says nothing helps.", "4A", "4B"),
    ("YRO supervision - [PERSON_1].\nLow mood, not sleeping, says nothing helps.", "4A", "4B"),
    ("Missing episode - [PERSON_1] - returned 02:10.\nLow mood, not sleeping, says nothing helps.", "4A", "4B"),
    # near miss: a parent's note
    ("Parent: [PERSON_1]\nLow mood, not sleeping, says nothing helps.", "4B", "4A"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors


def _people(extractor, text: str) -> dict[str, str | None]:
    resolver = next(pipe for _, pipe in extractor.nlp.pipeline if isinstance(pipe, SubjectResolver))
    doc = extractor.nlp.make_doc(text)
    return {doc[m.start:m.end].text: m.role.subject for m in resolver.find_people(doc) if not m.pronoun}


def test_birth_date_ties_the_child_and_a_doctor_is_not_the_child(extractor):
    people = _people(extractor, "Dear Dr [PERSON_1],\nRe: [PERSON_2], DOB [DATE_OF_BIRTH], seen in clinic on Monday.")
    assert people.get("[PERSON_2]") == "child", people
    assert people.get("[PERSON_1]") != "child", people


def test_birth_date_keeps_a_role(extractor):
    # near miss: a parent named with a role and a birth date stays the parent
    people = _people(extractor, "Mother: [PERSON_2], DOB [DATE_OF_BIRTH]. Child: [PERSON_3].")
    assert people.get("[PERSON_2]") == "parent_carer", people
