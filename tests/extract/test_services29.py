"""Services, round services29: wording families learnt from training and development authors (2+ each).

Each row: an invented sentence (no corpus text), labels that must be in the note-level set, labels that must not be.
Every family has a near miss beside it. The rules live in casenotes/extract/rules/service_rules.json and in the
services section of casenotes/taxonomy/data/lexicon.yaml.
"""

from __future__ import annotations

import pytest

SCHOOL = "School"
FAITH = "Faith and community groups"
EDT = "Emergency duty team"
PROB = "Probation"
DCT = "Disabled children's team"
EH = "Early Help"
IDVA = "Independent Domestic Violence Advocate"
REFUGE = "Refuge / supported accommodation"
SUBST = "Substance misuse service"

# fmt: off
SERVICES = [
    # --- college as how a young person is doing, not the college's involvement -------------------------------------
    ("Staff say Ormond is settled, goes to college and has not been missing.",  [],         [SCHOOL]),
    ("Tamsin is attending college and sleeping better.",                        [],         [SCHOOL]),
    ("Quill is back at college two mornings a week.",                           [],         [SCHOOL]),
    ("The college rang: Quill has missed four days this month.",                [SCHOOL],   []),
    ("He has not been back to college since the fight.",                        [SCHOOL],   []),
    # --- Church (Chapel, Temple) before a capitalised word is a place's name -----------------------------------------
    ("Home visit to Fenwick Avenue, Church Moreton, with the HV.",               [],         [FAITH]),
    ("He was seen on Temple Parade late on Saturday.",                          [],         [FAITH]),
    ("The church has given the family a cot and food vouchers.",                [FAITH],    []),
    ("Church Elders came to the house with a hamper.",                          [FAITH],    []),
    # --- people who know each other through a place of worship -------------------------------------------------------
    ("Mum named a church friend as a back-up carer for the boys.",              [],         [FAITH]),
    ("Her mother and Mrs Ambler go to the same church in town.",                [],         [FAITH]),
    ("Orla has been staying at Mrs Petrie's from church since Monday.",         [],         [FAITH]),
    ("The pastor from the church visits the family each week.",                 [FAITH],    []),
    # --- another service's out-of-hours line is not the emergency duty team -----------------------------------------
    ("Probation OOH rang at 19:10 about a breach.",                             [],         [EDT]),
    ("Gave mum the YJS out of hours number.",                                   [],         [EDT]),
    ("OOH social worker visited at 23:00 after the police call.",               [EDT],      []),
    # --- an offender's licence is probation's supervision; a driving licence is not -------------------------------
    ("Home visit - Mr Tarrant (licence), with his partner present.",            [PROB],     []),
    ("This goes into his licence conditions review next week.",                 [PROB],     []),
    ("Dad lost his driving licence after the crash and cannot work.",           [],         [PROB]),
    ("She is helping him apply for a provisional licence.",                     [],         [PROB]),
    ("He drives a taxi on his own licence.",                                    [],         [PROB]),
    ("Clean for a year; his licence finished in March.",                        [],         [PROB]),
    # --- a short break (singular) is the disabled children's team ------------------------------------------------
    ("Emergency short break agreed for Friday night while mum is in hospital.", [DCT],      []),
    ("Panel agreed an overnight short break once a month.",                     [DCT],      []),
    ("Mum says they just need a short break from each other.",                  [],         []),
    # --- a keyworker or family support worker of another service is not Early Help ------------------------------------
    ("His keyworker at the drug service says the last test was clear.",         [],         [EH]),
    ("The family support worker at the school has been doing the mornings.",    [],         [EH]),
    ("Early Help have allocated a worker to support mum with routines.",        [EH],       []),
    # --- Refuge is a refuge, not the domestic abuse charity ---------------------------------------------------------
    ("Refuge rang at 21:00: mum and the two girls arrived safely.",             [],         [IDVA]),
    ("The IDVA has referred mum to a refuge out of area.",                      [IDVA],     []),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), SERVICES)
def test_services29_wording(expect_labels, text, present, absent):
    expect_labels("services", text, present, absent)
