"""The anchored token matcher finds exactly what spaCy's Matcher finds, only faster: random patterns over a
small vocabulary (every quantifier spaCy has, sets, negation, regex) against random texts, and the shipped
rules on invented notes."""

from __future__ import annotations

import os

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from casenotes.extract import build_pipeline
from casenotes.matching import AnchoredMatcher, pattern_anchor, pattern_width

EXAMPLES = int(os.environ.get("CASENOTES_FUZZ_EXAMPLES", "60"))
WORDS = ["mum", "dad", "drinks", "no", "not", "the", "Mum", "DV", "police", ".", ",", "7"]
NLP = spacy.blank("en")

word = st.sampled_from(WORDS)
spec = st.one_of(
    st.builds(lambda w: {"LOWER": w.lower()}, word),
    st.builds(lambda w: {"ORTH": w}, word),
    st.builds(lambda ws: {"LOWER": {"IN": sorted({w.lower() for w in ws})}}, st.lists(word, min_size=1, max_size=3)),
    st.builds(lambda ws: {"LOWER": {"NOT_IN": sorted({w.lower() for w in ws})}}, st.lists(word, min_size=1, max_size=2)),
    st.just({"TEXT": {"REGEX": "^[A-Z]"}}),
    st.just({"IS_PUNCT": True}),
    st.just({}),
)
op = st.sampled_from([None, None, None, "?", "*", "+", "!", "{1,2}", "{0,2}", "{2}", "{1,}"])
pattern = st.lists(st.tuples(spec, op).map(lambda pair: {**pair[0], **({"OP": pair[1]} if pair[1] else {})}),
                   min_size=1, max_size=4)


def _both(patterns: list[list[dict]]) -> tuple[Matcher, AnchoredMatcher]:
    plain, anchored = Matcher(NLP.vocab), AnchoredMatcher(NLP.vocab)
    for number, found in enumerate(patterns):
        plain.add(str(number), [found])
        anchored.add(str(number), [found])
    return plain, anchored


@settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns=st.lists(pattern, min_size=1, max_size=6), words=st.lists(word, max_size=30))
def test_same_matches_as_spacy(patterns, words):
    doc = NLP(" ".join(words))
    plain, anchored = _both(patterns)
    expected = plain(doc)
    found = anchored(doc)
    assert sorted(found) == sorted(expected)
    assert [(end, start) for _, start, end in found] == sorted((end, start) for _, start, end in found)


def test_anchor_is_the_rarest_word_set_a_match_must_contain():
    assert pattern_anchor([{"LOWER": "the"}, {"LOWER": {"IN": ["drinks", "drank"]}}]) == {"drinks", "drank"}
    assert pattern_anchor([{"ORTH": "DV", "OP": "?"}, {"LOWER": "police"}]) == {"police"}  # optional: no anchor
    assert pattern_anchor([{"TAG": "NNP"}, {"LOWER": "said"}]) == {"said"}
    assert pattern_anchor([{"TAG": {"IN": ["VBZ", "VBP"]}}]) is None
    assert pattern_anchor([{"LOWER": "mum", "OP": "!"}, {"IS_PUNCT": True}]) is None  # negated: no anchor
    assert pattern_anchor([{"LOWER": {"REGEX": "^mu"}}]) is None


def test_width_is_the_longest_match():
    assert pattern_width([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}, {"OP": "{1,3}"}]) == 5
    assert pattern_width([{"LOWER": "a"}, {"OP": "*"}]) is None
    assert pattern_width([{"LOWER": "a", "OP": "{2,}"}]) is None


def test_a_match_far_from_the_start_of_a_long_doc_is_found():
    doc = NLP(" ".join(["the"] * 5000 + ["mum", "drinks", "heavily"]))
    plain, anchored = _both([[{"LOWER": "mum"}, {"LOWER": {"IN": ["drinks", "drank"]}}]])
    assert anchored(doc) == plain(doc) == [(NLP.vocab.strings["0"], 5000, 5002)]


def test_shipped_rules_find_the_same_mentions_as_spacy_matcher():
    nlp = build_pipeline()
    notes = ["Mum said dad hit her last night in front of the children; police attended and a DASH was completed.",
             "No concerns re alcohol. Young person has been falling asleep in lessons and self-harming.",
             "Dad was drinking heavily in 2019 but not since. School report few words at home."]
    for name in ("casenotes_target_matcher", "casenotes_context"):
        rules = nlp.get_pipe(name)._matcher
        plain = Matcher(nlp.vocab)
        for key in range(len(rules.payloads)):
            payload = rules.payloads[key]
            if getattr(payload, "pattern", None) is not None and not isinstance(payload.pattern, str):
                plain.add(str(key), [list(payload.pattern)])
        for text in notes:
            doc = nlp.make_doc(text)
            assert sorted(rules._tokens(doc)) == sorted(plain(doc))


def test_a_key_is_added_once():
    anchored = AnchoredMatcher(NLP.vocab)
    anchored.add("mum", [[{"LOWER": "mum"}]])
    try:
        anchored.add("mum", [[{"LOWER": "mother"}]])
    except ValueError as error:
        assert "added already" in str(error)
    else:
        raise AssertionError("a second add of one key must fail, not shadow the first")
