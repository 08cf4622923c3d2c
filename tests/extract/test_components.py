"""Tokenizer, target matcher and subject resolver on their own, and assembly from a config."""

from __future__ import annotations

import pytest
import spacy
from spacy.util import registry

from casenotes.extract import build_pipeline
from casenotes.extract.target import DEFAULT_SPANS_KEY, TargetRule, TargetRuleError


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


# fmt: off
@pytest.mark.parametrize("text, tokens", [
    ("Mum ([PERSON_2]) said",        ["Mum", "(", "[PERSON_2]", ")", "said"]),
    ("[PERSON_1]'s bruise.",         ["[PERSON_1]", "'s", "bruise", "."]),
    ("[CHILD_1], [MOTHER].",         ["[CHILD_1]", ",", "[MOTHER]", "."]),
    ("UPN [UPN:3fa9c2] on file",     ["UPN", "[UPN:3fa9c2]", "on", "file"]),
    ("a [note] here",                ["a", "[", "note", "]", "here"]),   # ordinary brackets still split
])
# fmt: on
def test_tokenizer_keeps_placeholders_whole(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_target_matcher_keeps_longest_span_per_category(nlp):
    doc = nlp("Concerns about home conditions were very poor.")
    assert [(s.text, s.label_) for s in doc.spans[DEFAULT_SPANS_KEY]] == [("home conditions were very poor", "neglect")]


def test_target_matcher_capitals_match_exactly(nlp):
    labels = {s.label_ for s in nlp("Mum had a good day.").spans[DEFAULT_SPANS_KEY]}
    assert "domestic_abuse" not in labels  # "da" inside words or lower case is not DA


# fmt: off
@pytest.mark.parametrize("rule, message", [
    ({"kind": "factor", "category": "neglect", "literal": "dirty", "colour": "red"}, "unknown key"),
    ({"kind": "concern", "category": "neglect", "literal": "dirty"},                 "kind"),
    ({"kind": "factor", "category": "neglect"},                                     "literal or a pattern"),
    ({"kind": "factor", "category": "neglect", "pattern": "dirty"},                 "list of token"),
])
# fmt: on
def test_target_rule_validation_fails_loudly(rule, message):
    with pytest.raises(TargetRuleError, match=message):
        TargetRule.from_dict(rule)


# fmt: off
@pytest.mark.parametrize("text, target, subject", [
    ("[PERSON_2] (mum) is drinking again.",                 "is drinking",     "parent_carer"),
    ("[PERSON_3], mum's partner, is drinking again.",       "is drinking",     "parent_carer"),
    ("Sibling [PERSON_4] (19) has schizophrenia.",          "schizophrenia",   "household_member"),
    ("[PERSON_1] says she feels anxious.",                  "anxious",         "child"),        # untied PERSON_1
    ("Mum was seen. She has been drinking.",                "been drinking",   "parent_carer"),  # pronoun
    ("MGF lives with the family and is an alcoholic.",      "alcoholic",       "household_member"),
    ("Mum's sister (lives in Leeds) drinks heavily.",       "drinks heavily",  "outside_household"),
])
# fmt: on
def test_subject_from_the_sentence(nlp, text, target, subject):
    doc = nlp(text)
    spans = {s.text: s for s in doc.spans[DEFAULT_SPANS_KEY]}
    assert spans[target]._.subject == subject


def test_pipeline_assembles_from_config():
    config = {
        "nlp": {"tokenizer": {"@tokenizers": "casenotes.placeholder_tokenizer.v1"},
                "pipeline": ["sentencizer", "casenotes_target_matcher", "casenotes_context", "casenotes_subject"]},
        "components": {"sentencizer": {"factory": "sentencizer"},
                       "casenotes_target_matcher": {"factory": "casenotes_target_matcher"},
                       "casenotes_context": {"factory": "casenotes_context"},
                       "casenotes_subject": {"factory": "casenotes_subject"}},
        "initialize": {"components": {
            "casenotes_target_matcher": {"rules": {"@misc": "casenotes.bundled_target_rules.v1"}},
            "casenotes_context": {"rules": {"@misc": "casenotes.bundled_context_rules.v1"}},
            "casenotes_subject": {"rules": {"@misc": "casenotes.bundled_subject_rules.v1"}},
        }},
    }
    nlp = spacy.blank("en", config=config)
    nlp.initialize()
    doc = nlp("No concerns re D&A; dad has CP.")
    assert {s.label_ for s in doc.spans[DEFAULT_SPANS_KEY]} >= {"physical_disability_illness"}
    assert registry.misc.get("casenotes.bundled_context_rules.v1")()
