"""Context cue families of helper keptout23 (issue 15), each on invented sentences with a current near miss.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest


# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # a negation reaches an item joined by "or" just past its own reach ...
    ("factors",  "Dad reports no current low mood or anxiety since starting work.",            [], ["4B"]),
    # ... near miss: the same items, present
    ("factors",  "Dad reports current low mood and anxiety since losing work.",                 ["4B"], []),
    # the note calls what went before historical (2 authors) ...
    ("factors",  "Older boys groomed him to run drugs out of town, which is historical now.",   [], ["24A"]),
    # ... near miss: nothing called historical
    ("factors",  "Older boys groomed him to run drugs out of town and still message him.",      ["24A"], []),
    # back then (2 authors) ...
    ("factors",  "He was cutting his arms most weeks back then; none for a long while.",        [], ["15A"]),
    ("factors",  "He is cutting his arms most weeks and hides it from staff.",                  ["15A"], []),
    # a harm that would follow, not one happening (2 authors) ...
    ("factors",  "Without mum's support the baby would be at risk of neglect.",                 [], ["16A"]),
    ("factors",  "The baby is at risk of neglect; the bottles are left out all day.",           ["16A"], []),
    # a young person's own "ain't" (4 authors) ...
    ("factors",  "Kez said she aint self-harming these days.",                                 [], ["15A"]),
    ("factors",  "Kez said she is self-harming again most nights.",                             ["15A"], []),
    # does not present with (2 authors) ...
    ("factors",  "Mum does not present with any mental health difficulty at visits.",           [], ["4B"]),
    ("factors",  "Mum presents with low mood and struggles to get up.",                         ["4B"], []),
    # a professional does not think someone has the concern (4 authors) ...
    ("factors",  "The SENCO does not think Rio has a learning disability.",                     [], ["5A"]),
    # ... near miss: the professional thinks so
    ("factors",  "The SENCO thinks Rio has a learning disability and is seeking a diagnosis.",  ["5A"], []),
    # a leaflet or the details of a service to pass on (2 authors) ...
    ("services", "Left a leaflet for the food bank with gran to pass on.",                      [], ["Food bank and crisis support"]),
    ("services", "Gran took mum to the food bank on Tuesday.",                                  ["Food bank and crisis support"], []),
    # a parent's illness dated to an older child's birth (4 authors) ...
    ("factors",  "Mum had postnatal depression after Leo was born and was on tablets for a year.", [], ["4B"]),
    # ... near miss: low since the birth and still
    ("factors",  "Mum has had low mood since Leo was born and is on tablets.",                   ["4B"], []),
])
# fmt: on
def test_keptout23_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)
