"""Services, round services28: wording families learnt from training and development authors (2+ each).

Each row: an invented sentence (no corpus text), labels that must be in the note-level set, labels that must not be.
Every family has a near miss beside it. The rules live in casenotes/extract/rules/service_rules.json and in the
services section of casenotes/taxonomy/data/lexicon.yaml.
"""

from __future__ import annotations

import pytest

AE = "Accident and emergency"
HOSP = "Hospital / paediatrics"
AMH = "Adult mental health services"
FAITH = "Faith and community groups"
SCHOOL = "School"
EARLY = "Early years setting"
IMM = "Immigration"

# fmt: off
SERVICES = [
    # --- ED as the emergency department: attended / our ED, ED record words, ED with a time ------------------------
    ("Tobiah re-attended ED after drinking vodka again.",                      [AE],       []),
    ("Marnie came to our ED on Sunday with a scalded hand.",                    [AE],       []),
    ("ED SAFEGUARDING REVIEW - Wren Allardyce, aged 6.",                        [AE],       []),
    ("ED 23:40. Corin Vale (15) brought in by friends.",                        [AE],       []),
    ("She has had three ED attendances since March.",                           [AE],       []),
    ("The CAMHS ED team are seeing her weekly about her weight.",              [],         [AE]),
    ("The dietitian says her ED has got worse since May.",                      [],         [AE]),
    # --- hospital: a named or numbered ward, the hospital's own ward, theatre, skeletal survey, consultant ------------
    ("Ward note, Skylark Ward, 14:00. Jorvan is settled after surgery.",       [HOSP],     []),
    ("Bexley has been on Ward 12 since Friday with a sickle crisis.",           [HOSP],     []),
    ("Pip was on our ward for two nights with croup.",                          [HOSP],     []),
    ("The skeletal survey shows an old fracture of the left arm.",             [HOSP],     []),
    ("He was taken to theatre for a wash-out of the wound.",                   [HOSP],     []),
    ("A letter from his consultant says he needs treatment until June.",       [HOSP],     []),
    ("She trained as a musical theatre performer.",                             [],         [HOSP]),
    ("Mum was sectioned on Monday and is now on Larch Ward.",                   [],         [HOSP]),
    ("Dad is on Ward 3 at the unit, detained under section 3.",                 [],         [HOSP]),
    ("The MBU consultant plans to discharge mum next week.",                    [],         [HOSP]),
    ("Her consultant psychiatrist has changed her medication.",                 [],         [HOSP]),
    ("He is seen by the neuromuscular team every six months.",                 [HOSP],     []),
    # --- adults' mental health: the perinatal team in full, the care coordinator, the older adults' team ---------------
    ("The GP has referred mum to the perinatal mental health team.",            [AMH],      []),
    ("Dad sees his care coordinator every fortnight and takes his depot.",     [AMH],      []),
    ("Gran is under the older adults mental health team after a fall.",        [AMH],      []),
    ("Her CAMHS care coordinator rang about the self-harm.",                    [],         [AMH]),
    ("Mum is not under any mental health team.",                                [],         [AMH]),
    # --- temple as the side of the head ---------------------------------------------------------------------------
    ("Small graze to the L temple and a swollen lip.",                          [],         [FAITH]),
    ("He had a bruise on his temple after the fight.",                          [],         [FAITH]),
    ("The family go to the temple every Sunday and the priest visits.",         [FAITH],    []),
    # --- after-school with a hyphen, school hours, a wish to go to college -----------------------------------------
    ("She cannot pay for the after-school club this term.",                    [],         [SCHOOL]),
    ("Neighbours see him on the estate in school hours.",                       [],         [SCHOOL]),
    ("He says he wants to go to college and train as a chef.",                  [],         [SCHOOL]),
    ("The college rang because he has missed three days.",                      [SCHOOL],   []),
    # --- nursery as when two people met -------------------------------------------------------------------------
    ("The two mums have been friends since nursery.",                           [],         [EARLY]),
    ("Mum and her friend met when their girls were at nursery together.",      [],         [EARLY]),
    ("Nursery rang to say he had not been collected.",                          [EARLY],    []),
    # --- UASC alone is the child's status ---------------------------------------------------------------------------
    ("Visit to Idris (UASC, 16) at his foster home.",                           [],         [IMM]),
    ("The Home Office has invited Idris to his asylum interview.",              [IMM],      []),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), SERVICES)
def test_services28_wording(expect_labels, text, present, absent):
    expect_labels("services", text, present, absent)
