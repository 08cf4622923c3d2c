"""Services and needs, round services27: wording families learnt from training and development authors (2+ each).

Each row: an invented sentence (no corpus text), labels that must be in the note-level set, labels that must not be.
Every family has a near miss beside it. The rules live in casenotes/extract/rules/service_rules.json and in the needs
section of casenotes/taxonomy/data/lexicon.yaml.
"""

from __future__ import annotations

import pytest

SCHOOL = "School"
PRISON = "Prison"
FAMILY = "family_relationships"

# fmt: off
SERVICES = [
    # --- a college named as where a young person's course is, not the college involved ------------------------------
    ("He has started a plumbing course at the local college.",                  [],         [SCHOOL]),
    ("She is doing ESOL at college two days a week.",                           [],         [SCHOOL]),
    ("He is on Level 1 carpentry at Westmoor College.",                         [],         [SCHOOL]),
    ("The college safeguarding lead rang about his attendance.",                [SCHOOL],   []),
    # --- school as where other young people are ------------------------------------------------------------------
    ("He says he bought the tablets from a lad at school.",                     [],         [SCHOOL]),
    ("Her friends from primary school live on the same road.",                  [],         [SCHOOL]),
    ("The school rang to say he was upset in class.",                           [SCHOOL],   []),
    # --- prison: a relative with no contact, a fear or a wish ------------------------------------------------------------
    ("Their father is in prison since last year and has no contact.",          [],         [PRISON]),
    ("His nan says he will end up dead or in prison.",                          [],         [PRISON]),
    ("He told his sister he is going to prison for it.",                        [],         [PRISON]),
    ("Dad is in prison and phones the children on Sundays.",                    [PRISON],   []),
    # --- respite and hostel alone: a break for a carer, an adult's hostel --------------------------------------------------
    ("Nan has asked for respite one weekend a month.",                          [],         ["Disabled children's team"]),
    ("The children with disabilities team arranged his short breaks.",         ["Disabled children's team"], []),
    ("Mum says his respite unit has a new manager.",                            ["Disabled children's team"], []),
    ("Her brother moved into a hostel in the spring.",                          [],         ["Refuge / supported accommodation"]),
    ("Mum and the children are safe in a refuge tonight.",                      ["Refuge / supported accommodation"], []),
]

NEEDS = [
    # --- education: late most mornings, falling behind --------------------------------------------------------------
    ("The school say he is late most mornings.",                                ["education"], []),
    ("Mum worries she is falling behind in maths.",                             ["education"], []),
    ("She stayed behind with her aunt after the party.",                        [],            ["education"]),
    ("Dad stays up late most nights gaming.",                                   [],            ["education"]),
    # --- family relationships: washing hands of a child, choosing someone over the child -----------------------------
    ("Her mother said on the phone that she has made her bed.",                 [FAMILY],      []),
    ("He made his bed before breakfast without being asked.",                   [],            [FAMILY]),
    ("He says his dad chose his girlfriend over him.",                          [FAMILY],      []),
    ("She chose the blue coat over the red one.",                               [],            [FAMILY]),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), SERVICES)
def test_services27_wording(expect_labels, text, present, absent):
    expect_labels("services", text, present, absent)


@pytest.mark.parametrize(("text", "present", "absent"), NEEDS)
def test_needs_services27_wording(expect_labels, text, present, absent):
    expect_labels("needs", text, present, absent)
