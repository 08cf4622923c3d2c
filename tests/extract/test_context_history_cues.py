"""Context cues learnt from how several authors date a concern into the past (issue 15), on invented sentences.

Each cue family has a sentence it should mark and a near miss it should leave current.
"""

from __future__ import annotations

import pytest

from casenotes.extract.context import ContextRule, ContextRuleError
from tests.extract.conftest import annotate


@pytest.fixture(scope="module")
def nlp(context_nlp):
    return context_nlp


# fmt: off
@pytest.mark.parametrize("text, target, historical", [
    # a past year right after the concern
    ("Stepdad assaulted her mother in 2018 and was tagged.",            "assaulted",       True),
    ("She was reported missing four times in 2021.",                    "missing",         True),
    ("He drank most nights, stopped 2020.",                             "drank most nights", True),
    # a life stage: when someone was little / lived elsewhere
    ("Her father used speed when the twins were small.",                "used speed",      True),
    ("Uncle hit him when he was 9, she says.",                          "hit him",         True),
    ("Grandad hit Nan when they lived in Leeds.",                       "hit Nan",         True),
    ("Dad hit him last night when he was late home.",                   "hit him",         False),  # "was late" is not a life stage
    # none since / nothing since
    ("He burnt his arm in Year 8, nothing since.",                      "burnt his arm",   True),
    # a concern that has stopped or ended
    ("The bed-wetting has stopped.",                                    "bed-wetting",     True),
    ("His nightmares have almost stopped since the move.",              "nightmares",      True),
    ("He self-harms weekly and his sister has stopped visiting.",       "self-harms weekly", False),  # "stopped" + verb
    ("The harassment by her ex ended when he moved away.",              "harassment",      True),
    ("She took an overdose and ended up on the ward.",                  "overdose",        False),  # "ended up"
    # a history or background section
    ("Background: mum used heroin throughout the pregnancy.",           "used heroin",     True),
    ("History (per police): dad punched mum at a party.",               "punched mum",     True),
    ("Medical history: severe asthma, two admissions.",                 "severe asthma",   False),
    # why a child came into care
    ("He came into care at 6 because of neglect.",                      "neglect",         True),
    ("Mum's crack use led to care proceedings.",                        "crack use",       True),
    # before prison / until remand
    ("Their father smoked crack before he went to prison.",             "smoked crack",    True),
    ("She injected daily until her remand.",                            "injected daily",  True),
    # last winter / in the summer; not "since last summer"
    ("Mum cried every day last winter.",                                "cried every day", True),
    ("He has been sofa-surfing since last summer.",                     "sofa-surfing",    False),
    # gone / cleared / went away
    ("The damp has gone and the boys sleep well.",                      "damp",            True),
    ("Her debts are cleared now.",                                      "debts",           True),
    ("He has gone missing again.",                                      "missing",         False),
    # an age in decades, a decade
    ("Nan drank heavily in her forties.",                               "drank heavily",   True),
    ("Grandad used amphetamine in the 1980s.",                          "used amphetamine", True),
    # free since
    ("Dad has been drink-free since March.",                            "drink",           True),
])
# fmt: on
def test_history_cues(nlp, text, target, historical):
    span = annotate(nlp, text, target)
    assert span._.is_historical is historical


@pytest.mark.parametrize("text, target, category", [
    ("PGM had a below-knee amputation in 2021 and uses a wheelchair.", "amputation", "physical_disability_illness"),
    ("He was diagnosed with autism when he was 3.", "autism", "learning_disability"),
    ("Asthma flared last winter and she is on a preventer.", "Asthma", "health"),
])
def test_a_date_does_not_end_a_lasting_condition(nlp, text, target, category):
    assert annotate(nlp, text, target, category=category)._.is_historical is False
    # the same cue does date another concern
    assert annotate(nlp, text, target, category="neglect")._.is_historical is True


def test_cue_holding_the_target_words_negates_it(nlp):
    # "no money" is itself a need phrase; the longer cue "no money worries" holds it
    span = annotate(nlp, "They have no money worries, just no time.", "no money", kind="need", category="financial")
    assert span._.is_negated
    assert not annotate(nlp, "They have no money for the meter.", "no money", kind="need", category="financial")._.is_negated


def test_convicted_dates_the_offence_not_the_crime_need(nlp):
    assert annotate(nlp, "Dad was convicted of assaulting mum.", "assaulting mum")._.is_historical
    assert not annotate(nlp, "Dad was convicted of assaulting mum.", "assaulting mum", kind="need",
                        category="domestic_abuse")._.is_historical


def test_excluded_categories_round_trip_and_checks():
    rule = ContextRule.from_dict({"category": "HISTORICAL", "literal": "last year", "direction": "BACKWARD",
                                  "excluded_categories": ["health"]})
    assert ContextRule.from_dict(rule.to_dict()) == rule
    assert not rule.applies_to("need", "health") and rule.applies_to("need", "housing")
    with pytest.raises(ContextRuleError):
        ContextRule.from_dict({"category": "HISTORICAL", "literal": "x", "direction": "BACKWARD", "exclude_categories": []})


# fmt: off
@pytest.mark.parametrize("text", [
    "Home visit. [PERSON_1] (12) helps Nan with her insulin before school.",
    "Home visit. [PERSON_1] (10) gets mum's tablets from the chemist and does the shopping.",
])
# fmt: on
def test_a_group_with_one_code_takes_its_subject_not_the_nearest_person(extractor, text):
    """Young carer is only 7A: the carer is the child, though the person cared for stands nearer the words."""
    result = extractor.extract(text)
    assert "7A" in result["factors"], result["factors"]
    assert all(m["subject"] == "child" for m in result["mentions"] if m["label"] in ("7A", "young_carer"))
