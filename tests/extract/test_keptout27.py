"""Context cue families of helper keptout27, each on invented sentences with a near miss that must not fire.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest

MACE = "Multi-agency public protection / exploitation panels"


# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # "no one <does>" is a negation as "nobody" is (6 authors leak, 24 write it) ...
    ("factors",  "Asked gently about home; Sana says no one smacks her and she feels safe there.",    [], ["18C"]),
    # ... near miss: "no one else would want you" is the abuse itself
    ("factors",  "Her boyfriend told Sana that no one else would want her and took her phone.",      ["17A"], []),
    # "no suggestion / no intel / no indication that" (19 authors) ...
    ("factors",  "No suggestion the children have been hit by dad.",                                   [], ["18C"]),
    ("factors",  "Police hold no intelligence that Marcus is being used to run drugs for the group.", [], ["24A"]),
    # ... near miss: intelligence that he is
    ("factors",  "Police intelligence says Marcus is being used to run drugs for the group.",         ["24A"], []),
    # "neither" reaches the concern a few words on (4 authors) ...
    ("factors",  "Neither parent reports any domestic abuse.",                                         [], ["3B"]),
    # ... near miss: a new clause past its reach
    ("factors",  "Neither parent came to the meeting on time, and later mum disclosed domestic abuse by her partner.",
                                                                                                       ["3B"], []),
    # ": no concerns about" keeps its forward reach next to the list answer (7 authors) ...
    ("factors",  "Ben and Joy: no concerns about alcohol, no health problems that affect their care of the children.",
                                                                                                       [], ["1B"]),
    # ... and the list answer still reaches back
    ("factors",  "Dad's drinking: no concerns raised by school.",                                      [], ["1B"]),
    # "no current signs of" (2 authors) ...
    ("factors",  "There are no current signs of anxiety: she is sleeping and eating.",                [], ["4A", "4B"]),
    # ... near miss: clear signs
    ("factors",  "There are clear signs of anxiety: she is not sleeping or eating.",                  ["4A"], []),
    # "nothing about" (2 authors) ...
    ("factors",  "Nothing about alcohol in either carer's records.",                                   [], ["1B"]),
    # "not reported missing" (2 authors) ...
    ("factors",  "Kai was not reported missing over the weekend.",                                     [], ["10A"]),
    # ... near miss
    ("factors",  "Kai was reported missing over the weekend.",                                         ["10A"], []),
    # "no police call-outs for" (4 authors) ...
    ("factors",  "There have been no police call-outs for domestic abuse at the flat.",                [], ["3B"]),
    # ... near miss: two call-outs
    ("factors",  "There have been two police call-outs for domestic abuse at the flat this month.",    ["3B"], []),
    # a test negative for a drug (4 and 10 authors) ...
    ("factors",  "Dad's hair strand test for cocaine was negative.",                                   [], ["2B"]),
    ("factors",  "Dad's hair strand test came back negative for cocaine.",                             [], ["2B"]),
    # ... near miss: positive
    ("factors",  "Dad's hair strand test came back positive for cocaine.",                             ["2B"], []),
    # "has been sober since" reaches back over the clause that names what ended (5 authors leak) ...
    ("factors",  "Dad drank heavily for about a year after his brother died and has been sober since 2020.",
                                                                                                       [], ["1B"]),
    ("factors",  "Mum drank heavily after the divorce from her first husband, was on a plan in 2019, hasn't had a "
                 "drink since 2020.",                                                                  [], ["1B"]),
    # ... near miss: sober for a while, then drinking again
    ("factors",  "Dad was sober for two years and has been drinking heavily again since Christmas.",   ["1B"], []),
    # postnatal depression after an older child (9 authors) ...
    ("factors",  "Mum had postnatal depression after Kayden and works full time at the bakery.",      [], ["4B"]),
    # ... near miss: postnatal depression now
    ("factors",  "Mum has severe postnatal depression after the birth and is under the perinatal team.", ["4B"], []),
    # "which ended" wins over the "which" stop (13 authors) ...
    ("factors",  "Mum's domestic abuse from Lily's dad, which ended when he moved to Leeds, still upsets her.",
                                                                                                       [], ["3B"]),
    ("factors",  "The physical abuse by the lodger, which ended in April, was serious.",              [], ["18C"]),
    # ... near miss: which started
    ("factors",  "Mum's domestic abuse from Lily's dad, which started in the spring, still upsets her.",
                                                                                                       ["3B"], []),
    # "who went back to <country> in <year>" (2 authors) ...
    ("factors",  "There was domestic abuse from Zofia's dad, who went back to Poland in 2018.",        [], ["3B"]),
    # a parent who left a partner because of the abuse (10 authors) ...
    ("factors",  "Mum left Jayden's dad because he punched her in front of the children.",            [], ["3B"]),
    ("factors",  "Mum left her husband after years of him hitting her.",                              [], ["3B"]),
    # ... near miss: no one left
    ("factors",  "Mum says Jayden's dad hit her last month.",                                          ["3B"], []),
    # what someone could tell or see was observed (3 authors) ...
    ("factors",  "Nan could tell mum had been drinking as soon as she came in.",                       ["1B"], []),
    # ... near miss: what could happen
    ("factors",  "Nan worries mum could start drinking again.",                                        [], ["1B"]),
    # discussed at a meeting (4 authors) ...
    ("services", "Ellis was discussed at MACE on Tuesday.",                                            [MACE], []),
    # "have healed" (3 authors) ...
    ("factors",  "The cuts on her arms have healed and she is back at netball.",                      [], ["15A"]),
    # ... near miss: still healing
    ("factors",  "She cut her arm again on Sunday and the cuts are still healing.",                    ["15A"], []),
    # "has stopped the weed" (5 authors) ...
    ("factors",  "Tyler says he has stopped the weed because of the tests at work.",                   [], ["2A"]),
    # ... near miss: stopping medication is a worry now
    ("factors",  "Mum has stopped the tablets and says her depression is worse.",                      ["4B"], []),
])
# fmt: on
def test_keptout27_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)
