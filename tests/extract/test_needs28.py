"""Needs, round needs28: wording families learnt from training and development authors (2+ authors each).

Each row: an invented sentence (no corpus text), needs that must be in the note-level set, needs that must not be.
Every family has a near miss beside it. The rules live in the needs section of casenotes/taxonomy/data/lexicon.yaml
and in ``factor_groups`` of casenotes/taxonomy/data/taxonomy.yaml (an unaccompanied asylum-seeking child is no need
of itself).
"""

from __future__ import annotations

import pytest

AE = "abuse_exploitation"
EDU = "education"
FAMILY = "family_relationships"
MONEY = "financial"

# fmt: off
NEEDS = [
    # --- an unaccompanied asylum-seeking child: a status, not abuse or exploitation -----------------------------------
    ("[PERSON_1] is an unaccompanied asylum seeking child placed with carers in June.", [],       [AE]),
    # --- education: school days missed, not a missing episode ---------------------------------------------------------
    ("She has missed 12 days this term.",                                     [EDU],           []),
    ("He was missing 5 days and was found in a flat in another city.",        [],              [EDU]),
    ("He has been missing 6 days of school since the move.",                  [EDU],           []),
    # --- education: attendance under 85% is the need, 85-89% alone is not ------------------------------------------
    ("Attendance is 79% this half term.",                                     [EDU],           []),
    ("Attendance is 88% this half term.",                                     [],              [EDU]),
    # --- education: not in since a day, not back at school ----------------------------------------------------------
    ("She hasn't been in since Tuesday and stays in her room.",               [EDU],           []),
    ("He has not been back to college since the fight.",                      [EDU],           []),
    ("She hasn't been in touch since Tuesday.",                               [],              [EDU]),
    # --- education: refusing school or the AP -----------------------------------------------------------------------
    ("[PERSON_2] refused school again on Monday.",                                 [EDU],           []),
    ("He refused help with his homework.",                                     [],              [EDU]),
    # --- education: most of a term or the mocks missed, sessions missed -----------------------------------------------
    ("She missed most of the autumn term with anxiety.",                       [EDU],           []),
    ("18 sessions missed since Christmas.",                                    [EDU],           []),
    ("He missed most of the film because he fell asleep.",                     [],              [EDU]),
    # --- education: a phased return, mornings only, late marks -------------------------------------------------------
    ("School have agreed a phased return after half term.",                    [EDU],           []),
    ("He is back at school, mornings only for now.",                           [EDU],           []),
    ("The school reports 9 late marks this half term.",                        [EDU],           []),
    ("He goes to the gym most mornings.",                                      [],              [EDU]),
    # --- family relationships: mediation, caught in the middle, not speaking, shame -----------------------------------
    ("Early Help will start mediation with her dad next week.",                [FAMILY],        []),
    ("Mediation at the youth club went well for the football team.",          [],              [FAMILY]),
    ("[PERSON_3] says she feels stuck in the middle and cries after calls.",      [FAMILY],        []),
    ("She left the bag in the middle of the hall.",                            [],              [FAMILY]),
    ("He and his nan are not speaking.",                                       [FAMILY],        []),
    ("They are not speaking English at home yet.",                             [],              [FAMILY]),
    ("Her aunt told her \"you shamed us\" in front of the cousins.",           [FAMILY],        []),
    ("Dad calls him \"a disgrace\" most days.",                                [FAMILY],        []),
    ("We talked about shame and self-worth in the session.",                   [],              [FAMILY]),
    # --- financial: credit card debt, benefits never claimed, income, short each week, first payment ------------------
    ("Dad owes £5,200 on credit cards and hides the letters.",                 [MONEY],         []),
    ("He paid for the trip on credit card.",                                   [],              [MONEY]),
    ("Mum's Carer's Allowance has never been claimed.",                        [MONEY],         []),
    ("He has not claimed asylum yet.",                                         [],              [MONEY]),
    ("The family has no income since dad lost his job.",                       [MONEY],         []),
    ("Nan is £40 a week short since the allowance changed.",                   [MONEY],         []),
    ("Her UC claim is in but the first payment is not due until March.",       [MONEY],         []),
    ("She got her first payment last week and bought a cot.",                  [],              [MONEY]),
    # --- housing: a notice seeking possession, a tenancy in another adult's name --------------------------------------
    ("Mum got a notice seeking possession on Friday.",                         ["housing"],     []),
    ("The tenancy is in her partner's name, so she could lose the flat.",      ["housing"],     []),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), NEEDS)
def test_needs28_wording(expect_labels, text, present, absent):
    expect_labels("needs", text, present, absent)


def test_uasc_keeps_its_factor_without_the_need(extractor):
    """9A is still found; only the need it used to bring is gone. A trafficked child keeps the need through 12A."""
    result = extractor.extract("He is an unaccompanied asylum seeking child, placed in semi-independent living.")
    assert "9A" in result["factors"], result["factors"]
    assert AE not in result["needs"], result["needs"]
    trafficked = extractor.extract("He is an unaccompanied asylum seeking child and was trafficked to the UK.")
    assert AE in trafficked["needs"], trafficked["needs"]
