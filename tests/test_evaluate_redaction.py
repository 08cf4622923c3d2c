"""Redaction scoring on tiny hand-made gold and predictions; every expected figure worked out by hand."""

from __future__ import annotations

import json

import pytest

from casenotes.evaluation.redaction import score_redaction, score_tab

TEXT = "Seen Kerry Smith today."  # Kerry Smith = [5, 16); 20 non-space characters, 10 of them gold


def at(text: str, surface: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of ``surface`` in ``text`` (its n-th occurrence), so the fixtures read as words."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def gold_record(note_id: str, text: str, pii: list[tuple[str, str, str | None]], keep=()) -> dict:
    """pii: (surface, type, origin); keep: (surface, kind)."""
    record = {"note_id": note_id, "text": text, "pii": [], "keep": []}
    for surface, type_, origin in pii:
        start, end = at(text, surface)
        record["pii"].append({"start": start, "end": end, "type": type_, **({"origin": origin} if origin else {})})
    for surface, kind in keep:
        start, end = at(text, surface)
        record["keep"].append({"start": start, "end": end, "kind": kind})
    return record


# fmt: off
COVER_CASES = [
    # (predicted spans, is "Kerry Smith" redacted?)
    ([(5, 10, "PERSON")],                      False),  # first name only: "Smith" leaks
    ([(5, 15, "PERSON")],                      False),  # all but the last letter
    ([(5, 10, "PERSON"), (11, 16, "PERSON")],  True),   # two spans; the uncovered space does not count
    ([(5, 16, "LOCATION")],                    True),   # any predicted type counts
    ([(0, 23, "UK_ADDRESS")],                  True),   # over-wide cover still covers
    ([],                                       False),
]
# fmt: on


@pytest.mark.parametrize("predicted, redacted", COVER_CASES)
def test_score_redaction_every_letter_rule(predicted, redacted):
    gold = [gold_record("n1", TEXT, [("Kerry Smith", "PERSON", None)])]
    scores = score_redaction(gold, [predicted])
    assert scores["per_type"]["PERSON"]["recall"] == (1.0 if redacted else 0.0)
    assert scores["per_type"]["PERSON"]["support"] == 1
    assert len(scores["leaks"]) == (0 if redacted else 1)


def test_score_redaction_partial_cover_counts_as_partly_redacted():
    gold = [gold_record("n1", TEXT, [("Kerry Smith", "PERSON", None)])]
    scores = score_redaction(gold, [[(5, 10, "PERSON")]])
    assert scores["overall"] == {"recall": 0.0, "redacted": 0, "partly_redacted": 1, "support": 1}


def test_score_redaction_character_precision_and_recall():
    gold = [gold_record("n1", TEXT, [("Kerry Smith", "PERSON", None)])]
    # "Seen Kerry" predicted: 9 non-space characters, 5 of them gold; 10 gold characters in all.
    char = score_redaction(gold, [[(0, 10, "PERSON")]])["char"]
    assert char["precision"] == pytest.approx(5 / 9, abs=1e-4)
    assert char["recall"] == pytest.approx(5 / 10, abs=1e-4)
    assert (char["gold_chars"], char["predicted_chars"], char["scored_chars"]) == (10, 9, 20)


def test_score_redaction_person_recall_by_origin_and_direct_identifiers():
    text_1 = "Kerry and Przemysław met in Leeds."
    text_2 = "Oluwadamilare called 07700 900123."
    gold = [
        gold_record("n1", text_1, [("Kerry", "PERSON", "english"), ("Przemysław", "PERSON", "polish"),
                                   ("Leeds", "LOCATION", None)]),
        gold_record("n2", text_2, [("Oluwadamilare", "PERSON", None), ("07700 900123", "UK_PHONE", None)]),
    ]
    predicted = [
        [(*at(text_1, "Kerry"), "PERSON"), (*at(text_1, "Leeds"), "LOCATION")],
        [(*at(text_2, "Oluwadamilare"), "PERSON"), (*at(text_2, "07700"), "UK_PHONE")],  # half the phone number
    ]
    scores = score_redaction(gold, predicted)
    by_origin = scores["person_by_origin"]
    assert by_origin["english"] == {"recall": 1.0, "redacted": 1, "partly_redacted": 1, "support": 1}
    assert by_origin["polish"]["recall"] == 0.0
    assert by_origin["unspecified"]["recall"] == 1.0
    assert scores["per_type"]["PERSON"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    # LOCATION is not a direct identifier: 2 of the 4 direct ones (Kerry, Oluwadamilare) are redacted.
    assert scores["direct_identifiers"]["recall"] == 0.5
    assert scores["direct_identifiers"]["support"] == 4
    assert scores["overall"]["recall"] == pytest.approx(3 / 5, abs=1e-4)


def test_score_redaction_keep_survival_per_kind():
    text = "CAMHS and the MASH told Mum that Dean moved."
    gold = [gold_record("n1", text, [("Dean", "PERSON", None)],
                        keep=[("CAMHS", "agency"), ("MASH", "agency"), ("Mum", "role")])]
    # "the MASH" is touched by one overlapping character ("H told"), so MASH does not survive.
    predicted = [[(at(text, "H told")[0], at(text, "H told")[0] + 1, "LOCATION"), (*at(text, "Dean"), "PERSON")]]
    survival = score_redaction(gold, predicted)["keep_survival"]
    assert survival["overall"] == {"survival": pytest.approx(2 / 3, abs=1e-4), "survived": 2, "support": 3}
    assert survival["per_kind"]["agency"]["survival"] == 0.5
    assert survival["per_kind"]["role"]["survival"] == 1.0


def test_score_redaction_leaks_hold_offsets_and_types_never_text():
    gold = [gold_record("n1", TEXT, [("Kerry Smith", "PERSON", "english")])]
    scores = score_redaction(gold, [[(5, 10, "PERSON")]])
    assert scores["leaks"] == [{"note_id": "n1", "type": "PERSON", "start": 5, "end": 16}]
    dumped = json.dumps(scores)
    assert "Kerry" not in dumped and "Smith" not in dumped and "Seen" not in dumped


def test_score_redaction_without_gold_spans_reports_no_recall():
    scores = score_redaction([{"note_id": "n1", "text": "Nothing here.", "pii": []}], [[]])
    assert scores["overall"]["recall"] is None
    assert scores["direct_identifiers"]["support"] == 0
    assert scores["keep_survival"]["overall"]["survival"] is None


def test_score_redaction_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        score_redaction([gold_record("n1", TEXT, [])], [])


def test_score_tab_two_documents():
    texts = {"a": "Mr Ali met Bo in Oslo.", "b": "Case 123/45 heard."}
    mentions = {
        "a": [[0, 6, "PERSON"], [11, 13, "PERSON"], [17, 21, "LOC"]],  # "Mr Ali", "Bo", "Oslo"
        "b": [[5, 11, "CODE"]],                                           # "123/45"
    }
    predicted = {"a": [(3, 6, "PERSON"), (11, 13, "PERSON"), (17, 21, "LOCATION")]}  # title left; b missing
    scores = score_tab(texts, mentions, predicted)
    assert scores["documents"] == 2
    assert scores["per_type"]["PERSON"]["recall"] == 0.5   # "Mr" left in place: Mr Ali not redacted
    assert scores["person_title_optional"]["recall"] == 1.0  # ... unless the title may stay
    assert scores["per_type"]["LOC"]["recall"] == 1.0
    assert scores["per_type"]["CODE"]["recall"] == 0.0
    assert scores["overall"]["recall"] == 0.5               # 2 of 4
    # non-space characters: a 17 (11 gold), b 16 (6 gold); predicted 9, all gold.
    assert scores["char"]["precision"] == 1.0
    assert scores["char"]["recall"] == pytest.approx(9 / 17, abs=1e-4)
    assert {(leak["note_id"], leak["type"]) for leak in scores["leaks"]} == {("a", "PERSON"), ("b", "CODE")}


def test_score_tab_scores_only_given_texts():
    texts = {"a": "Mr Ali met Bo in Oslo."}
    mentions = {"a": [[11, 13, "PERSON"]], "b": [[0, 4, "CODE"]]}
    scores = score_tab(texts, mentions, {"a": [(11, 13, "PERSON")]})
    assert scores["overall"] == {"recall": 1.0, "redacted": 1, "partly_redacted": 1, "support": 1}


def test_score_redaction_person_recall_with_title_optional():
    text = "Mr Dean Hughes and Dr Amy Lee called."
    gold = [gold_record("n1", text, [("Mr Dean Hughes", "PERSON", None), ("Dr Amy Lee", "PERSON", None)])]
    predicted = [[(*at(text, "Dean Hughes"), "PERSON"), (*at(text, "Amy"), "PERSON")]]  # titles left; "Lee" missed
    scores = score_redaction(gold, predicted)
    assert scores["per_type"]["PERSON"]["recall"] == 0.0          # strict: "Mr" and "Dr" are characters too
    assert scores["person_title_optional"]["recall"] == 0.5       # Mr [PERSON] counts; Dr [PERSON] Lee does not


def test_score_redaction_person_recall_by_form():
    text = "Kerry and Smith and KS."
    gold = {"note_id": "n1", "text": text, "pii": [
        {"start": 0, "end": 5, "type": "PERSON", "form": "given"},     # Kerry
        {"start": 10, "end": 15, "type": "PERSON", "form": "surname"}, # Smith
        {"start": 20, "end": 22, "type": "PERSON", "form": "initials"},  # KS
    ]}
    by_form = score_redaction([gold], [[(0, 5, "PERSON"), (20, 21, "PERSON")]])["person_by_form"]
    assert {form: cell["recall"] for form, cell in by_form.items()} == {"given": 1.0, "surname": 0.0, "initials": 0.0}


def test_keep_targets_are_derived_from_service_mentions_and_role_words_without_keep_spans():
    from casenotes.evaluation.redaction import keep_targets

    text = "HV visit. Mum and Nan Dee Kay seen; Nainai absent. Referred to the food bank by Dee Kay."
    record = {"note_id": "n1", "text": text,
              "pii": [{"start": at(text, "Dee Kay")[0], "end": at(text, "Dee Kay")[1], "type": "PERSON"},
                      {"start": at(text, "Dee Kay", 1)[0], "end": at(text, "Dee Kay", 1)[1], "type": "PERSON"}],
              "mentions": [{"kind": "service", "start": at(text, "HV visit")[0], "end": at(text, "HV visit")[1]},
                           {"kind": "service", "start": at(text, "food bank by Dee")[0],
                            "end": at(text, "food bank by Dee")[1]},  # overlaps a name: not a target
                           {"kind": "factor", "start": 0, "end": 2}]}
    targets = [(text[t["start"]:t["end"]], t["kind"]) for t in keep_targets(record)]
    assert ("HV visit", "service") in targets and not any("food bank" in s for s, _ in targets)
    assert {s for s, kind in targets if kind == "role"} >= {"HV", "Mum", "Nan", "Nainai"}
    assert keep_targets({**record, "keep": []}) == []  # a gold set's own keep spans come first

    # "Nan Dee Kay" redacted whole takes the role word with it: Nan does not survive
    predicted = [[(at(text, "Nan Dee Kay")[0], at(text, "Nan Dee Kay")[1], "PERSON"), (*at(text, "Dee Kay", 1), "PERSON")]]
    survival = score_redaction([record], predicted)["keep_survival"]
    roles = survival["per_kind"]["role"]
    assert roles["support"] == roles["survived"] + 1 and survival["per_kind"]["service"]["survival"] == 1.0


def test_fairness_inserts_move_mention_offsets_with_the_text():
    from casenotes.evaluation.fairness import insert_description

    text = "Seen Kerry Smith with HV today."
    record = {**gold_record("n1", text, [("Kerry Smith", "PERSON", "english")]),
              "mentions": [{"kind": "service", "start": at(text, "HV")[0], "end": at(text, "HV")[1]}]}
    [variant], changed = insert_description([record], ", who is gay,")
    mention = variant["mentions"][0]
    assert changed == 1 and variant["text"][mention["start"]:mention["end"]] == "HV"
