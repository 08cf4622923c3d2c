"""Regression tests for the ninth round of leak kinds on the development and training authors (redact29), written from
the patterns with invented names, addresses and dates: an address's house number, "The" and commas; a named farm or
cottage after "at"/"to"; dates of birth written with spaces or after "DOB: given as". Each has a near miss that must
stay."""

from __future__ import annotations

import pytest

from casenotes.redact.recognizers.uk_address_recognizer import CasenotesUkAddressRecognizer
from casenotes.redact.recognizers.uk_date_of_birth_recognizer import CasenotesUkDateOfBirthRecognizer
from casenotes.redact.resolve import Found, extend_addresses
from redaction_spans import covered as _covered, touched as _touched


def _found(text: str, part: str, kind: str = "UK_ADDRESS") -> Found:
    start = text.index(part)
    return Found(start, start + len(part), kind, 0.6)


def _texts(text: str, spans: list[Found]) -> list[str]:
    return [text[span.start:span.end] for span in spans]


# -- an address found without its house number, its "The" or its commas ------------------------------------------------
def test_when_an_address_is_found_without_its_house_number_then_the_number_joins_it():
    text = "Strategy. Tobias Wren (12), 23 Marlow Cop, Ludford."
    spans = extend_addresses(text, [_found(text, "Tobias Wren", "PERSON"), _found(text, "Marlow Cop")])
    assert "23 Marlow Cop" in _texts(text, spans)


def test_when_a_unit_number_and_a_house_name_article_come_before_an_address_then_they_join_it():
    text = "Joint visit to Unit 6, Quarry Causeway. Then to 4 The Withies, Hexley."
    spans = extend_addresses(text, [_found(text, "Quarry Causeway"), _found(text, "The Withies"[4:])])
    assert "Unit 6, Quarry Causeway" in _texts(text, spans)
    assert "4 The Withies" in _texts(text, spans)


def test_when_two_found_parts_of_an_address_meet_at_a_comma_then_the_comma_is_covered():
    text = "Visit to Flat 3, The Old Tannery, Mill Wynd, Hexley."
    spans = extend_addresses(text, [_found(text, "Flat 3"), _found(text, "Old Tannery"), _found(text, "Mill Wynd")])
    covered = "".join(text[s.start:s.end] for s in spans)
    assert ", The Old Tannery, " in covered


def test_when_a_number_or_comma_is_not_beside_an_address_then_it_stays():
    text = "Seen 3 times at school, Mill Wynd was quiet. Year 9, Ashby Road."
    spans = extend_addresses(text, [_found(text, "Mill Wynd"), _found(text, "Ashby Road")])
    assert _texts(text, spans) == ["Mill Wynd", "Ashby Road"]  # "Year 9," and "school," are not part of them
    person = "Odette Marr, 5 Kiln Row"
    spans = extend_addresses(person, [_found(person, "Odette Marr", "PERSON"), _found(person, "5 Kiln Row")])
    assert _texts(person, spans)[0] == "Odette Marr"  # a person beside an address keeps its own span


# -- a named farm or cottage after at/to/outside -------------------------------------------------------------------------
@pytest.mark.parametrize("text, home", [
    ("Arranged for Nell to stay at Upper Brackby Farm for the holidays.", "Upper Brackby Farm"),
    ("Visit to Tremorra Cottage, Penwithick, with the HV.", "Tremorra Cottage"),
])
def test_when_a_named_farm_or_cottage_follows_at_or_to_then_it_is_an_address(text, home):
    found = CasenotesUkAddressRecognizer().analyze(text, ["UK_ADDRESS"])
    assert any(text[r.start:r.end] == home and r.score >= 0.6 for r in found)


def test_when_a_farm_names_an_attraction_or_a_shop_then_it_is_not_a_home(rules_redactor):
    found = CasenotesUkAddressRecognizer().analyze("Trip to Bramblecote Farm Park on Saturday.", ["UK_ADDRESS"])
    assert not any(r.score >= 0.6 for r in found)
    assert not _touched(rules_redactor, "Mum went to the farm shop and then to the cottage hospital.", "farm")


# -- dates of birth ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, date", [
    ("Review - Mirela Dobra (15)\nDOB: 2010 07 23   NHS: to follow", "2010 07 23"),
    ("Child: Kwame Owusu-Boateng, 13, DOB 09 11 2012, LAC (s20).", "09 11 2012"),
    ("Name: Pham Linh\nDOB: given as 01/01/2010 - no documents", "01/01/2010"),
    ("Name: Ifeoma Adeyemi\nDOB: claimed 4th June 2012 - no passport", "4th June 2012"),
])
def test_when_a_birth_cue_has_a_spaced_date_or_a_qualifier_after_its_colon_then_the_date_is_found(text, date):
    found = CasenotesUkDateOfBirthRecognizer().analyze(text, ["DATE_OF_BIRTH"])
    assert [text[r.start:r.end] for r in found] == [date]


def test_when_a_spaced_date_has_no_birth_cue_or_cannot_exist_then_it_is_not_a_birth_date():
    recognizer = CasenotesUkDateOfBirthRecognizer()
    assert recognizer.analyze("Meeting held 14 03 2025 at the school.", ["DATE_OF_BIRTH"]) == []
    assert recognizer.analyze("DOB 14 13 2011 (typo, to check).", ["DATE_OF_BIRTH"]) == []
    assert recognizer.analyze("DOB: to be confirmed. Review 12 05 2025.", ["DATE_OF_BIRTH"]) == []


# -- an e-mail header's "Surname, Given" ------------------------------------------------------------------------------
def test_when_an_email_header_writes_surname_comma_given_then_it_is_one_person():
    from casenotes.redact.resolve import join_adjacent_names

    text = "Sent: 12/01/2025 10:02\nTo: Marsh, Odile\nSubject: contact"
    spans = join_adjacent_names(text, [_found(text, "Marsh", "PERSON"), _found(text, "Odile", "PERSON")])
    assert _texts(text, spans) == ["Marsh, Odile"]


def test_when_two_names_meet_at_a_comma_outside_a_header_then_they_stay_two_people():
    from casenotes.redact.resolve import join_adjacent_names

    text = "Subject: Kit and Bryn\nSeen with Marsh, Odile and the baby."
    spans = join_adjacent_names(text, [_found(text, "Marsh", "PERSON"), _found(text, "Odile", "PERSON")])
    assert _texts(text, spans) == ["Marsh", "Odile"]


def test_when_an_address_is_found_from_its_number_then_the_unit_word_before_joins_it():
    text = "Raid at the car wash, Unit 9, Tanyard Causeway, Hexley."
    spans = extend_addresses(text, [_found(text, "9, Tanyard Causeway")])
    assert _texts(text, spans) == ["Unit 9, Tanyard Causeway"]
    text = "Seen 9 Tanyard Causeway residents at the unit 9 Tanyard Causeway"
    assert extend_addresses(text, [_found(text, "Tanyard Causeway")])[0].start == text.index("9 Tanyard")
