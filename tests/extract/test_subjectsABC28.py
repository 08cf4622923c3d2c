"""Whose alcohol, drug, mental health or physical health concern it is (subjectsABC28).

Families (each written by two or more development and training authors): an adult's illness (MS, lupus, cancer: a
parent; Parkinson's, dementia, COPD, a stroke: a grandparent in the home) when its sentence names nobody; drink or drugs
"in his bedroom" of a name the note ties to no role (an adult son, a lodger: C); in a young person's note, "Mum says
she ..." about the young person's mood; "Present: [PERSON_2], mum ([PERSON_3])": mum is [PERSON_3], not [PERSON_2]. Each sentence is invented
for this file (fictional people, placeholders as the redactor writes them), each family with a near miss.
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # an adult's illness in a sentence that names nobody: a parent's, or a grandparent's in the home
    ("Home visit to [PERSON_1] (9). Multiple sclerosis since last spring, off work since.", "6B", "6A"),
    ("Home visit to [PERSON_1] (9). Lupus again this month, off work for a fortnight.", "6B", "6A"),
    ("Home visit to [PERSON_1] (9). Parkinson's is worse and the stairs are now a struggle.", "6C", "6A"),
    # near miss: the named child keeps an illness an adult usually has
    ("Home visit to [PERSON_1] (9). [PERSON_1] has arthritis in both knees and misses PE.", "6A", "6B"),
    # drink or drugs in someone's own room, said of a name the note ties to no role: another household member
    ("Visit to [PERSON_1] (6) and mum. [PERSON_4] has been smoking cannabis in his bedroom most nights.", "2C", "2B"),
    ("Visit to [PERSON_1] (6) and mum. [PERSON_4] drinks cans in the box room all day.", "1C", "1B"),
    # near misses: a role word keeps its own; a young person's own room is theirs
    ("Visit to [PERSON_1] (6) and mum. Dad has been smoking cannabis in his bedroom most nights.", "2B", "2C"),
    ("Return home interview with [PERSON_1] (15). She has been drinking vodka in her room at weekends.", "1A", "1C"),
    # a role word with its own name in brackets is not the name before the comma
    ("Visit. Present: [PERSON_1], mum ([PERSON_2]), dad. [PERSON_1] has panic attacks most days.", "4A", "4B"),
    # near miss: "[PERSON_2], mum," ties the name to mum
    ("Visit to [PERSON_1] (8). Present: [PERSON_2], mum, and dad. [PERSON_2] has panic attacks most days.", "4B", "4A"),
    # in a young person's note, "Mum says she ..." about mood is the young person's
    ("Return home interview with [PERSON_1] (15). Mum says she has had panic attacks all week.", "4A", "4B"),
    # near miss: the same words in a young child's note are the parent's
    ("Home visit to [PERSON_1] (4). Mum says she has had panic attacks all week.", "4B", "4A"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors
