"""Harm routed to the wrong code (issue 15, harm26): who was harmed, and whose offence it is.

Each family was a false positive for at least two training or development authors: violence whose object is the
mother, a partner or a grandmother is domestic abuse, not the child's physical abuse; a child hit with an implement
or smacked is physical abuse, not domestic abuse; an adult's arrest or charge is not the child's socially
unacceptable behaviour (14A is the child's own). Every sentence is invented for this file (fictional people,
placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

# fmt: off
WRONG_ROUTE = [
    # (text, the code the right route gives, the code the wrong route gave)
    ("[PERSON_2] says her dad hit her with a belt when she was late home.", "18C", "3B"),
    ("Mum admitted she smacked him when he ran into the road.", "18C", "3B"),
]

NOT_THE_CHILDS_OFFENCE = [
    "[PERSON_1] (6) lives with mum; dad was arrested for assault last month.",
    "Mum was charged with possession of cannabis in March.",
    "Mr [PERSON_3] was arrested for assault on the neighbour.",
]

CHILDS_OWN_OFFENCE = [
    "[PERSON_1] (15) was arrested for assault after a fight at the bus station.",
    "He was charged with robbery of a phone last week.",
]
# fmt: on


@pytest.mark.parametrize(("text", "right", "wrong"), WRONG_ROUTE)
def test_harm_takes_the_route_of_its_victim(expect_labels, text, right, wrong):
    expect_labels("factors", text, [right], [wrong])


@pytest.mark.parametrize("text", NOT_THE_CHILDS_OFFENCE)
def test_an_adults_offence_is_not_14a(expect_labels, text):
    expect_labels("factors", text, [], ["14A"])


@pytest.mark.parametrize("text", CHILDS_OWN_OFFENCE)
def test_the_childs_own_offence_is_still_14a(expect_labels, text):
    expect_labels("factors", text, ["14A"], [])
