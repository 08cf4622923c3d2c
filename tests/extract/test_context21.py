"""Context cue families of round 21 (issue 15), each on invented sentences with a near miss that must stay.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest

# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # a service that discharged the child in this episode was involved (12 authors write "X discharged ...")
    ("services", "The community midwife discharged baby Rosa on day 12.",              ["Midwife"], []),
    ("services", "Seen in A&E overnight with a cut lip, discharged 03:40.",             ["Accident and emergency"], []),
    # ... but one dated to a past year is a past episode
    ("services", "Mum was discharged by the CMHT in 2021 after missing appointments.",  [], ["Adult mental health services"]),
    ("services", "The case was heard at MARAC in 2019 and has not come back since.",    [], ["Multi-Agency Risk Assessment Conference"]),
    # ... and a referral's year dates the referral, which still counts
    ("services", "Referred to CAMHS in 2025 and still on the waiting list.",            ["Child and Adolescent Mental Health Services"], []),
    # a negation reaches the item joined by "or"
    ("factors",  "Stepdad says he does not drink or take drugs.",                       [], ["1B", "2B"]),
    ("needs",    "Stepdad says he does not drink or take drugs.",                       [], ["substance_use"]),
    # ... but not past the item into a new clause
    ("factors",  "Mum does not drink or smoke, and stepdad is using cocaine daily.",    ["2B"], []),
    # a checklist item answered after it
    ("factors",  "Self-harm - none known.",                                             [], ["15A"]),
    ("factors",  "Gang involvement: nothing seen by school.",                           [], ["13A"]),
    ("factors",  "Self-harm - cuts seen on both forearms today.",                       ["15A"], []),
])
# fmt: on
def test_round21_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)


def test_a_sentence_dates_the_violence_it_was_for(extractor):
    """The service "sentenced to 2 years" holds the cue words, yet they still date the assault it was for."""
    result = extractor.extract("Her ex-partner was sentenced to 2 years for the strangulation of her mum.")
    assault = [m for m in result["mentions"] if m["kind"] == "factor"]
    assert assault and all(m["historical"] for m in assault), assault
    assert "Prison" in result["services"]  # the sentence itself is current
    assert "crime" in result["needs"]


def test_years_ago_in_short(expect_labels):
    expect_labels("factors", "Dad was violent to mum, 4 yrs ago; no contact now.", [], ["3B"])
