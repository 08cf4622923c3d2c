"""Needs and services, fourth round of issue 15: wording learnt from the training authors, kept where 2+ authors use it.

Each row: an invented sentence (no corpus text), labels that must be in the note-level set, labels that must not be.
The rules live in the needs and services sections of casenotes/taxonomy/data/lexicon.yaml and in
casenotes/extract/rules/service_rules.json.
"""

from __future__ import annotations

import pytest

FAMILY = "family_relationships"

# fmt: off
NEEDS = [
    # --- family relationships: not speaking, shouting at each other, disowning, not wanting to live with a parent ---
    ("Since the argument her dad won't speak to her at all.",                  [FAMILY],        []),
    ("Gran has not spoken to him since Christmas.",                            [FAMILY],        []),
    ("Mum is barely speaking to her mother after the funeral.",                [FAMILY],        []),
    ("I haven't spoken to [PERSON_3] yet; will ring Friday.",                  [],              [FAMILY]),
    ("Mum has spoken to housing options about a transfer.",                    [],              [FAMILY]),
    ("She won't talk to her social worker today.",                             [],              [FAMILY]),
    ("Dad and his eldest were yelling at each other in the kitchen.",          [FAMILY],        []),
    ("Her stepfather told her \"you are no daughter of mine\".",               [FAMILY],        []),
    ("He says she has shamed the family by going to the police.",             [FAMILY],        []),
    ("[PERSON_1] says she doesn't want to live with her dad any more.",        [FAMILY],        []),
    ("His relationship with his father has broken down since the summer.",     [FAMILY],        []),
    ("They get on well and eat together most nights.",                         [],              [FAMILY]),
    # --- early years: a small child's words counted, speech behind ----------------------------------------------
    ("At two and a half he has about 20 words and points for the rest.",       ["early_years"], []),
    ("She now has ten words; the HV will review in March.",                    ["early_years"], []),
    ("He has about 200 words and short sentences.",                            [],              ["early_years"]),
    ("His speech is still behind for his age, says nursery.",                  ["early_years"], []),
    ("At ten months she is not crawling yet.",                                 ["early_years"], []),
    # --- financial: a benefit stopped or cut, struggling for money ----------------------------------------------
    ("Her PIP was stopped after the review in May.",                           ["financial"],   []),
    ("Dad's UC claim was stopped when he missed the appointment.",             ["financial"],   []),
    ("Nan's kinship allowance was cut in April.",                              ["financial"],   []),
    ("Mum is struggling for money since the move.",                            ["financial"],   []),
    ("Her PIP was renewed at review, no change.",                              [],              ["financial"]),
]

CARE = "Children in care / fostering / adoption"
LD = "Learning disability / neurodevelopmental services"
MASH = "Multi-Agency Safeguarding Hub / front door"
ADULT_MH = "Adult mental health services"
CAMHS = "Child and Adolescent Mental Health Services"
HOSPITAL = "Hospital / paediatrics"
SERVICES = [
    # --- the learning disability nurse or team, the autism / ADHD pathway ----------------------------------------
    ("Dad is supported by the community learning disability nurse.",          [LD],            []),
    ("The LD team are helping him with budgeting.",                            [LD],            []),
    ("He has been on the ASD pathway since the spring.",                       [LD],            []),
    # --- a house's own front door is not the council's front door ------------------------------------------------
    ("Her ex was kicking the front door at midnight.",                         [],              [MASH]),
    ("Neighbour saw him knocking on their front door twice.",                  [],              [MASH]),
    ("Referral made to the front door today by the school.",                   [MASH],          []),
    # --- a CAMHS team is CAMHS, not the adults' service or the front door ---------------------------------------
    ("The CAMHS crisis team saw her on Tuesday night.",                       [CAMHS],         [ADULT_MH]),
    ("Referral sent to CAMHS SPA this morning.",                               [CAMHS],         [MASH]),
    ("Mum is under the crisis team after the overdose.",                       [ADULT_MH],      []),
    # --- another service's keyworker is not Early Help --------------------------------------------------------------
    ("Dad sees his CGL keyworker every week.",                                 [],              ["Early Help"]),
    ("The residential key worker brought him to the meeting.",                 [],              ["Early Help"]),
    ("Her Early Help keyworker visits on Mondays.",                            ["Early Help"],  []),
    # --- a named institution the redactor replaced by its placeholder -------------------------------------------
    ("He attends [SCHOOL] and is in Year 4.",                                  ["School"],      []),
    ("Permanently excluded from [SCHOOL] last year.",                          [],              ["School"]),
    ("Mum went to [SCHOOL] herself.",                                          [],              ["School"]),
    ("Registered at [GP_SURGERY] this week.",                                  ["General practitioner"], []),
    ("Under the cardiology team at [HOSPITAL], next review in June.",          [HOSPITAL],      []),
    ("Taken to A&E at [HOSPITAL] by ambulance.",                               ["Accident and emergency"], [HOSPITAL]),
    ("Has started at [NURSERY] three mornings a week.",                        ["Early years setting"], []),
    # --- a regulation 24 placement ---------------------------------------------------------------------------------
    ("The children are in a Reg 24 placement with their aunt.",                [CARE],          []),
]
# fmt: on


@pytest.mark.parametrize("text, present, absent", NEEDS)
def test_fourth_round_needs(expect_labels, text, present, absent):
    expect_labels("needs", text, present, absent)


@pytest.mark.parametrize("text, present, absent", SERVICES)
def test_fourth_round_services(expect_labels, text, present, absent):
    expect_labels("services", text, present, absent)


def test_a_family_need_is_current_although_its_words_hold_a_negation(extractor):
    """'won't speak to her' is the evidence itself: the 'not' inside the term must not negate it."""
    text = "Since the row, mum won't speak to her."
    mentions = [m for m in extractor.extract(text)["mentions"] if m["kind"] == "need" and m["label"] == FAMILY]
    assert mentions and all(m["status"] == "current" for m in mentions)
    assert "speak to her" in text[mentions[0]["start"]:mentions[0]["end"]]
