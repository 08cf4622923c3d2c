"""Regression tests for the sixth round of leak kinds on the development and training authors (issue 16, redact23),
written from the patterns with new invented names, places and sentences. The rules alone (no learned tagger) are
tested, so each test fails without its rule; the last tests check the other side: words that must stay."""

from __future__ import annotations

import pytest

from redaction_spans import covered as _covered, redacted_texts


# fmt: off
@pytest.mark.parametrize("text, name", [
    # a hyphenated given name: spaCy splits it at the hyphen, so the lexicon must see it whole (line label, possessive)
    ("Review meeting.\n\nJi-yeon: settled at the new school.", "Ji-yeon"),
    ("The ramp is fitted. Ji-yeon's wheelchair now fits through.", "Ji-yeon"),
    ("Text 19:02 \"hi miss its ji-yeon, can u ring\"", "ji-yeon"),
    # a romanised syllable pair that no lexicon holds
    ("Notes from the visit with Hyo-rin today.", "Hyo-rin"),
])
# fmt: on
def test_when_a_hyphenated_given_name_is_written_then_it_is_redacted_whole(rules_redactor, text, name):
    assert _covered(rules_redactor, text, name)


# fmt: off
@pytest.mark.parametrize("text, name", [
    # a message's writer naming themself, even with an everyday word that is a name, in lower case
    ('SMS 11:20: "hiya its blessing, cant make it today"', "blessing"),
    ('Text from FC: "hi its harmony x"', "harmony"),
    ('"its precious. im at my aunties"', "precious"),
])
# fmt: on
def test_when_a_message_writer_names_themself_then_the_name_isredacted_texts(rules_redactor, text, name):
    assert _covered(rules_redactor, text, name)


# fmt: off
@pytest.mark.parametrize("text, name", [
    # a name that is an everyday word, opening a line, known by what follows: a past-tense verb, "back", a label
    ("Shift handover.\nWill phoned from the bus stop at nine.", "Will"),
    ("Harmony back at the unit 01:40, police returned her.", "Harmony"),
    ("Evening log.\nPrecious: calmer, ate with staff.", "Precious"),
    # a name no lexicon holds opening a line as its label
    ("Keywork notes\nTadeo - first session at the boxing club.", "Tadeo"),
])
# fmt: on
def test_when_a_name_opens_a_sentence_as_a_person_then_it_isredacted_texts(rules_redactor, text, name):
    assert _covered(rules_redactor, text, name)


# fmt: off
@pytest.mark.parametrize("text, address", [
    # a house's name before its street: the name is part of the address (with and without "The", with a number)
    ("Placed with carers at The Old Granary, Mill Lane, Holt.", "The Old Granary, Mill Lane"),
    ("Visit to Tregarth, Chapel Road, Penryn today.", "Tregarth, Chapel Road"),
    ("Moved to Larkfield Cottage, 3 Quarry Road last week.", "Larkfield Cottage, 3 Quarry Road"),
])
# fmt: on
def test_when_a_house_name_comes_before_its_street_then_both_areredacted_texts(rules_redactor, text, address):
    assert _covered(rules_redactor, text, address)


# fmt: off
@pytest.mark.parametrize("text, initials", [
    # initials signing a line with a date or a time
    ("Safety plan shared with school.\nQW - 04/11", "QW"),
    ("Bus pass sorted. YK 12/02/25", "YK"),
    # initials labelling a young person's quoted words
    ('ZF: "I just want to go home."', "ZF"),
    # owners in an action list split by semicolons
    ("Actions: TQ strategy; VB home visit; legal advice by Fri.", "TQ"),
    ("Actions: TQ strategy; VB home visit; legal advice by Fri.", "VB"),
])
# fmt: on
def test_when_initials_sign_speak_or_own_actions_then_they_areredacted_texts(rules_redactor, text, initials):
    assert _covered(rules_redactor, text, initials)


# fmt: off
@pytest.mark.parametrize("text, handle", [
    # a dotted name with a digit is a handle with no platform named near it
    ('Dropping bags for a lad called "Bando" (bando.n16) near the park.', "bando.n16"),
    ("Old account rivz.77k, new one tilly.xo.2011 since March.", "tilly.xo.2011"),
])
# fmt: on
def test_when_a_dotted_name_holds_a_digit_then_it_is_a_handle(rules_redactor, text, handle):
    assert _covered(rules_redactor, text, handle)


def test_when_a_rare_place_is_written_in_lower_case_after_in_then_it_is_a_location(rules_redactor):
    text = 'Text 23:10: "gone to my aunties in padstow, back sat"'
    assert _covered(rules_redactor, text, "padstow")


# fmt: off
@pytest.mark.parametrize("text, kept", [
    # everyday words after "in"/"to" stay in lower case, even where a town has the name
    ("She is in care, back to reading at home, a good deal in school.", "reading"),
    ("She is in care, back to reading at home, a good deal in school.", "care"),
    # abbreviations, versions, files and web addresses are no handles
    ("See para.3 of the plan v1.2 and report.pdf; No.5 bus.", "para.3"),
    ("See para.3 of the plan v1.2 and report.pdf; No.5 bus.", "No.5"),
    # agencies and roles in the same places stay (keep words)
    ("Plan: HV weekly; GP review; SW visit.", "HV"),
    ("Plan: HV weekly; GP review; SW visit.", "GP"),
    ("Meeting closed. CP 12/03", "CP"),
    ("Plan: CIN review 2/7; PF visit every 6 weeks; RM visit parents today.", "PF"),
    # a modal "Will", an idea opening a sentence, a pronoun, plural and -ing nouns opening a line
    ("Will ring mum tomorrow. Will need to check the dates.", "Will"),
    ("Hope to close the case next month.", "Hope"),
    ("He went to school. He says it was fine.", "He"),
    ("Health review.\nVaccinations: up to date.", "Vaccinations"),
    ("Toilet training good.\nBedwetting stopped in June.", "Bedwetting"),
    ('She said "it\'s my phone" and left.', "my"),
    # hyphenated everyday words stay
    ("Follow-up booked. Drop-in on Tuesday. Wi-fi down at the flat.", "Follow-up"),
    ("Follow-up booked. Drop-in on Tuesday. Wi-fi down at the flat.", "Wi-fi"),
    # a role before a street is no house name
    ("Saw Mum, Mill Road was closed for roadworks.", "Mum"),
])
# fmt: on
def test_everyday_words_that_look_like_the_new_kinds_are_kept(rules_redactor, text, kept):
    start = text.index(kept)
    assert not any(span.start <= start < span.end for span in rules_redactor.redact(text).pii)
