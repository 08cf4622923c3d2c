"""Harm routed to the wrong code (issue 15, harm26): who was harmed, and whose offence it is.

A child hit with an implement (belt, slipper, stick) or smacked is physical abuse (18B/18C by the harmer), not
domestic abuse; the family was a false positive for several training and development authors. Every sentence is invented for this file (fictional people,
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

# fmt: on


@pytest.mark.parametrize(("text", "right", "wrong"), WRONG_ROUTE)
def test_harm_takes_the_route_of_its_victim(expect_labels, text, right, wrong):
    expect_labels("factors", text, [right], [wrong])
