"""Services and needs, second round of issue 15: everyday names, other senses, options that are not involvement.

Each row: an invented sentence (no corpus text), labels that must be in the note-level set, labels that must not be.
The rules live in casenotes/extract/rules/service_rules.json, service_context_rules.json and the needs and
services sections of casenotes/taxonomy/data/lexicon.yaml.
"""

from __future__ import annotations

import pytest

CIC, SCHOOL, GP = "Children in care / fostering / adoption", "School", "General practitioner"
HOSPITAL, AP, COURTS = "Hospital / paediatrics", "Alternative provision", "Courts and family justice"
DRUGS, SEXUAL_HEALTH, YOUTH = "Substance misuse service", "Sexual health service", "Youth services"
EHCP, LAC_HEALTH, VIRTUAL = "Education, Health and Care plan", "Looked-after children health team", "Virtual school"

# fmt: off
SERVICES = [
    # --- everyday names and plurals the service list lacks ------------------------------------------
    ("Moved in with new foster carers on Friday, settling slowly.",          [CIC],            []),
    ("[CHILD_1] is CLA and stays at the residential home midweek.",           [CIC],            []),
    ("Private foster carer [PERSON_2] brought him to the review.",           [],               [CIC]),
    ("The CLA nurse did his health assessment.",                             [LAC_HEALTH],     [CIC]),
    ("Goes to the drugs service on Mondays with his worker.",               [DRUGS],          []),
    ("Sexual health nurse saw her at the drop-in about the implant.",        [SEXUAL_HEALTH],  []),
    ("Detached youth workers spoke to him by the skate park.",              [YOUTH],          []),
    ("Three days a week at the AP now, AP staff report better focus.",       [AP],             []),
    ("Head of Y10 phoned mum about the fight.",                              [SCHOOL],         []),
    ("Seen at the ENT clinic for grommets; paediatric review next month.",   [HOSPITAL],       []),
    ("The diabetes specialist nurse changed her insulin plan.",              [HOSPITAL],       []),
    ("Local authority applied for an FGMPO this morning.",                   [COURTS],         []),
    # --- a word in another sense --------------------------------------------------------------------
    ("The virtual school head chased the PEP.",                              [VIRTUAL],        [SCHOOL]),
    ("Dropped a card round to the school nurse for her.",                    ["School nurse"], [SCHOOL]),
    ("He starts school next September, mum says he is excited.",             [],               [SCHOOL]),
    ("Dad went to a special school himself and finds letters hard.",         [],               [SCHOOL]),
    ("She has a college place for the autumn, motor vehicle level 1.",       [],               [SCHOOL]),
    ("Nan has cared for him under an SGO since he was four.",                [],               [COURTS]),
    ("Dealt with by an out of court disposal last year.",                    [],               [COURTS]),
    ("On SEN support, no plan yet.",                                         [],               [EHCP]),
    # --- advice, a suggestion or a condition is an option, not involvement --------------------------
    ("Advised mum to see the GP if the rash spreads.",                       [],               [GP]),
    ("Suggested GP for a check of her iron levels.",                         [],               [GP]),
    ("Breathing exercises tried; GP if the panic attacks continue.",         [],               [GP]),
    ("Mum was advised by the GP to keep a food diary.",                      [GP],             []),
    ("GP has started her on a new antidepressant.",                          [GP],             []),
]

NEEDS = [
    ("Two fixed-term suspensions since Easter.",                             ["education"],    []),
    ("Attendance down to 79% this half term.",                               ["education"],    []),
    ("He was late 14 times in the autumn term.",                             ["education"],    []),
    ("Now 3 days at the PRU and settling.",                                  ["education"],    []),
    ("Mum is behind with the rent again and in debt to a catalogue.",        ["financial"],    []),
    ("Told the debt to the older boys keeps rising; debt bondage.",          [],               ["financial"]),
    ("The man who groomed her was charged with sexual activity with a child.", [],             ["crime"]),
    ("Dad was charged with burglary last week.",                             ["crime"],        []),
]
# fmt: on


@pytest.mark.parametrize("group, text, present, absent",
                         [("services", *row) for row in SERVICES] + [("needs", *row) for row in NEEDS])
def test_second_round_services_and_needs(expect_labels, group, text, present, absent):
    expect_labels(group, text, present, absent)


def test_the_general_if_still_makes_a_concern_hypothetical(extractor):
    # the service-only 'if' cue sits on the same word as the general one; both must stay
    result = extractor.extract("She wondered if dad is drinking again.")
    assert "substance_use" not in result["needs"]


@pytest.mark.parametrize("text", ["Both admissions came via ED after missed doses.", "Taken to the QEH ED by ambulance."])
def test_emergency_department_after_via_or_an_initialism(extractor, text):
    assert "Accident and emergency" in extractor.extract(text)["services"]
