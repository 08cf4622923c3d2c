"""Needs, round needs29: wording families learnt from training and development authors (2+ authors each).

Each row: an invented sentence (no corpus text), needs that must be in the note-level set, needs that must not be.
Every family has a near miss beside it. The rules live in the needs section of casenotes/taxonomy/data/lexicon.yaml.
"""

from __future__ import annotations

import pytest

EDU = "education"
FAMILY = "family_relationships"
HOUSING = "housing"
MONEY = "financial"
EARLY = "early_years"
SUBSTANCE = "substance_use"

# fmt: off
NEEDS = [
    # --- education: attendance under 85% with other words between -------------------------------------------------
    ("Her attendance this half term is 72%, mostly Fridays.",                  [EDU],           []),
    ("Attendance is up to 79% since the breakfast club started.",              [EDU],           []),
    ("His attendance since Easter 66% and falling.",                           [EDU],           []),
    ("Attendance has gone from 64% to 97% this year.",                         [],              [EDU]),
    ("Attendance 97%, maths 60% in the mock.",                                 [],              [EDU]),
    # --- education: a child not yet in school or not enrolled anywhere ------------------------------------------------
    ("He is not yet in school; a place is being sought.",                      [EDU],           []),
    ("She hasn't been enrolled in a secondary school since the move.",         [EDU],           []),
    ("Mum is not registered with a GP here yet.",                              [],              [EDU]),
    # --- education: grades dropping are a sign of low mood, not the need by themselves ---------------------------------
    ("He has stopped going out and his grades have dropped.",                  [],              [EDU]),
    # --- education: a young person's ESOL course, not a parent's ESOL class -----------------------------------------
    ("He started an ESOL course at the college in October.",                   [EDU],           []),
    ("She is still waiting for an ESOL place.",                                [EDU],           []),
    ("Mum met the worker at her ESOL class on Monday.",                        [],              [EDU]),
    # --- financial: money said to be tight -----------------------------------------------------------------------
    ("Money is tight since grandad's hours were cut.",                         [MONEY],         []),
    ("Finances are tight on her pension alone.",                               [MONEY],         []),
    ("Money is tight but managing, she says.",                                 [],              [MONEY]),
    ("He held the rope tight and climbed.",                                    [],              [MONEY]),
    # --- financial: deductions from a benefit for an advance, an overpayment or a debt -------------------------------
    ("A UC deduction for an old overpayment takes £50 a month.",              [MONEY],         []),
    ("Her UC deductions for the advance end in May.",                          [MONEY],         []),
    ("Tax and NI deductions are on his payslip.",                              [],              [MONEY]),
    # --- housing: the people counted in a home of a given size, not its size alone ------------------------------------
    ("Seven people live in a 2-bed flat above the shop.",                      [HOUSING],       []),
    ("There are nine of them in a three-bedroom terrace.",                     [HOUSING],       []),
    ("The flat is a two-bed for six people.",                                  [HOUSING],       []),
    ("Family of 8 in a 2-bed house on the estate.",                            [HOUSING],       []),
    ("Four adults and two children in a three-bed semi.",                      [HOUSING],       []),
    ("She lives with her son in a two-bed flat near the park.",                [],              [HOUSING]),
    ("The house is a three-bed semi, clean and warm.",                         [],              [HOUSING]),
    # --- family relationships: a parent or child who will not look at, meet or talk about the other -------------------
    ("Since the disclosure her stepdad won't look at her.",                    [FAMILY],        []),
    ("Grandad refuses to meet the baby.",                                      [FAMILY],        []),
    ("He won't talk about his father at all.",                                 [FAMILY],        []),
    ("I won't meet him until the review, as agreed.",                          [],              [FAMILY]),
    ("She will look at the forms tonight.",                                    [],              [FAMILY]),
    # --- housing: a landlord telling the family to leave, giving notice, not fixing the home ---------------------------
    ("Their landlord told them to leave by the end of June.",                  [HOUSING],       []),
    ("The landlord has given her until Friday to clear the room.",            [HOUSING],       []),
    ("The landlord still hasn't fixed the heating since October.",            [HOUSING],       []),
    ("The landlord has fixed the heating and the flat is warm.",              [],              [HOUSING]),
    # --- substance use: a hair strand test alone (awaited, clear) is no need; a positive one names the drug -----------
    ("The hearing was put back as the hair strand results are not in.",        [],              [SUBSTANCE]),
    ("Her hair strand test was positive for cocaine.",                         [SUBSTANCE],     []),
    # --- early years: two people not talking, a baby not rolling yet are no delay ---------------
    ("She and her cousin are \"not talking\" after the party.",                [],              [EARLY]),
    ("The baby is not rolling yet and feeds well.",                            [],              [EARLY]),
    ("At two she has very few words and points instead.",                      [EARLY],         []),
    ("He is 3 and not talking yet.",                                           [EARLY],         []),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), NEEDS)
def test_needs29_wording(expect_labels, text, present, absent):
    expect_labels("needs", text, present, absent)
