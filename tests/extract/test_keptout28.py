"""Context cue families of helper keptout28, each on invented sentences with a near miss that must not fire.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest

CAMHS = "Child and Adolescent Mental Health Services"
EARLY_HELP = "Early Help"


# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # an option named before "may be appropriate / might be worth / would be needed" (10 authors, no current use) ...
    ("services", "Some signs of trauma; CAMHS may be appropriate once Ola is more settled.",           [], [CAMHS]),
    ("services", "Early Help might be worth it later for the family.",                                  [], [EARLY_HELP]),
    ("factors",  "Advised that an NRM would be needed if Tomasz is moved out of the city again.",       [], ["12A"]),
    # ... near miss: the service is involved and the referral was made
    ("services", "CAMHS have been appropriate and saw Ola on Monday.",                                  [CAMHS], []),
    ("factors",  "An NRM referral was made today because Tomasz was moved out of the city to sell.",   ["12A"], []),
])
# fmt: on
def test_keptout28_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)
