"""Regression tests for the seventh round of leak kinds on the development and training authors (issue 16, redact24),
written from the patterns with new invented names, places, numbers and sentences. The rules alone (no learned tagger)
are tested, so each test fails without its rule; the near misses check the other side: words that must stay."""

from __future__ import annotations

import pytest

from casenotes.redact.recognizers.uk_place_recognizer import CasenotesUkPlaceRecognizer
from casenotes.redact.recognizers.uk_uln_recognizer import uln_check_digit
from redaction_spans import covered as _covered, touched as _touched


# -- ULN: ten digits written after "ULN" are the learner's number, whatever the check digit --------------------------
def test_when_ten_digits_follow_uln_with_a_wrong_check_digit_then_they_are_redacted(rules_redactor):
    number = "5307126648"
    assert uln_check_digit(number[:9]) != int(number[9])  # the rule under test: no valid ULN
    assert _covered(rules_redactor, f"Starts at Fernlea College in May; ULN {number}. Bursary agreed.", number)
    assert _covered(rules_redactor, f"Learner record: ULN: {number} (Fernlea)", number)


def test_when_ten_digits_stand_alone_with_a_wrong_check_digit_then_they_stay(rules_redactor):
    assert not _touched(rules_redactor, "Batch 5307126648 of the formula was recalled.", "5307126648")


# -- Places: cities whose names wordfreq counts as common ------------------------------------------------------------
# fmt: off
@pytest.mark.parametrize("text, place", [
    # after a cue, a city as frequent as "Leeds" or "Hull" needs no phrase end after it
    ("Term time at the residential college, back to Leeds most Fridays.", "Leeds"),
    ("The Tully family moved to Derby 3 weeks ago.", "Derby"),
    ("Her aunt lives in Bristol most of the year.", "Bristol"),
    # mid-sentence with no cue, a city rarer than everyday words is the place ("a Swindon hotel")
    ("Police found him in a Swindon bedsit at 2am.", "Swindon"),
    ("Mum says the Bedford lads stopped calling.", "Bedford"),
])
# fmt: on
def test_when_a_city_is_named_after_a_cue_or_mid_sentence_then_the_place_recognizer_finds_it(text, place):
    # the recognizer itself: spaCy's small model finds some of these sentences' cities on its own, not all a note's
    start = text.index(place)
    assert (start, start + len(place)) in {(a, b) for a, b, _ in CasenotesUkPlaceRecognizer.find(text)}


# fmt: off
@pytest.mark.parametrize("text, word", [
    ("He is making progress in Reading Recovery.", "Reading"),   # a programme: the name goes on
    ("Went to Reading group after school.", "Reading"),          # an everyday word after a cue needs a phrase end
    ("Bath time is still a battle most nights.", "Bath"),        # a sentence's first word, no cue
    ("She loves Bath bombs at bedtime.", "Bath"),                   # an everyday word mid-sentence
])
# fmt: on
def test_when_an_everyday_word_or_a_longer_name_starts_with_a_city_then_it_stays(rules_redactor, text, word):
    assert not _touched(rules_redactor, text, word)


# -- A capitalised everyday word opening a line before a past-tense verb is no person --------------------------------
# fmt: off
@pytest.mark.parametrize("text, word", [
    ("Patrol log.\n14:20 Vehicle parked by the lock-ups, nobody got out.", "Vehicle"),
    ('Spoke about the argument - "I lost it". Knuckles bandaged on her left hand.', "Knuckles"),
])
# fmt: on
def test_when_an_everyday_noun_opens_a_line_before_a_past_verb_then_it_stays(rules_redactor, text, word):
    assert not _touched(rules_redactor, text, word)


# fmt: off
@pytest.mark.parametrize("text, name", [
    ("Home visit.\nOluwadamilare rang at 10 to rebook.", "Oluwadamilare"),   # a rare word: a name
    ("Home visit.\nGrace stayed with her nan.", "Grace"),      # in the name lexicon
])
# fmt: on
def test_when_a_name_opens_a_line_before_a_past_verb_then_it_is_still_redacted(rules_redactor, text, name):
    assert _covered(rules_redactor, text, name)


# -- Initials that are also a keep term, for a person the note names ---------------------------------------------
# fmt: off
@pytest.mark.parametrize("text, initials, occurrence", [
    ("Present: school nurse Carla Penrose, mum.\n- CP to send the health history to MASH.", "CP", 0),
    ("Seen with Nadia Bryce (LAC nurse).\nTo do:\n- growth chart review - NB\n- dentist - mum", "NB", 0),
    ("Louisa Atherton rang.\nTo do:\n- home visits - LA / PC Greaves, by 9/11", "LA", 0),
    ("Ruth Ellery (FSW) visited.\nHousing to confirm the date. - RE\n3. School", "RE", 0),
])
# fmt: on
def test_when_initials_of_a_named_person_are_a_keep_term_then_owning_an_action_they_are_redacted(
        rules_redactor, text, initials, occurrence):
    assert _covered(rules_redactor, text, initials, occurrence)


# fmt: off
@pytest.mark.parametrize("text, initials", [
    ("Present: school nurse Carla Penrose.\nCP plan agreed at conference.", "CP"),       # the plan, not the nurse
    ("Gemma Pardoe visited.\nGP: letter sent about the rash.", "GP"),          # a heading
    ("Simon Wragg (dad) present. SW to finish the genogram.", "SW"),               # a role's initials stay a role
    ("Carla Penrose rang.\nMASH to consider a CP medical.", "CP"),
])
# fmt: on
def test_when_keep_term_initials_are_the_term_then_they_stay(rules_redactor, text, initials):
    assert not _touched(rules_redactor, text, initials, text.count(initials) - 1)
