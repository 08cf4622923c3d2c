"""Council labelled notes: loading JSONL and CSV, every validation error, HF datasets, Label Studio round trip."""

from __future__ import annotations

import csv
import json

import pytest

from casenotes.labelled import (
    LabelledDataError,
    LabelledNote,
    Span,
    from_label_studio,
    label_studio_config,
    load_labelled,
    to_hf_dataset,
    to_label_studio,
)

TEXT = "Mum drinking heavily. Referred to CGL."  # "drinking heavily" = 4-20, "CGL" = 34-37
GOOD = {"note_id": "n1", "text": TEXT, "factors": ["1B"], "needs": ["substance_use"],
        "services": ["Substance misuse service"],
        "spans": [{"start": 4, "end": 20, "label": "1B", "kind": "factor"},
                  {"start": 4, "end": 20, "label": "substance_use", "kind": "need"},
                  {"start": 34, "end": 37, "label": "Substance misuse service"}]}


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_labelled_loads_jsonl(tmp_path):
    notes = load_labelled(write_jsonl(tmp_path / "a.jsonl", [GOOD]))
    assert notes[0].factors == ["1B"] and len(notes[0].spans) == 3 and notes[0].row == 1


def test_labelled_loads_csv_with_semicolon_lists_and_json_spans(tmp_path):
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["note_id", "text", "factors", "needs", "services", "spans", "team"])
        writer.writeheader()
        writer.writerow({"note_id": "n1", "text": TEXT, "factors": "1B", "needs": "substance_use",
                         "services": "Substance misuse service", "spans": json.dumps(GOOD["spans"]), "team": "East"})
        writer.writerow({"note_id": "n2", "text": "All well.", "factors": "", "needs": "", "services": "", "spans": "", "team": ""})
    notes = load_labelled(path)
    assert [n.note_id for n in notes] == ["n1", "n2"]
    assert notes[0].services == ["Substance misuse service"] and notes[0].meta == {"team": "East"}
    assert notes[1].factors == [] and notes[1].spans == []


# fmt: off
@pytest.mark.parametrize("change, message", [
    ({"factors": ["99Z"]},                                       "unknown factor label '99Z'"),
    ({"needs": ["happiness"]},                                   "unknown need label 'happiness'"),
    ({"services": ["Ghostbusters"]},                             "unknown service label 'Ghostbusters'"),
    ({"spans": [{"start": 30, "end": 99, "label": "1B"}]},       "out of range"),
    # evidence quotes may overlap (two labels, one sentence); personal-data spans may not
    ({"spans": [{"start": 4, "end": 20, "label": "PERSON", "kind": "pii"},
                {"start": 10, "end": 25, "label": "PERSON", "kind": "pii"}]}, "overlapping spans 4-20 and 10-25"),
    ({"spans": [{"start": 4, "end": 20, "label": "nonsense"}]},  "unknown label 'nonsense'"),
    ({"text": "  "},                                             "empty text"),
])
# fmt: on
def test_labelled_validator_catches_each_error(tmp_path, change, message):
    with pytest.raises(LabelledDataError) as err:
        load_labelled(write_jsonl(tmp_path / "a.jsonl", [{**GOOD, **change}]))
    assert message in str(err.value)
    assert "row 1 (note 'n1')" in str(err.value)


def test_labelled_validator_lists_all_problems_without_text(tmp_path):
    records = [GOOD, {**GOOD, "factors": ["99Z"]}, {**GOOD, "note_id": "n2", "services": ["Nope"]}]
    with pytest.raises(LabelledDataError) as err:
        load_labelled(write_jsonl(tmp_path / "a.jsonl", records))
    assert len(err.value.problems) == 3
    assert "duplicate note_id (first at row 1)" in str(err.value)
    assert "drinking" not in str(err.value)


def test_labelled_bad_json_and_bad_extension(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match="row 2: not valid JSON"):
        load_labelled(path)
    with pytest.raises(LabelledDataError, match="unknown file type"):
        load_labelled(tmp_path / "a.xlsx")


def test_labelled_to_hf_dataset(tmp_path):
    dataset = to_hf_dataset(load_labelled(write_jsonl(tmp_path / "a.jsonl", [GOOD])))
    assert dataset.num_rows == 1 and dataset[0]["factors"] == ["1B"] and dataset[0]["spans"][2]["end"] == 37


def test_labelled_label_studio_round_trip(tmp_path):
    notes = load_labelled(write_jsonl(tmp_path / "a.jsonl", [GOOD, {"note_id": "n2", "text": "Seen at home."}]))
    tasks = to_label_studio(notes)
    assert tasks[0]["data"]["text"] == TEXT
    assert "annotations" not in tasks[0]  # machine or earlier labels are predictions for a reviewer to accept
    kinds = {r["type"] for r in tasks[0]["predictions"][0]["result"]}
    assert kinds == {"labels", "choices"}
    back = from_label_studio(json.loads(json.dumps(tasks)))
    for a, b in zip(notes, back):
        assert (a.note_id, a.text, a.factors, a.needs, a.services) == (b.note_id, b.text, b.factors, b.needs, b.services)
        assert [(s.start, s.end, s.label) for s in a.spans] == [(s.start, s.end, s.label) for s in b.spans]
    assert "<Labels" in label_studio_config()


def test_labelled_from_label_studio_validates():
    task = {"data": {"note_id": "x", "text": "short"},
            "annotations": [{"result": [{"type": "labels", "from_name": "label", "to_name": "text",
                                         "value": {"start": 0, "end": 50, "labels": ["1B"]}}]}]}
    with pytest.raises(LabelledDataError, match="out of range"):
        from_label_studio([task])


def test_labelled_loads_the_training_corpus_shape(tmp_path):
    record = {**{k: v for k, v in GOOD.items() if k != "spans"},
              "mentions": [{"kind": "factor", "label": "1B", "start": 4, "end": 20, "subject": "parent_carer", "status": "current"}],
              "case_id": "C1", "split": "train"}
    note = load_labelled(write_jsonl(tmp_path / "a.jsonl", [record]))[0]
    assert note.spans == [Span(4, 20, "1B", "factor", asserted=True, status="current", subject="parent_carer")]
    assert note.meta["case_id"] == "C1"
    assert isinstance(note, LabelledNote)


@pytest.mark.parametrize("mention, asserted", [
    ({"status": "current", "subject": "child"}, True),
    ({"status": "involved"}, True),
    ({"status": "negated", "negated": True}, False),
    ({"status": "historical", "historical": True}, False),
    ({"status": "current", "subject": "outside_household"}, False),
    ({"status": "declined"}, False),
])
def test_corpus_mentions_say_whether_they_assert_their_label(tmp_path, mention, asserted):
    record = {**{k: v for k, v in GOOD.items() if k != "spans"},
              "mentions": [{"kind": "factor", "label": "1B", "start": 4, "end": 20, **mention}]}
    assert load_labelled(write_jsonl(tmp_path / "a.jsonl", [record]))[0].spans[0].asserted is asserted
