"""Context cue families of helper keptout29, each on invented sentences with a near miss that must not fire.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest

GP = "General practitioner"
MARAC = "Multi-Agency Risk Assessment Conference"


# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # an event dated to a past month is a past episode (17 authors) ...
    ("factors",  "Tiago (15) was stabbed in the leg in February by a boy from another estate.",             [], ["18B"]),
    ("factors",  "Mum told me her partner pushed her into the door in March.",                               [], ["3B"]),
    ("factors",  "Leila (14) cut her arms in January.",                                                      [], ["15A"]),
    # ... near miss: the same harm without a past month, and missing episodes (which run on) in a month
    ("factors",  "Tiago (15) was stabbed in the leg by a boy from another estate on Saturday night.",        ["18B"], []),
    ("factors",  "Mum told me her partner pushed her into the door on Saturday.",                            ["3B"], []),
    ("factors",  "Leila (14) went missing three times in July, each time overnight.",                        ["10A"], []),
    ("factors",  "Amina has an FGM clinic follow-up in June.",                                               ["22A"], []),
    # a parent's mental health or mood said to be good (10 authors) ...
    ("factors",  "Dad says mum's mental health is good and she is working again.",                           [], ["4B"]),
    # ... near miss: a low mood that is not said to be good
    ("factors",  "Dad says mum's mental health is poor and she cries most days.",                            ["4B"], []),
    # not assessed / treated as exploited (2 authors) ...
    ("factors",  "Police say Ravi is not being treated as CCE at present.",                                  [], ["24A"]),
    # ... near miss
    ("factors",  "Police say Ravi is being treated as CCE and a referral has gone to the panel.",            ["24A"], []),
    # below the MARAC threshold (2 authors) ...
    ("services", "DASH completed with mum today - 10, below the MARAC threshold; IDVA to review.",           [], [MARAC]),
    # ... near miss
    ("services", "DASH completed with mum today - 16, so a MARAC referral was made.",                         [MARAC], []),
    # not registered with a GP (8 authors) ...
    ("services", "Bogdan arrived last month and is not registered with a GP yet.",                           [], [GP]),
    # ... near miss
    ("services", "Bogdan is registered with a GP and was seen there on Friday.",                             [GP], []),
    # a service someone will not go to or has not reported to (2 authors each) ...
    ("services", "Zofia has not reported it to the police yet; she is frightened of the family.",             [], ["Police"]),
    ("services", "Sofia is not ready to go to police yet.",                                                  [], ["Police"]),
    ("services", "Dmitri says he won't go to the alcohol service, \"it's not that bad\".",                  [], ["Substance misuse service"]),
    # ... near miss
    ("services", "Zofia reported it to the police on Monday and gave a statement.",                          ["Police"], []),
    ("services", "She wants the police involved and gave a statement.",                                      ["Police"], []),
    ("services", "Dmitri went to the alcohol service on Tuesday for his first appointment.",                 ["Substance misuse service"], []),
    # an NRM referral only on a condition (2 authors) ...
    ("factors",  "Plan agreed for an NRM referral if Kacper is found carrying drugs again.",                 [], ["12A"]),
    # ... near miss
    ("factors",  "NRM referral made today as Kacper was found carrying drugs in another county.",            ["12A"], []),
    # an NRM only to be considered (7 authors) and a risk of going missing that is rated, not an episode (3) ...
    ("factors",  "Exploitation panel referral made; NRM to be considered by the day team on Monday.",        [], ["12A"]),
    ("factors",  "Pending NRM consideration at the next panel.",                                             [], ["12A"]),
    ("factors",  "Risk: high risk of going missing from the placement; phone checks agreed.",                [], ["10A"]),
    # ... near miss
    ("factors",  "Exploitation panel referral made; NRM referral submitted by the day team on Monday.",      ["12A"], []),
    ("factors",  "Emil (15) went missing from the placement on Sunday night and was found in Luton.",        ["10A"], []),
    # a service released from or discharged by in a past month (4 authors) ...
    ("services", "Dad was released from HMP Brixton in November and lives with his sister.",                 [], ["Prison"]),
    ("services", "Mum was discharged by the perinatal team in March and is well.",                           [], ["Adult mental health services"]),
    # ... near miss
    ("services", "Dad was released from HMP Brixton this morning on licence.",                               ["Prison"], []),
    ("services", "Mum is seen weekly by the perinatal team.",                                                ["Adult mental health services"], []),
])
# fmt: on
def test_keptout29_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)
