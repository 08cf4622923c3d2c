"""Who is harmed in domestic abuse and who harms in physical/sexual abuse (issue 15, subjects23).

Families: a young person's partner named inside the words of the abuse ("her boyfriend (18) slaps her") makes
it the young person's own relationship (3A); a named young person right before an active harm verb is the
harmer (18B/19B). (A violence route whose only person before the verb is a pronoun now takes its harmer from
the young people named in the sentence; measured on dev and training authors, not tested here: the invented
sentences tried did not raise the factor.) Each sentence is invented for this file
(fictional people, placeholders as the redactor writes them), each with a near miss.
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # a young person's own relationship: the partner is inside the mention
    ("Return home interview. [PERSON_1], 15. She told me her boyfriend (18) slaps her when he is jealous.", "3A", "3B"),
    # near miss: mum's partner is not the young person's partner
    ("Home visit. [PERSON_1] (4) asleep. Mum says her partner slaps her when he is jealous.", "3B", "3A"),
    # a named young person right before an active sexual abuse verb is the harmer (the rules once said an adult)
    ("Placement visit. Also placed: [PERSON_3], 14. [PERSON_2] said [PERSON_3] touched his private parts in the shed.",
     "19B", "19C"),
    # near miss: an adult named right before the same verb
    ("Placement visit. [PERSON_2] said the lodger [PERSON_3] (45) touched his private parts in the shed.", "19C", "19B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "not_expected"), CASES)
def test_victim_and_harmer_letters(extractor, text, expected, not_expected):
    factors = extractor.extract(text)["factors"]
    assert expected in factors, factors
    assert not_expected not in factors, factors
