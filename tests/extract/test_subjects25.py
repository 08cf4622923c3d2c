"""Who has the concern (issue 15, subjects25).

Families (each seen with at least two authors over the development and training authors): a childhood cue (autism,
developmental delay, a school year, an EHCP, a SENCO) in a learning-disability or illness sentence makes an untied
name the child, not a guessed parent (5A, not 5B); crying words keep a he/she whose antecedent is the adult who says
them (4B), unless a school place makes them a child's ("cried in class"); "Carer: [PERSON_n] wets the bed" is the
carer's report on the child (4A). Each sentence is invented for this file (fictional people, placeholders as the
redactor writes them), each with a near miss.
"""

from __future__ import annotations

import pytest

FAMILY = "Visit to [PERSON_1] (8) and [PERSON_2] (5). "

# fmt: off
CASES = [
    # a childhood cue beside an untied name: the child, not a guessed parent
    (FAMILY + "[PERSON_3] has autism and a mild learning disability.", "5A", "5B"),
    (FAMILY + "[PERSON_3] has a learning disability and is working at Year 2 level in Year 4.", "5A", "5B"),
    # near miss: no childhood cue, the guess stands
    (FAMILY + "[PERSON_3] has a mild learning disability and struggles with the bills.", "5B", "5A"),
    # near miss: the cue (a school year) belongs to another person named after the words
    (FAMILY + "[PERSON_3] has a learning disability and looks after [PERSON_4], who is in Year 9.", "5B", "5A"),
    # crying words: "she" is the adult who says them
    (FAMILY + "[PERSON_3] takes sertraline and says she has been crying most nights.", "4B", "4A"),
    # near miss: a school place makes them the child's
    (FAMILY + "[PERSON_3] says she cried in class on Monday.", "4A", "4B"),
    # a role heading a line about a named person: the carer reports on the child
    (FAMILY + "\nFoster carer: [PERSON_3] wets the bed most nights.", "4A", "4B"),
    # near miss: the heading's own words about the adult
    (FAMILY + "\nMum: [PERSON_3] has depression and panic attacks.", "4B", "4A"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors
