"""Whose concern it is on authors the rules never saw (issue 15, subjects17).

Families: a young person's note makes the child the default for drink, drugs and mental health; harm by another child (boys, another resident, a placeholder with a young age) is 18B/19B;
a child tied by "[PERSON_2], 16."; "he"/"she" never refers to a group ("two older boys"). Each sentence is invented
for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

from casenotes.extract.subject import SubjectResolver

# fmt: off
CASES = [
    # a young person's note (age, school year, RHI in the opening): a bare sentence is the young person's
    ("Return home interview. [PERSON_1] (15), away two nights. Low mood since the summer.", "4A", "4B"),
    ("SN drop-in. [PERSON_1], Y10. Smokes cannabis most evenings with friends.", "2A", "2B"),
    ("RHI - [PERSON_1], 16. Drinking vodka in the park at weekends.", "1A", "1B"),
    # a young child's note keeps the parent as the default
    ("Home visit. [PERSON_1] (2) and mum at home. Low mood since the summer.", "4B", "4A"),
    ("Home visit. [PERSON_1] (3) asleep upstairs. Smokes cannabis most evenings.", "2B", "2A"),
    # a named person in the sentence still decides
    ("Return home interview. [PERSON_1] (15). Mum drinks most nights.", "1B", "1A"),
    # harm by another child or by an adult
    ("Visit re [PERSON_2], 16. On Friday another resident, [PERSON_3] (17), punched him in the face.", "18B", "18C"),
    ("Visit re [PERSON_2], 16. On Friday [PERSON_3] (17) punched him in the face.", "18B", "18C"),
    ("Visit re [PERSON_2], 16. On Friday [PERSON_3] (34) punched him in the face.", "18C", "18B"),
    ("[PERSON_1] (12) disclosed a sexual assault by another resident (14) at the home.", "19B", "19C"),
    ("[PERSON_1] (12) disclosed a sexual assault by a man (40) at the park.", "19C", "19B"),
    ("[PERSON_1] (13) says he was kicked by some lads from the estate.", "18B", "18C"),
    # a pronoun is not bound to a group of people
    ("RHI. [PERSON_1] (14). Two older boys chased him home. He has not slept since and has panic attacks.", "4A", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letter(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors
    if not_expected:
        assert not_expected not in factors


@pytest.mark.parametrize(("opening", "young"), [
    ("Return home interview - [PERSON_1] (15) - CLA", True),
    ("School nurse note. [PERSON_1], Y9.", True),
    ("Home visit. [PERSON_1] (2) and [PERSON_2] (15) at home with mum.", False),  # the first child named is a toddler
    ("Home visit with mum and baby.", False),
])
def test_young_person_note(extractor, opening, young):
    resolver: SubjectResolver = extractor.nlp.get_pipe("casenotes_subject")
    assert resolver.is_young_person_note(extractor.nlp.make_doc(opening)) is young


def test_a_role_word_before_the_harmer_with_a_verb_between_is_a_person_a_pronoun_can_mean(extractor):
    """'Mum said dad hit her': Mum is not the harmer's own role word (only punctuation may stand between them)."""
    assert "3B" in extractor.extract("Mum said dad hit her last night.")["factors"]


def test_every_stretch_of_a_long_note_reads_whose_note_it_is_from_the_note_s_opening(extractor):
    """A young person's note says so at the top; a stretch read far below it must know that too."""
    from casenotes.extract import extractor as module

    opening = "Return home interview with [PERSON_1] (15). Seen at school.\n"
    later = "Low mood, not sleeping, smoking cannabis most days.\n"
    text = opening + "Plan reviewed with the team.\n" * 40 + later
    whole = extractor.extract(text)
    original = module.MAX_SEGMENT_CHARS
    module.MAX_SEGMENT_CHARS = 400
    try:
        pieces = extractor.extract(text)
    finally:
        module.MAX_SEGMENT_CHARS = original
    assert pieces == whole and "4A" in whole["factors"]
