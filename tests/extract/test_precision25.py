"""Precision on unseen authors (issue 15, precision25): trigger words that fire in another sense.

Each family was a false positive for at least two training or development authors: a cannabis grow is a crime scene
or where a child is exploited, not drug use; a risk level or blood result that "is high" is not someone high;
selling, running or holding drugs is not using them; drugs or drink handed to a child by people exploiting them are
grooming, not the child's own misuse; a children's DA recovery group is a service. Each family has a near miss that
must still fire. Every sentence is invented for this file (fictional people, placeholders as the redactor writes
them).
"""

from __future__ import annotations

import pytest

# fmt: off
OTHER_SENSE = [
    # the other sense gives no factor
    ("Police raided a unit on the trading estate and found a cannabis grow of about 300 plants.", "2A"),
    ("[PERSON_1] (15) was found in the loft of a cannabis farm watering the plants.", "2A"),
    ("Officers found a cannabis factory in the garage at [ADDRESS].", "2B"),
    ("The DASH was completed and the risk is high.", "2B"),
    ("Risk of further harm to [PERSON_1] is high and rising.", "2A"),
    ("Her HbA1c is high at the last clinic.", "2A"),
    ("[PERSON_1] (16) was running drugs between the two towns for an older man.", "2A"),
    ("[PERSON_1] (14) sells weed for an older boy on the estate.", "2A"),
    ("Stopped by police with 10 wraps of heroin and £200 cash.", "2A"),
    ("The older men gave her cannabis and took her to a flat.", "2A"),
    ("He gives her vapes and weed and pays for her nails.", "2A"),
    ("At the party the men gave her vodka before the assault.", "1A"),
    ("[PERSON_1] (9) has started the DA recovery group at school on Tuesdays.", "3B"),
]

STILL_FIRES = [
    # near misses: the concern itself
    ("[PERSON_1] (15) is smoking cannabis every day to calm down.", "2A"),
    ("Mum said dad has been growing and smoking cannabis in the house and is high most evenings.", "2B"),
    ("[PERSON_1] (16) appeared high when he came in at midnight.", "2A"),
    ("[PERSON_1] (15) says he drinks vodka most weekends in the park.", "1A"),
    ("Mum disclosed domestic abuse from her partner last night; he punched her.", "3B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "absent"), OTHER_SENSE)
def test_other_sense_gives_no_factor(expect_labels, text, absent):
    expect_labels("factors", text, [], [absent])


@pytest.mark.parametrize(("text", "expected"), STILL_FIRES)
def test_near_miss_still_gives_factor(expect_labels, text, expected):
    expect_labels("factors", text, [expected], [])


def test_exclusion_removes_only_its_own_category(extractor):
    """A cannabis grow still leaves the trafficking wording of the same sentence."""
    result = extractor.extract("[PERSON_1] (15) was trafficked from Vietnam to work in a cannabis grow.")
    assert "2A" not in result["factors"]
    assert "12A" in result["factors"]
