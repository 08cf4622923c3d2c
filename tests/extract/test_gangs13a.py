"""Gangs (13A) wording of many authors (issue 15, gangs20).

Families mined from the training and development authors' gold 13A evidence, each used by at least two authors:
drill videos, affiliation with a named or coded group, running with a named lot, a postcode-like group code, a group
that calls itself something, a known member of a coded group, "opps", wearing the colours, postcode rivalry, beef
between groups, being tagged in a group's videos, hanging about with the older lads. The line to criminal
exploitation (24A: holding, selling, running for others) and to behaviour (14A: a knife, an arrest) is kept: those
words alone give no 13A. Every sentence is invented for this file (fictional people, placeholders as the redactor
writes them).
"""

from __future__ import annotations

import pytest

# fmt: off
PRESENT = [
    "[PERSON_1] (15) appears in two drill videos posted online last month.",
    "Police intel has [PERSON_1] (16) linked to the \"KR7\" group in the east of town.",
    "[PERSON_1] (14) is associated with the Ferry Lane group, per the MACE panel.",
    "[PERSON_1] (15) has been running with the \"DX\" lot since Easter.",
    "[PERSON_1] (16) rides with the Lower Road lot on bikes most nights.",
    "School say [PERSON_1] (14) was tagged in a TQ3 video on Snap.",
    "[PERSON_1] (15) is friendly with a group who call themselves \"LMG\".",
    "[PERSON_1] (16) is the girlfriend of a known RK member.",
    "[PERSON_1] (15) keeps talking about the opps on his Snap.",
    "[PERSON_1] (14) came home wearing the colours again.",
    "[PERSON_1] (15) says there is beef between his estate and the next one.",
    "[PERSON_1] (14) has been hanging round with the older lads near the shops.",
    "[PERSON_1] (15) was seen with three boys from the \"TQ3 lot\" at the station.",
    # a place the redactor replaced still names the group
    "[PERSON_1] (16) rides with the [LOCATION_2] lot on e-bikes.",
]

ABSENT = [
    # other senses of the new words
    "There was a fire drill at school and [PERSON_1] stayed calm.",
    "[PERSON_1] (12) goes to the young carers group on Tuesdays and is linked to the same group of friends.",
    "[PERSON_1] (13) was pushed by two Y9 boys on the stairs.",
    "[PERSON_1] (16) has been in touch with the opp team at college about an apprenticeship.",
    "Mum made beef stew and [PERSON_1] ate all of it.",
    # the 24A and 14A side of the line: exploitation or behaviour words alone are not gangs
    "[PERSON_1] (15) was made to hold drugs for the olders.",
    "[PERSON_1] (15) was arrested carrying a knife in town.",
]

NOT_CURRENT = [
    # negated and historical mentions stay out of the note-level set
    "[PERSON_1] (15) is not linked to any group, police say.",
    "[PERSON_1] (16) used to be part of the \"DX\" lot but stepped back last year.",
    "[PERSON_1] (14) denies being in any drill videos.",
    "[PERSON_1] (15) no longer wears the colours.",
]
# fmt: on


@pytest.mark.parametrize("text", PRESENT)
def test_gang_wording_gives_13a(extractor, text):
    assert "13A" in extractor.extract(text)["factors"]


@pytest.mark.parametrize("text", ABSENT)
def test_other_senses_give_no_13a(extractor, text):
    assert "13A" not in extractor.extract(text)["factors"]


@pytest.mark.parametrize("text", NOT_CURRENT)
def test_negated_or_historical_gang_wording_is_kept_out(extractor, text):
    assert "13A" not in extractor.extract(text)["factors"]


def test_exploitation_and_group_in_one_note_give_both(extractor):
    """A note that evidences both the group and being used to hold drugs is 13A and 24A: they are not exclusive."""
    factors = extractor.extract(
        "[PERSON_1] (16) is linked to the \"KR7\" group. He was made to hold drugs for the olders last week.")["factors"]
    assert "13A" in factors and "24A" in factors
