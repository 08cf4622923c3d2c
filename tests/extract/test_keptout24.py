"""Context cue families of helper keptout24 (issue 15), each on invented sentences with a current near miss.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest


# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # "none since" reaches back over the ";" that stops other cues (15 authors) ...
    ("factors",  "Kyle went missing from home twice in the first month and was found both times in the same park "
                 "by officers; none since Easter.",                                                   [], ["10A"]),
    # ... near miss: the same episodes, this week
    ("factors",  "Kyle went missing from home twice this week and was found both times in the same park by officers.",
                                                                                                      ["10A"], []),
    # ... and "nothing since until" brings it back to now
    ("factors",  "Kyle went missing from home twice in the first month and was found both times in the same park "
                 "by officers; nothing since until this weekend.",                                    ["10A"], []),
    # an order or course completed in a named month (6 authors) ...
    ("factors",  "His youth caution for the shoplifting was completed in September and there have been no arrests.",
                                                                                                      [], ["14A"]),
    # ... near miss: a caution given last week
    ("factors",  "He was given a youth caution for the shoplifting last week and is due back at court.", ["14A"], []),
    # a span of ages in the past (2 authors) ...
    ("services", "Tia was open to CAMHS from 13 to 15 and is now settled.",          [], ["Child and Adolescent Mental Health Services"]),
    # ... near miss: a score that went from 16 to 11 is not an age span
    ("services", "Tia's GAD-7 went down from 16 to 11 with CAMHS support.",          ["Child and Adolescent Mental Health Services"], []),
    # what someone apologised for is done (2 authors) ...
    ("factors",  "Mum apologised for the drinking at the party last month.",                            [], ["1B"]),
    ("factors",  "Mum was drinking at the party and was sick.",                                         ["1B"], []),
    # now off a medication or a drug (4 authors) ...
    ("factors",  "Mum is now off sertraline and says she feels herself.",                               [], ["4B"]),
    ("factors",  "Mum is on sertraline and says she feels low.",                                        ["4B"], []),
    ("factors",  "Dad has been off cannabis for a year.",                                               [], ["2B"]),
    ("factors",  "Tyler says he's off weed since his birthday, swabs clear.",                           [], ["2A"]),
    # ... near miss: off to a place is not off a drug
    ("factors",  "Tyler says he's off to smoke weed at the park after school.",                         ["2A"], []),
    # ... near miss: off school is not off a drug
    ("factors",  "Dad has been off school runs for a week; he smokes cannabis daily.",                  ["2B"], []),
    # a missing protocol, plan or risk is what to do if a child goes missing (6 authors) ...
    ("factors",  "Carers briefed on the missing protocol before Amira arrived.",                        [], ["10A"]),
    # ... near miss: an episode, then the protocol
    ("factors",  "Amira went missing from the placement overnight and carers followed the protocol.",   ["10A"], []),
    # the risk that a child will go missing (3 authors) ...
    ("factors",  "There is a high risk he will go missing: no phone, no friends here.",                 [], ["10A"]),
    ("factors",  "He went missing again last night and was found at 3am.",                              ["10A"], []),
])
# fmt: on
def test_keptout24_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)
