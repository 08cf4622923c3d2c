"""Regression tests for the eighth round of leak kinds on the development and training authors (issue 16, redact27),
written from the patterns with new invented names, handles and sentences. The rules alone (no learned tagger) are
tested where a rule finds the name; where the change is in how the tagger's spans are resolved, the resolving function
is tested with the spans the tagger gives. Each has a near miss: words that must stay."""

from __future__ import annotations

import pytest

from casenotes.redact.lexicons import name_lexicon
from casenotes.redact.recognizers.uk_social_handle_recognizer import CasenotesUkSocialHandleRecognizer
from casenotes.redact.resolve import (Found, LEARNED_CALENDAR_NAME_SCORE, calendar_names_from_tagger, join_adjacent_names,
                                      trim_keep_words)
from casenotes.redact.tagger import MAX_LEARNED_SCORE, LearnedPiiRecognizer
from redaction_spans import covered as _covered, touched as _touched


def _span(text: str, part: str, **kwargs) -> Found:
    start = text.index(part)
    return Found(start, start + len(part), "PERSON", kwargs.pop("score", 0.99), **kwargs)


# -- a police rank before a surname that is also a keep word -----------------------------------------------------------
# fmt: off
@pytest.mark.parametrize("text, name", [
    ("Sgt Ward rang back at 16:10: no further incidents logged.", "Ward"),
    ("PCSO Salt called in after school and spoke to both boys.", "Salt"),
    ("Strategy held. DC Mace to arrange the ABE interview.", "Mace"),
])
# fmt: on
def test_when_a_police_rank_comes_before_a_keep_word_surname_then_the_surname_is_redacted(rules_redactor, text, name):
    assert _covered(rules_redactor, text, name)


def test_when_a_keep_word_follows_a_rank_in_lower_case_or_as_a_service_then_it_stays(rules_redactor):
    assert not _touched(rules_redactor, "PC on the ward round confirmed no visitors.", "ward")
    assert not _touched(rules_redactor, "Referral to SALT made; MACE meeting on Friday.", "SALT")
    assert not _touched(rules_redactor, "Referral to SALT made; MACE meeting on Friday.", "MACE")


# -- keep words that are surnames, after a given name ----------------------------------------------------------------
def test_when_a_given_name_comes_before_a_keep_word_surname_then_both_are_redacted(rules_redactor):
    text = "Child: Dilys Mace (9), with her dad Gareth Salt at the contact centre."
    assert _covered(rules_redactor, text, "Dilys Mace")
    assert _covered(rules_redactor, text, "Gareth Salt")
    text = "Parents Vernon Ho and Marisol Ho visit most weekends."
    assert _covered(rules_redactor, text, "Vernon Ho")
    assert _covered(rules_redactor, text, "Marisol Ho")


def test_when_an_agency_in_capitals_follows_a_name_then_it_stays(rules_redactor):
    text = "Wendy confirmed the HO decision is still pending."
    assert not _touched(rules_redactor, text, "HO")


# -- a nickname in quotes between given name and surname --------------------------------------------------------------
def test_when_the_tagger_splits_a_name_at_its_nickname_then_the_parts_join_quotes_and_all():
    text = 'Visit re Teleri "Tel" Prothero (11) and her mum.'
    joined = join_adjacent_names(text, [_span(text, "Teleri"), _span(text, 'Tel" Prothero')])
    assert [(s.start, s.end) for s in joined] == [(text.index("Teleri"), text.index(" (11)"))]
    text = 'Present: Caradog "Cari" Pendry (partner).'
    joined = join_adjacent_names(text, [_span(text, 'Caradog "Cari'), _span(text, "Pendry")])
    assert [(s.start, s.end) for s in joined] == [(text.index("Caradog"), text.index(" (partner"))]


def test_when_a_quote_opens_speech_after_a_name_then_the_names_stay_apart():
    text = 'Ffion "Gethin is kind" she said.'
    spans = [_span(text, "Ffion"), _span(text, "Gethin")]
    assert len(join_adjacent_names(text, spans)) == 2


def test_when_a_keep_word_surname_follows_a_quoted_nickname_then_it_is_redacted(rules_redactor):
    text = 'Her partner Bryn "Bry" Ward (39) was present throughout.'
    assert _covered(rules_redactor, text, "Ward")
    assert not _touched(rules_redactor, 'Mum said "Bry" went to the ward at 6pm.', "ward")


# -- names in lower case ---------------------------------------------------------------------------------------------
def test_when_a_lower_case_name_goes_on_with_a_surname_from_the_lexicon_then_the_surname_is_redacted(rules_redactor):
    text = "22:05 text from brandon harris: cant come 2moro"
    assert _covered(rules_redactor, text, "brandon harris")


def test_when_a_lower_case_name_goes_on_with_an_everyday_word_then_the_word_stays(rules_redactor):
    text = "22:05 text from brandon: will ring after tea"
    assert not _touched(rules_redactor, text, "will")


# -- given names the lexicon lacked: short forms and full forms from the nickname list ----------------------------------
def test_when_a_short_form_of_a_given_name_opens_a_label_value_then_it_stays_in_the_name():
    text = "Attendees: Rob Tennant (chair), Lou Fenner (HV)"
    for part in ("Rob Tennant", "Lou Fenner"):
        trimmed = trim_keep_words(text, _span(text, part))
        assert trimmed is not None and text[trimmed.start:trimmed.end] == part


def test_when_a_short_form_is_an_everyday_word_then_it_is_only_a_name_where_written_as_one(rules_redactor):
    assert name_lexicon().is_name("Rob") and not name_lexicon().is_unambiguous_name("rob")
    assert not _touched(rules_redactor, "They planned to rob the corner shop.", "rob")


def test_when_sunday_is_a_given_name_before_a_surname_then_the_keep_list_leaves_it():
    text = "Mr Sunday Ibekwe lost his job at the depot."
    trimmed = trim_keep_words(text, _span(text, "Sunday Ibekwe"))
    assert trimmed is not None and text[trimmed.start:trimmed.end] == "Sunday Ibekwe"
    text = "Visit on Sunday Ibekwe family at home."  # the keep-list still cuts a day written as a date
    trimmed = trim_keep_words(text, _span(text, "Sunday", score=0.6))
    assert trimmed is None


# -- days and months the learned tagger is sure name a person --------------------------------------------------------
def test_when_the_tagger_is_sure_a_day_word_is_a_person_then_it_is_a_confirmed_name():
    text = "Dad said Sunday has never been smacked."
    found = calendar_names_from_tagger(text, _span(text, "Sunday", score=0.99, learned=True))
    assert [(text[f.start:f.end], f.confirmed) for f in found] == [("Sunday", True)]
    text = "Her uncle QIAN Jun is unwell."
    found = calendar_names_from_tagger(text, _span(text, "QIAN Jun", score=0.99, learned=True))
    assert [text[f.start:f.end] for f in found] == ["Jun"]


def test_when_the_tagger_is_unsure_or_the_day_is_a_date_then_no_calendar_name():
    text = "Dad said Sunday has never been smacked."
    assert calendar_names_from_tagger(text, _span(text, "Sunday", score=LEARNED_CALENDAR_NAME_SCORE - 0.1,
                                                  learned=True)) == []
    assert calendar_names_from_tagger(text, _span(text, "Sunday", score=0.99)) == []  # not the tagger's
    text = "Message from Carys Sun 21/07 07:12 about contact."
    assert calendar_names_from_tagger(text, _span(text, "Carys Sun", score=0.99, learned=True)) == []
    text = "Contact moved to Sunday afternoon."
    assert calendar_names_from_tagger(text, _span(text, "Sunday", score=0.99, learned=True)) == []


class _SureTagger:
    def predict(self, texts):
        return [[(0, 4, "PERSON", 1.0)] for _ in texts]


def test_when_the_tagger_is_certain_its_score_stays_under_a_rules_certain_name():
    recognizer = LearnedPiiRecognizer(_SureTagger())
    [result] = recognizer.analyze("Jun rang twice.", ["PERSON"])
    assert result.score == MAX_LEARNED_SCORE < 1.0


# -- social handles: dotted names in lower case with no digit ----------------------------------------------------------
# fmt: off
@pytest.mark.parametrize("text, handle", [
    ("She thinks the fake account is r.vane.x and has blocked it.", "r.vane.x"),
    ("Suspect: older boyfriend (19), kdot.leeds", "kdot.leeds"),
    ("mimi.zy: where u at", "mimi.zy"),
])
# fmt: on
def test_when_a_dotted_lower_case_name_is_no_english_then_it_is_a_handle(text, handle):
    results = CasenotesUkSocialHandleRecognizer().analyze(text, ["SOCIAL_HANDLE"])
    assert handle in {text[r.start:r.end] for r in results}


@pytest.mark.parametrize("text", ["Seen at 3 p.m. with mum.", "Went home.she said she was fine.", "D.o.b checked, e.g. on the form.",
                                  "Read the minutes in notes.txt at www.example.org"])
def test_when_dotted_words_are_abbreviations_typos_or_addresses_then_no_handle(text):
    assert CasenotesUkSocialHandleRecognizer().analyze(text, ["SOCIAL_HANDLE"]) == []


def test_when_the_tagger_is_sure_of_a_lower_case_given_name_then_it_is_a_confirmed_name():
    text = 'msg 20:03 - "hiya meg. kit gone to his dads"'
    found = calendar_names_from_tagger(text, _span(text, "meg", score=0.99, learned=True))
    assert [(text[f.start:f.end], f.confirmed) for f in found] == [("meg", True)]
    text = 'text from mum: "tilly-rose poorly today"'
    found = calendar_names_from_tagger(text, _span(text, "tilly-rose", score=0.99, learned=True))
    assert [text[f.start:f.end] for f in found] == ["tilly-rose"]


def test_when_a_day_beside_a_name_is_no_ones_name_then_the_tagger_does_not_make_it_one():
    text = "Agreed a rota: Nessa Tues, Ivo Weds and Fri."
    assert calendar_names_from_tagger(text, _span(text, "Nessa Tues", score=0.99, learned=True)) == []
    text = "hiya its mum, mash said ring back"  # a keep word in lower case is never made a name
    assert calendar_names_from_tagger(text, _span(text, "mash", score=0.99, learned=True)) == []


# -- initials signing a note after an abbreviation's full stop ------------------------------------------------------
def test_when_initials_close_the_note_after_a_month_abbreviation_then_they_are_redacted(rules_redactor):
    text = "Mentoring going well. No missing episodes since 4 Feb. QT"
    assert _covered(rules_redactor, text, "QT")


def test_when_capitals_after_an_abbreviation_go_on_then_they_stay(rules_redactor):
    text = "Started approx. QT interval checked by the GP on Monday."
    assert not _touched(rules_redactor, text, "QT")


# -- a name never runs over a line break -------------------------------------------------------------------------------
def test_when_a_name_span_runs_over_a_line_break_then_it_is_cut_there():
    from casenotes.redact.resolve import split_at_common_words

    text = "Ivo\n- Saw his GP last week"
    pieces = split_at_common_words(text, Found(0, text.index(" his"), "PERSON", 0.85))
    assert [text[p.start:p.end] for p in pieces] == ["Ivo", "Saw"]
    text = "Seen with Mary-Jo Pruett today"
    start = text.index("Mary")
    pieces = split_at_common_words(text, Found(start, text.index(" today"), "PERSON", 0.85))
    assert [text[p.start:p.end] for p in pieces] == ["Mary-Jo Pruett"]


def test_when_the_tagger_marks_an_everyday_word_in_lower_case_then_it_is_not_made_a_name():
    text = "Young carers summer trips booked."
    assert calendar_names_from_tagger(text, _span(text, "summer", score=0.99, learned=True)) == []
    text = "Charlie drew a picture of the house."  # the verb the tagger ran on to
    assert calendar_names_from_tagger(text, _span(text, "Charlie drew", score=0.99, learned=True)) == []
