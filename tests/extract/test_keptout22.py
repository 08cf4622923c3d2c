"""Context cue families of helper keptout22 (issue 15), each on invented sentences with a current near miss.

Families kept only where at least two authors of the training and development notes write them.
"""

from __future__ import annotations

import pytest

# fmt: off
@pytest.mark.parametrize("group, text, present, absent", [
    # ... near miss: an order still running
    # sessions finished (8 authors) ...
    ("needs",    "Parents have finished all ten sessions of parental conflict work.",           [], ["family_relationships"]),
    # ... near miss: sessions still going on
    ("needs",    "Parents are halfway through sessions for parental conflict.",                 ["family_relationships"], []),
    # a service that finished or discharged stays involved (the gold convention), dated or not
    ("services", "Dad finished eight sessions with NHS Talking Therapies.",                     ["Adult mental health services"], []),
    ("services", "The physio discharged her in July, walking well.",                            ["Occupational therapy / physiotherapy"], []),
    # a "What happened:" header tells the past (9 authors) ...
    ("factors",  "What happened: the older boys groomed Jay to run drugs to the coast.",        [], ["24A"]),
    # ... unless its line dates it to today
    ("factors",  "What happened: this morning the older boys groomed Jay to run drugs.",       ["24A"], []),
    # a service offered is not involved (23 authors) ...
    ("services", "The GP has offered her a review of the medication.",                       ["General practitioner"], []),
    ("services", "Portage could be offered once the baby is settled.",                          [], ["Portage"]),
    ("services", "A Home-Start volunteer was offered.",                                         [], ["Home-Start"]),
    # ... near miss: offered and accepted
    ("services", "A Home-Start volunteer was offered and accepted, first visit Monday.",        ["Home-Start"], []),
    # a service a family would benefit from (2 authors)
    ("services", "Dad would benefit from a few weeks with Home-Start.",                         [], ["Home-Start"]),
    ("services", "Dad has benefited from weekly Home-Start visits.",                            ["Home-Start"], []),
    # a service only talked about (9 authors)
    ("services", "We talked about the SARC; she has not decided.",                              [], ["Sexual assault referral centre"]),
    ("services", "She went to the SARC with the police on Friday.",                             ["Sexual assault referral centre"], []),
    # a referral that waits on consent (4 authors): the service is not yet involved, the concern stays
    ("services", "Will ask the GP for a CAMHS referral if she agrees.",                         [], ["Child and Adolescent Mental Health Services"]),
    ("factors",  "Dad smokes cannabis daily; SW to refer to the drug service if he agrees.",    ["2B"], []),
    ("services", "SW referred dad to the drug service today.",                                  ["Substance misuse service"], []),
    # a service someone will think about (2 authors)
    ("services", "Mum will think about the Family Hub groups.",                                [], ["Family Hub"]),
    ("services", "Mum goes to the Family Hub groups on Tuesdays.",                             ["Family Hub"], []),
    # a header inside a sentence, or a line dated this week, is not the past
    ("factors",  "What happened: on Friday night the older boys groomed Jay to run drugs.",     ["24A"], []),
    # reluctance to use a service (2 authors)
    ("services", "Mum is not keen on trying Home-Start yet.",                                   [], ["Home-Start"]),
    ("services", "Mum is keen on Home-Start and the first visit is booked.",                    ["Home-Start"], []),
    # a dated move or split names the past concern that caused it (9 authors) ...
    ("factors",  "Mum left four years ago after dad punched her.",                             [], ["3B"]),
    ("factors",  "Mum left in 2021 after dad punched her; he still hits her at handovers.",     ["3B"], []),
    # what a child did before a parent went into hospital or prison (2 authors)
    ("factors",  "Jo did the cooking and cleaning before mum went in.",                         [], ["7A"]),
    ("factors",  "Jo does the cooking and cleaning while mum is in hospital.",                  ["7A"], []),
    # a sentence that opens with a past season (2 authors); not the school holidays
    ("factors",  "Over the summer dad was drinking heavily most nights.",                       [], ["1B"]),
    ("factors",  "In the summer holidays dad was drinking heavily most nights.",                ["1B"], []),
])
# fmt: on
def test_keptout22_cues(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)
