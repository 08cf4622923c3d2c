"""Who has the concern and who harms (issue 15, subjects24).

Families (each seen with at least two authors over the development and training authors): a child's own words
("nightmares", "wets the bed") outrank a pronoun whose nearest named person is the adult reporting it (4A,
not 4B); "[PERSON_1] and children [PERSON_2] (13) ..." opens a family's note,
not a young person's, so an untied name can be guessed a parent again (6B); a harmer the note does not name but
calls young ("a 16 year old", "two boys", "four youths") gives 18B/19B, unless an adult is there. Each sentence is
invented for this file (fictional people, placeholders as the redactor writes them), each with a near miss.
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # a child's own words: the reporter before "says she" is not who has them
    ("Visit to [PERSON_1] (7) and [PERSON_2] (4). Foster carer [PERSON_3] says she wets the bed most nights.", "4A", "4B"),
    # near miss: words with no subject of their own ("panic attacks") stay with the named adult
    ("Visit to [PERSON_1] (7) and [PERSON_2] (4). Mum [PERSON_3] has depression and panic attacks.", "4B", "4A"),
    # a family listed as "X and children Y (13), Z (6)": an untied name is then guessed a parent
    ("EH visit - [PERSON_1] and children [PERSON_2] (14) and [PERSON_3] (6). [PERSON_4] has crohn's disease and "
     "is often in bed.", "6B", "6A"),
    # near miss: a young person's note opening with the young person's own age keeps its default
    ("RHI - [PERSON_1] (14). [PERSON_4] has crohn's disease and is often in bed.", "6A", "6B"),
    # an unnamed young harmer, by age
    ("Visit to [PERSON_1] (14). On the way home from the youth club a 16 year old from the estate punched him in "
     "the face.", "18B", "18C"),
    # an unnamed young harmer in the sentence before
    ("Visit to [PERSON_1] (13). Two boys were waiting at the bus stop after school. One of them kicked him in the "
     "stomach.", "18B", "18C"),
    # near miss: a named adult doer
    ("Visit to [PERSON_1] (14). On the way home from the youth club his stepdad punched him in the face.", "18C", "18B"),
    # near miss: an adult is there
    ("Visit to [PERSON_1] (13). Two men were waiting at the bus stop after school. One of them kicked him in the "
     "stomach.", "18C", "18B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_subject_and_harmer_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors
