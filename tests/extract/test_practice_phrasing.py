"""How practitioners actually write: shorthand, euphemism, police and school phrasing, typos.

Each row: a fictional note sentence, then factors / needs / services that must be among the note-level
results, and labels that must NOT be (precision guards). Expected sets are subsets, not the whole answer.
"""

from __future__ import annotations

import pytest



def concern(result: dict, kind: str = "factor") -> list[tuple]:
    return [(m["label"], m["status"], m["subject"]) for m in result["mentions"] if m["kind"] == kind]

F, N, S = "factors", "needs", "services"

# fmt: off
PHRASING = [
    # --- parental mental health -------------------------------------------------------------------
    ("Mum disclosed she has been feeling low and was prescribed sertraline by GP.",
     {F: ["4B"], N: ["health"], S: ["General practitioner"]}, []),
    ("Mum referred to Talking Therapies for her low mood.",
     {F: ["4B"], S: ["Adult mental health services"]}, []),
    ("mum dx with PND after [CHILD_2] was born, on fluoxetine",
     {F: ["4B"]}, []),
    ("Dad was sectioned under s136 on Friday and is on the psych ward.",
     {F: ["4B"]}, []),
    ("Mum took an OD of paracetamol last night and was seen by the crisis team.",
     {F: ["4B"], S: ["Adult mental health services"]}, ["15A"]),
    ("[PERSON_2] (mum) is under the EIP team and reports hearing voices.",
     {F: ["4B"], S: ["Adult mental health services"]}, []),
    ("Dad says he has been struggling with his mental health and having panic attacks.",
     {F: ["4B"]}, []),
    # --- child mental health / self-harm ----------------------------------------------------------
    ("[CHILD_1] (14) disclosed suicidal ideation and has been self-harming by cutting her arms.",
     {F: ["4A", "15A"]}, []),
    ("YP has scratches on her wrists and said she wanted to end her life.",
     {F: ["15A"]}, []),
    # --- education --------------------------------------------------------------------------------
    ("[CHILD_2] has not attended school since September.",
     {N: ["education"]}, []),
    ("[CHILD_1] is classed as PA - attendance 71% this term.",
     {N: ["education"]}, ["Leaving care service"]),
    ("School report [CHILD_1] is now a persistent absentee and is on a reduced timetable.",
     {N: ["education"]}, []),
    ("Received a fixed-term exclusion for fighting, his second FTE this year.",
     {N: ["education"]}, []),
    ("[CHILD_1] is not on roll at any school, CME referral made.",
     {N: ["education"], S: ["Attendance / education welfare"]}, []),
    ("Dad was given a suspended sentence for the assault.",
     {N: ["crime"]}, ["education"]),
    # --- domestic abuse ---------------------------------------------------------------------------
    ("Police called to address following verbal argument between mum and her partner [PERSON_3].",
     {F: ["3B"], N: ["domestic_abuse"], S: ["Police"]}, []),
    ("PPN received: police attended a domestic at the address, DASH completed as medium risk.",
     {F: ["3B"]}, []),
    ("Mum has a non-mol in place against [PERSON_3] and he is on bail conditions not to contact her.",
     {F: ["3B"]}, []),
    ("Dad shows coercive & controlling behaviour (CCB), checking mum's phone.",
     {F: ["3B"]}, []),
    ("Case heard at MARAC on 12/03 due to ongoing DV.",
     {F: ["3B"], S: ["Multi-Agency Risk Assessment Conference"]}, []),
    # --- crime ------------------------------------------------------------------------------------
    ("[PERSON_2] (dad) has a history of drug dealing and is currently on licence.",
     {N: ["crime"], S: ["Probation"]}, ["24A"]),
    ("Dad is currently on remand at HMP Leeds awaiting trial for GBH.",
     {N: ["crime"]}, []),
    # --- alcohol and drugs ------------------------------------------------------------------------
    ("House smelt of cannabis and dad appeared under the influence.",
     {F: ["2B"], N: ["substance_use"]}, []),
    ("Mum was slurring her words and there were empty cans all over the front room.",
     {F: ["1B"]}, []),
    ("Dad admits he has relapsed and is using crack again.",
     {F: ["2B"]}, []),
    ("Mum is on a methadone script via CGL and attends D&A appointments.",
     {F: ["2B"], S: ["Substance misuse service"]}, []),
    ("Referral to Forward Leeds for support with his drinking.",
     {S: ["Substance misuse service"]}, []),
    ("[CHILD_1] (15) was found smoking spice in the park with peers.",
     {F: ["2A"]}, []),
    ("mum drinking 2 bottles of wine a night when the kids are in bed",
     {F: ["1B"]}, []),
    # --- neglect ----------------------------------------------------------------------------------
    ("Home conditions poor, baby in a dirty nappy and there was no food in the house.",
     {F: ["16A"]}, []),
    ("[CHILD_1] presents as unkempt at school with head lice and poor hygiene.",
     {F: ["16A"]}, []),
    ("[CHILD_1] was WNB to three dental appointments.",
     {N: ["health"]}, []),
    ("The children were left unsupervised overnight while mum went out.",
     {F: ["16A"]}, []),
    # --- housing and money ------------------------------------------------------------------------
    ("Family in TA since the s21 notice and mum is worried about being evicted.",
     {N: ["housing"]}, []),
    ("Dad is of NFA and has been sofa-surfing with friends.",
     {N: ["housing"]}, []),
    ("Mum has had a UC sanction, is behind on her rent and used the food bank twice.",
     {N: ["financial"]}, []),
    ("Prepayment meter ran out, family have no heating or hot water.",
     {N: ["financial"]}, []),
    ("Mum has NRPF and is unable to afford school uniform.",
     {N: ["financial"]}, []),
    # --- missing, CSE, CCE ------------------------------------------------------------------------
    ("[CHILD_1] had a missing episode over the weekend, MFH report made and RHI completed.",
     {F: ["10A"], S: ["Multi-agency public protection / exploitation panels"]}, []),
    ("Concerns she is associating with older males, has unexplained gifts and a second phone.",
     {F: ["11A"]}, []),
    ("YP found in Southend with £400 cash and a burner phone, believed to be county lines.",
     {F: ["24A"]}, []),
    ("Police believe the flat is being cuckooed and [CHILD_1] is running drugs for an older male.",
     {F: ["24A"]}, []),
    ("[CHILD_1] went awol from placement and returned at 3am.",
     {F: ["10A"]}, []),
]

# Ordinary text that must stay quiet.
QUIET = [
    ("Mum is using the new washing machine and the light was low.", ["1B", "2B", "4B"]),
    ("Case closed, NFA.", ["housing"]),
    ("[CHILD_1] enjoys playing with cars and has a new phone for his birthday.", ["11A", "24A"]),
    ("Dad has some cans of paint in the shed.", ["1B"]),
    ("Mum was feeling low on energy after the flu.", ["4B"]),
    ("Police attended a school assembly to talk about online safety.", ["3B"]),
    ("[CHILD_1]'s attendance is 98% and she is doing well.", ["education"]),
    ("Mum was arguing with the council about bin collections.", ["3B"]),
    ("Dad is a PA to a local MP.", ["education"]),
    ("Good attendance at the 3 core group meetings from both parents.", ["education"]),
    ("Police were called to a fight in the park involving [CHILD_1] and peers.", ["3B", "domestic_abuse"]),
    ("[CHILD_1] (6) has global developmental delay.", ["early_years"]),
    ("Dad has been suspended from work pending an investigation.", ["education"]),
    ("Mum has sole possession of the tenancy.", ["23A"]),
    ("Dad was arrested for possession of cannabis with intent to supply.", ["23A"]),
    ("[CHILD_1] had a domestic science lesson and enjoyed doing domestic chores.", ["3B"]),
]
# fmt: on


@pytest.mark.parametrize("text, expected, absent", PHRASING)
def test_practice_phrasing(extractor, text, expected, absent):
    result = extractor.extract(text)
    for key, labels in expected.items():
        missing = [label for label in labels if label not in result[key]]
        assert not missing, f"{key} missing {missing}: got {result[key]}; mentions {concern(result)} {concern(result, 'need')}"
    found = set(result[F]) | set(result[N]) | set(result[S])
    assert not found & set(absent), f"should not find {sorted(found & set(absent))}"


@pytest.mark.parametrize("text, absent", QUIET)
def test_practice_phrasing_ordinary_text_stays_quiet(extractor, text, absent):
    result = extractor.extract(text)
    found = set(result[F]) | set(result[N]) | set(result[S])
    assert not found & set(absent), f"should not find {sorted(found & set(absent))}"


# fmt: off
@pytest.mark.parametrize("text, label, status", [
    ("Dad has a history of drug dealing.",                        "crime",      "historical"),
    ("[PERSON_2] (dad) has a history of drug dealing and is on licence.", "crime", "historical"),
    ("Mum has a history of heroin use and is now on a methadone script.", "2B", "current"),
    ("Mum was referred to Talking Therapies and is now on the waiting list.",
     "Adult mental health services", "referred"),
    ("Case heard at MARAC on Tuesday.",                           "Multi-Agency Risk Assessment Conference", "involved"),
    ("MARAC referral completed.",                                 "Multi-Agency Risk Assessment Conference", "referred"),
    ("Foodbank voucher given; food bank referral made.",          "Food bank and crisis support", "referred"),
    ("Mum has not been drinking since her detox.",                "1B",         "negated"),
    ("If mum starts using again she may need a referral to CGL.", "2B",         "hypothetical"),
    ("There are no attendance concerns this term.",               "education",  "negated"),
    ("Mum denies any recent missing episodes for [CHILD_1].",     "10A",        "negated"),
    ("Mum was in TA until 2019 and now has a council tenancy.",   "housing",    "historical"),
])
# fmt: on
def test_practice_phrasing_context(extractor, text, label, status):
    result = extractor.extract(text)
    statuses = [m["status"] for m in result["mentions"] if m["label"] == label]
    assert status in statuses, f"{label}: {statuses}; mentions {concern(result)} {concern(result, 'need')}"
