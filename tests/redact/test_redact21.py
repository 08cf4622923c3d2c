"""Regression tests for the fifth round of leak kinds on the development and training authors (issue 16, redact21),
written from the patterns with new invented sentences. The rules alone (no learned tagger) are tested, so each test
fails without its rule; the last tests check the other side: words that must stay."""

from __future__ import annotations

import pytest

from casenotes.redact.lexicons import place_names
from casenotes.redact.recognizers.uk_place_recognizer import CasenotesUkPlaceRecognizer


def _places(text: str) -> list[str]:
    return [text[r.start:r.end] for r in CasenotesUkPlaceRecognizer().analyze(text, ["LOCATION"]) if r.score >= 0.4]


# fmt: off
@pytest.mark.parametrize("text, place", [
    # a town after a locative word (in/to/from/at/near) that the small spaCy model does not tag
    ("Her uncle lives near Bodmin and visits at weekends.", "Bodmin"),
    ("Says an older lad drove him to Swindon twice last month.", "Swindon"),
    ("Family moved from Kettering in the spring.", "Kettering"),
    # a hyphenated town is one place, not its first part
    ("Now renting a flat in Bradford-on-Avon with her sister.", "Bradford-on-Avon"),
    # an everyday word that is a town, after the cue and ending the phrase
    ("Found by police in Bath, taken home by EDT.", "Bath"),
    # a named street on a town's name, with no house number
    ("Seen outside a takeaway on Coventry Road at 23:00.", "Coventry Road"),
])
# fmt: on
def test_when_a_gazetteer_town_follows_a_place_cue_then_it_is_a_location(text, place):
    assert place in _places(text)


def test_when_two_places_are_joined_then_the_second_needs_no_cue_of_its_own():
    assert _places("He was taken by car to Swindon and Gloucester.") == ["Swindon", "Gloucester"]


@pytest.mark.parametrize("text", [
    "the Bath lot were mentioned again",    # an everyday word without the cue
    "Plays in Pool League on Fridays.",     # an everyday word not ending the phrase: part of a longer name
    "Mum is going to Church on Sunday.",    # too common a word to be a place alone
    "Review in March with the family.",     # a month is a calendar word, not the town
    "Reading at home is improving.",        # a keep word (literacy) is never a place
])
def test_when_a_town_name_is_an_everyday_word_without_the_cue_then_it_stays(text):
    assert _places(text) == []


def test_countries_are_not_in_the_gazetteer_they_stay_as_origin():
    assert "Wales" not in place_names() and "Poland" not in place_names()


def test_when_rules_redact_a_note_then_the_towns_go_and_the_services_stay(rules_redactor):
    text = "Kayden (15) was driven to Swindon by two adults. Referred to Early Help and CAMHS."
    redacted = rules_redactor.redact(text).redacted_text
    assert "Swindon" not in redacted
    assert "Early Help" in redacted and "CAMHS" in redacted


def test_a_place_inside_a_school_name_leaves_the_school_whole():
    """The gazetteer knows "Oakwood"; "Oakwood Primary School" is still one [SCHOOL] placeholder."""
    from casenotes.redact import Redactor

    result = Redactor().redact("Ty attends Oakwood Primary School and lives in Kendal.")
    assert "[SCHOOL]" in result.redacted_text and "Oakwood" not in result.redacted_text
    assert "Primary School" not in result.redacted_text


@pytest.mark.parametrize("text", ["Spoke to Rochdale Borough Council today.", "She attends Bodmin College.",
                                  "Seen at Oakwood Primary School."])
def test_a_town_that_starts_a_longer_name_is_no_place(text):
    from casenotes.redact.recognizers.uk_place_recognizer import CasenotesUkPlaceRecognizer

    assert CasenotesUkPlaceRecognizer.find(text) == []


def test_a_town_before_a_street_word_or_a_lower_case_word_is_still_a_place():
    from casenotes.redact.recognizers.uk_place_recognizer import CasenotesUkPlaceRecognizer

    text = "Moved from Bodmin to Rochdale last week."
    assert [text[a:b] for a, b, _ in CasenotesUkPlaceRecognizer.find(text)] == ["Bodmin", "Rochdale"]
