"""casenotes_context: ConText rules as data, tested on hand-set target spans (no target matcher)."""

from __future__ import annotations

import json

import pytest

from casenotes.extract.context import ContextRule, ContextRuleError, bundled_context_rules
from tests.extract.conftest import annotate


@pytest.fixture(scope="module")
def nlp(context_nlp):
    return context_nlp


# fmt: off
@pytest.mark.parametrize("text, target, negated, hypothetical, historical", [
    # negation
    ("No concerns re alcohol.",                                  "alcohol",         True,  False, False),
    ("Mum denies DA.",                                           "DA",              True,  False, False),
    ("Dad drinks daily, no concerns about mum.",                 "drinks daily",    False, False, False),  # forward only
    ("Alcohol - no concerns.",                                   "Alcohol",         True,  False, False),  # backward form
    ("No concerns re alcohol but mum reports cannabis use.",     "cannabis use",    False, False, False),  # TERMINATE
    # hypothetical
    ("If dad returns to the home there is a risk of DA.",        "DA",              False, True,  False),
    ("Should mum relapse a referral will be made.",              "relapse",         False, True,  False),
    # historical
    ("Dad has historic heroin use.",                             "heroin use",      False, False, True),
    ("Dad used heroin, abstinent since 2015.",                   "heroin",          False, False, True),
    ("Mum was sexually abused as a child.",                      "sexually abused", False, False, True),
    ("Dad was in prison until 2021.",                            "in prison",       False, False, True),
    # current
    ("MGM drinks heavily.",                                      "drinks heavily",  False, False, False),
    ("Mum says there is no further action on the DA incident.",  "DA",              False, False, False),  # PSEUDO
])
# fmt: on
def test_context_marks_target(nlp, text, target, negated, hypothetical, historical):
    span = annotate(nlp, text, target)
    assert (span._.is_negated, span._.is_hypothetical, span._.is_historical) == (negated, hypothetical, historical)


# fmt: off
@pytest.mark.parametrize("text, target, cue", [
    ("Referral to Early Help declined.",      "Early Help", "declined"),
    ("Referral made to CAMHS.",               "CAMHS",      "referred"),
    ("MARAC closed in June.",                 "MARAC",      "closed"),
    ("CAMHS visited on Monday.",              "CAMHS",      None),
])
# fmt: on
def test_context_service_cue(nlp, text, target, cue):
    assert annotate(nlp, text, target, kind="service")._.service_cue == cue


def test_context_service_cues_do_not_touch_factors(nlp):
    assert annotate(nlp, "Referral made re DV.", "DV")._.service_cue is None


# fmt: off
@pytest.mark.parametrize("rule, message", [
    ({"category": "NEGATED_EXISTENCE", "literal": "no", "direction": "FORWARD", "max_scop": 3}, "unknown key"),
    ({"category": "NEGATED", "literal": "no", "direction": "FORWARD"},                         "category"),
    ({"category": "HISTORICAL", "literal": "past", "direction": "SIDEWAYS"},                   "direction"),
    ({"category": "HISTORICAL", "literal": "past", "direction": "FORWARD", "max_scope": 0},    "max_scope"),
    ({"category": "REFERRED", "literal": "referral", "direction": "FORWARD",
      "allowed_types": ["service"], "excluded_types": ["factor"]},                             "not both"),
    ({"category": "HISTORICAL", "direction": "FORWARD"},                                       "without a literal"),
])
# fmt: on
def test_context_rule_validation_fails_loudly(rule, message):
    with pytest.raises(ContextRuleError, match=message):
        ContextRule.from_dict(rule)


def test_context_rule_lowercase_category_is_accepted():
    assert ContextRule.from_dict({"category": "historical", "literal": "past", "direction": "forward"}).category == "HISTORICAL"


def test_context_rules_round_trip_through_json(tmp_path):
    rules = [ContextRule.from_dict(rule) for rule in bundled_context_rules()]
    path = tmp_path / "context_rules.json"
    path.write_text(json.dumps({"context_rules": [rule.to_dict() for rule in rules]}))
    assert [ContextRule.from_dict(rule) for rule in json.loads(path.read_text())["context_rules"]] == rules


def test_context_bundled_rules_cover_every_direction():
    assert {rule["direction"] for rule in bundled_context_rules()} == {"FORWARD", "BACKWARD", "TERMINATE", "PSEUDO"} | (
        {"BIDIRECTIONAL"} & {rule["direction"] for rule in bundled_context_rules()})
