"""The review loop: casenotes output and labelled notes to Label Studio tasks and back, status and subject kept."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casenotes.cli import app
from casenotes.labelled import from_label_studio, load_labelled, to_label_studio
from casenotes.review import (
    ReviewError,
    config_path_for,
    export_tasks,
    import_tasks,
    label_studio_config,
    labels_in,
    read_rows,
)

runner = CliRunner()
GOLD = Path("eval/data/extraction_gold.jsonl")
CORE = ("start", "end", "kind", "label", "status", "negated", "hypothetical", "historical", "subject")

TEXT = "Mum [PERSON_1] drinking heavily. No drug use. Not known to CAMHS. Police attended. Previous DA, may recur."


def mention(kind, label, start, end, status, subject=None, source="rules", **flags):
    return {"kind": kind, "label": label, "start": start, "end": end, "subject": subject, "status": status,
            "source": source, **{f: flags.get(f, f == status) for f in ("negated", "hypothetical", "historical")}}


def run_record(note_id="n1", text=TEXT):
    """A record in casenotes' output contract (casenotes/records.py): mentions point into redacted_text."""
    return {"note_id": note_id, "row": 1, "status": "ok", "error": None, "redacted_text": text,
            "pii": [{"start": 4, "end": 15, "type": "PERSON", "score": 1.0}], "case_id": "C1", "team": "MASH",
            "factors": ["1B", "9A"], "needs": ["substance_use"], "services": ["Police"],
            "mentions": [mention("factor", "1B", 15, 31, "current", "parent_carer"),
                         mention("need", "substance_use", 15, 31, "current", "parent_carer"),
                         mention("factor", "2B", 36, 44, "negated", "parent_carer"),
                         mention("service", "Child and Adolescent Mental Health Services", 59, 64, "mentioned", negated=True),
                         mention("service", "Police", 66, 72, "involved"),
                         mention("factor", "3B", 92, 94, "hypothetical", "parent_carer", historical=True),
                         mention("factor", "9A", 0, len(text), "current", source="model") | {"score": 0.62}]}


def as_reviewed(tasks, edit=None):
    """What Label Studio exports after a reviewer accepts each prediction (optionally editing the result)."""
    exported = copy.deepcopy(tasks)
    for task_id, task in enumerate(exported, start=1):
        result = copy.deepcopy(task["predictions"][0]["result"])
        if edit:
            edit(task_id, result)
        task["id"] = task_id
        task["annotations"] = [{"id": task_id, "result": result, "was_cancelled": False,
                                "created_at": "2026-01-02T10:00:00Z", "ground_truth": False}]
    return json.loads(json.dumps(exported))


def core(mentions):
    return sorted(tuple(m.get(k) if k not in ("negated", "hypothetical", "historical") else bool(m.get(k)) for k in CORE)
                  for m in mentions)


# ---------------------------------------------------------------- export
def test_export_puts_machine_labels_in_predictions_with_version_and_score():
    tasks, report = export_tasks([run_record()])
    (task,) = tasks
    assert "annotations" not in task and report.tasks == 1
    (prediction,) = task["predictions"]
    assert prediction["model_version"] and prediction["score"] == 0.62  # the lowest classifier probability
    assert task["data"] == {"text": TEXT, "note_id": "n1"}  # no case id, no pii offsets into the raw text
    regions = [r for r in prediction["result"] if r["type"] == "labels"]
    assert [(r["from_name"], r["value"]["labels"][0]) for r in regions] == [
        ("factor", "1B"), ("need", "substance_use"), ("factor", "2B"),
        ("service", "Child and Adolescent Mental Health Services"), ("service", "Police"), ("factor", "3B")]
    for region in regions:  # the region's highlighted text is the redacted text at its offsets
        assert region["value"]["text"] == TEXT[region["value"]["start"]:region["value"]["end"]]
    by_id = {}
    for item in prediction["result"]:
        by_id.setdefault(item["id"], {})[item["from_name"]] = item["value"].get("choices") or item["value"].get("labels")
    assert by_id["m3"] == {"factor": ["2B"], "status": ["negated"], "subject": ["parent_carer"]}
    assert by_id["m4"]["status"] == ["mentioned"] and by_id["m4"]["also"] == ["negated"]
    assert by_id["m6"]["status"] == ["hypothetical"] and by_id["m6"]["also"] == ["historical"]
    # the classifier's whole-note 9A is a note-level choice, not a region over the whole note
    assert by_id["factors"] == {"factors": ["1B", "9A"]} and "m7" not in by_id
    assert export_tasks([run_record()], keep=["team"])[0][0]["data"]["team"] == "MASH"


def test_export_rules_only_score_is_one_and_error_rows_are_skipped():
    record = run_record()
    record["mentions"] = record["mentions"][:2]
    failed = {"note_id": "n2", "row": 2, "status": "error", "error": "empty text", "redacted_text": None, "pii": []}
    tasks, report = export_tasks([record, failed])
    assert len(tasks) == 1 and report.skipped_errors == 1 and tasks[0]["predictions"][0]["score"] == 1.0


def test_export_reports_a_bad_row_and_keeps_the_others():
    bad = run_record("n2")
    bad["mentions"][0]["end"] = 10_000
    tasks, report = export_tasks([run_record("n1"), bad, run_record("n3")])
    assert [t["data"]["note_id"] for t in tasks] == ["n1", "n3"]
    assert list(report.rejected) == ["row 2 (note 'n2')"]
    assert "out of range" in report.rejected["row 2 (note 'n2')"][0]


def test_export_masks_raw_corpus_text_and_moves_offsets():
    raw = "Kerry Smith rang. Kerry drinks heavily, says Dean Jones hit her."
    record = {"note_id": "c1", "text": raw, "factors": ["1B", "3B"], "needs": [], "services": [],
              "pii": [{"start": 0, "end": 11, "type": "PERSON"}, {"start": 18, "end": 23, "type": "PERSON"},
                      {"start": 45, "end": 55, "type": "PERSON"}],
              "mentions": [{"kind": "factor", "label": "1B", "start": 24, "end": 38, "status": "current", "subject": "parent_carer"},
                           {"kind": "factor", "label": "3B", "start": 56, "end": 59, "status": "current", "subject": "parent_carer"}]}
    tasks, report = export_tasks([record])
    text = tasks[0]["data"]["text"]
    assert report.masked == 1 and "Kerry" not in text and "Dean" not in text and "[PERSON_1]" in text
    assert "Kerry" not in json.dumps(tasks)
    regions = [r["value"] for r in tasks[0]["predictions"][0]["result"] if r["type"] == "labels"]
    assert [v["text"] for v in regions] == ["drinks heavily", "hit"]
    assert all(text[v["start"]:v["end"]] == v["text"] for v in regions)


def test_export_refuses_a_span_that_is_not_asserted_without_a_status():
    record = {"note_id": "s1", "text": "Mum drinking heavily.", "factors": [], "needs": [], "services": [],
              "spans": [{"start": 4, "end": 20, "label": "1B", "kind": "factor", "asserted": False}]}
    _, report = export_tasks([record])
    assert "not asserted" in report.rejected["row 1 (note 's1')"][0]


# ---------------------------------------------------------------- the labelling config
def test_config_groups_labels_by_kind_and_asks_status_per_region():
    config = ET.fromstring(label_studio_config())
    labels = {tag.get("name"): tag for tag in config.iter("Labels")}
    assert set(labels) == {"factor", "need", "service"}
    assert {"4B", "domestic_abuse"} <= {label.get("value") for label in labels["factor"]}  # codes and group ids
    choices = {tag.get("name"): tag for tag in config.iter("Choices")}
    for name in ("status", "subject", "also"):
        assert choices[name].get("perRegion") == "true"
    assert {c.get("value") for c in choices["status"]} >= {"current", "negated", "hypothetical", "historical", "declined"}
    assert {"factors", "needs", "services"} <= set(choices) and choices["factors"].get("perRegion") is None
    extra = ET.fromstring(label_studio_config({"service": {"Our family hub"}}))
    assert "Our family hub" in {label.get("value") for tag in extra.iter("Labels") for label in tag}


def test_tasks_validate_against_the_config_with_label_studios_own_checks():
    sdk = pytest.importorskip("label_studio_sdk.label_interface")
    tasks, _ = export_tasks(read_rows(GOLD))
    tasks += export_tasks([run_record()])[0]
    interface = sdk.LabelInterface(label_studio_config(labels_in(tasks)))
    interface.validate()
    assert [e for t in tasks for e in interface.validate_prediction(t["predictions"][0], return_errors=True)] == []
    broken = copy.deepcopy(tasks[0]["predictions"][0])
    next(r for r in broken["result"] if r["from_name"] == "status")["value"]["choices"] = ["probably"]
    assert interface.validate_prediction(broken, return_errors=True)


# ---------------------------------------------------------------- import
def test_round_trip_of_the_gold_set_keeps_every_status_and_subject():
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    tasks, report = export_tasks(read_rows(GOLD))
    assert report.tasks == len(gold) and not report.rejected
    records, back = import_tasks(as_reviewed(tasks))
    assert back.from_annotations == len(gold) and not back.rejected and back.status_defaulted == 0
    for original, returned in zip(gold, records):
        assert returned["note_id"] == original["note_id"] and returned["text"] == original["text"]
        assert core(returned["mentions"]) == core(original["mentions"])
        for field in ("factors", "needs", "services"):
            assert sorted(returned[field]) == sorted(original[field])
    not_asserted = sum(m["status"] in ("negated", "hypothetical", "historical") for r in gold for m in r["mentions"])
    assert not_asserted > 0
    assert sum(m["negated"] for r in records for m in r["mentions"]) == sum(m["negated"] for r in gold for m in r["mentions"])


def test_round_trip_of_run_output_keeps_combined_flags(tmp_path):
    records, report = import_tasks(as_reviewed(export_tasks([run_record()])[0]))
    (record,) = records
    expected = [m for m in run_record()["mentions"] if m["source"] != "model"]
    assert core(record["mentions"]) == core(expected) and record["factors"] == ["1B", "9A"]
    # the file feeds training: the negated and hypothetical mentions are evidence against their labels
    path = tmp_path / "labelled.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (note,) = load_labelled(path)
    asserted = {(s.label, s.start): s.asserted for s in note.spans}
    assert asserted[("2B", 36)] is False and asserted[("3B", 92)] is False and asserted[("1B", 15)] is True


def test_import_takes_the_reviewers_corrections_over_the_predictions():
    def correct(task_id, result):  # the reviewer: 1B is historical, not current; untick it at note level
        for item in result:
            if item["id"] == "m1" and item["from_name"] == "status":
                item["value"]["choices"] = ["historical"]
            if item["from_name"] == "factors":
                item["value"]["choices"] = ["9A"]

    (record,), report = import_tasks(as_reviewed(export_tasks([run_record()])[0], correct))
    first = next(m for m in record["mentions"] if m["label"] == "1B")
    assert (first["status"], first["historical"], first["subject"]) == ("historical", True, "parent_carer")
    assert record["factors"] == ["9A"] and record["review"] == "annotation" and report.from_annotations == 1


def test_import_newest_annotation_wins_and_cancelled_ones_do_not_count():
    (task,) = as_reviewed(export_tasks([run_record()])[0])
    newer = copy.deepcopy(task["annotations"][0])
    newer["created_at"] = "2026-03-01T09:00:00Z"
    newer["result"] = [r for r in newer["result"] if r["from_name"] != "services"]
    cancelled = copy.deepcopy(newer) | {"was_cancelled": True, "created_at": "2026-04-01T09:00:00Z", "result": []}
    task["annotations"] = [task["annotations"][0], newer, cancelled]
    (record,), report = import_tasks([task])
    assert record["services"] == [] and record["mentions"] and report.several_annotations == ["1"]


def test_unreviewed_tasks_are_counted_and_skipped_unless_asked_for():
    tasks = export_tasks([run_record("n1"), run_record("n2")])[0]
    exported = as_reviewed(tasks)
    del exported[1]["annotations"]
    records, report = import_tasks(exported)
    assert [r["note_id"] for r in records] == ["n1"] and report.unreviewed_skipped == ["2"]
    records, report = import_tasks(exported, include_unreviewed=True)
    assert [r["review"] for r in records] == ["annotation", "prediction"] and report.from_predictions == 1


def test_malformed_tasks_are_named_by_task_id_without_note_text():
    secret = "Zebediah Quorn"  # stands for personal data in a note: it must never reach a message
    text = f"{secret} drinking heavily."

    def record(note_id):
        return {"note_id": note_id, "text": text, "factors": ["1B"], "needs": [], "services": [],
                "mentions": [{"kind": "factor", "label": "1B", "start": 15, "end": 31, "status": "current",
                              "subject": "parent_carer"}]}

    def spoil(task_id, result):
        labels, status = result[0]["value"], result[1]["value"]
        if task_id == 2:
            labels["end"] = 500
        elif task_id == 3:
            labels["labels"] = ["99Z"]
        elif task_id == 4:
            status["choices"] = ["declined"]  # a service status on a factor
        elif task_id == 5:
            labels["start"] = 0  # offsets no longer match the highlighted text

    exported = as_reviewed(export_tasks([record(f"n{i}") for i in range(1, 6)])[0], spoil)
    exported.append({"id": 6, "data": {"note_id": "n6"}, "annotations": []})
    records, report = import_tasks(exported)
    assert [r["note_id"] for r in records] == ["n1"]
    assert set(report.rejected) == {f"task {i} (note 'n{i}')" for i in range(2, 7)}
    messages = json.dumps(report.rejected)
    assert secret not in messages and "drinking" not in messages
    assert "out of range" in messages and "99Z" in messages and "declined" in messages and "do not match" in messages
    with pytest.raises(ReviewError, match="JSON list of tasks"):
        import_tasks({"data": {}})
    with pytest.raises(ReviewError, match="JSON-MIN"):
        import_tasks([{"id": 1, "text": text, "label": []}])


def test_old_single_group_tasks_still_import():
    task = {"id": 9, "data": {"note_id": "x", "text": "Mum drinking heavily."},
            "annotations": [{"result": [{"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
                                         "value": {"start": 4, "end": 20, "labels": ["1B"]}},
                                        {"id": "factors", "type": "choices", "from_name": "factors", "to_name": "text",
                                         "value": {"choices": ["1B"]}}]}]}
    (record,), report = import_tasks([task])
    assert record["mentions"][0]["kind"] == "factor" and record["mentions"][0]["status"] == "current"
    assert report.status_defaulted == 1 and record["factors"] == ["1B"]


def test_labelled_module_names_keep_working_and_keep_status(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(line + "\n" for line in GOLD.read_text(encoding="utf-8").splitlines()[:20]), encoding="utf-8")
    notes = load_labelled(path)
    back = from_label_studio(as_reviewed(to_label_studio(notes)))
    def spans(note):
        return sorted((s.start, s.end, s.label, s.kind, s.asserted, s.status, s.subject, s.flags) for s in note.spans)

    assert [spans(n) for n in back] == [spans(n) for n in notes]
    assert any(s.asserted is False for n in back for s in n.spans)


# ---------------------------------------------------------------- the commands
def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_review_export_then_import(tmp_path):
    source = write_jsonl(tmp_path / "out.jsonl", [run_record("n1"), run_record("n2")])
    tasks_path = tmp_path / "review" / "tasks.json"
    result = runner.invoke(app, ["review", "export", str(source), "-o", str(tasks_path), "--model-version", "v-test"])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 tasks" in result.output and config_path_for(tasks_path).is_file()
    assert ET.fromstring(config_path_for(tasks_path).read_text(encoding="utf-8")).tag == "View"
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    assert {t["predictions"][0]["model_version"] for t in tasks} == {"v-test"}

    exported = as_reviewed(tasks)
    del exported[1]["annotations"]
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(exported), encoding="utf-8")
    labelled = tmp_path / "labelled.jsonl"
    result = runner.invoke(app, ["review", "import", str(export_path), "-o", str(labelled)])
    assert result.exit_code == 0, result.output
    assert "1 tasks have no annotation" in result.output and "Wrote 1 labelled notes" in result.output
    (note,) = load_labelled(labelled)  # what casenotes train --data reads
    assert note.note_id == "n1" and any(s.label == "2B" and s.asserted is False for s in note.spans)

    result = runner.invoke(app, ["review", "import", str(export_path), "-o", str(labelled), "--include-unreviewed"])
    assert result.exit_code == 0 and len(load_labelled(labelled)) == 2


def test_cli_review_refuses_to_overwrite_its_input_and_names_bad_tasks(tmp_path):
    source = write_jsonl(tmp_path / "out.jsonl", [run_record()])
    result = runner.invoke(app, ["review", "export", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "is the input" in result.output
    assert json.loads(source.read_text().splitlines()[0])["note_id"] == "n1"
    tasks_path = tmp_path / "tasks.json"
    assert runner.invoke(app, ["review", "export", str(source), "-o", str(tasks_path)]).exit_code == 0
    result = runner.invoke(app, ["review", "import", str(tasks_path), "-o", str(tasks_path)])
    assert result.exit_code == 2 and "is the input" in result.output

    def spoil(task_id, result):
        result[0]["value"]["end"] = 9999

    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(as_reviewed(json.loads(tasks_path.read_text()), spoil)))
    result = runner.invoke(app, ["review", "import", str(export_path), "-o", str(tmp_path / "l.jsonl")])
    assert result.exit_code == 3 and "task 1 (note 'n1')" in result.output and "Traceback" not in result.output
    assert "drinking" not in result.output
    export_path.write_text("{not json")
    result = runner.invoke(app, ["review", "import", str(export_path), "-o", str(tmp_path / "l.jsonl")])
    assert result.exit_code == 3 and "is not JSON" in result.output


@pytest.mark.slow
def test_cli_review_of_real_run_output_feeds_evaluate(tmp_path):
    from casenotes.evaluate import evaluate, load_jsonl

    notes = write_jsonl(tmp_path / "notes.jsonl", [
        {"note_id": "a", "text": "Mum Kerry Smith is drinking heavily again. No concerns about drug use. Referred to CGL."}])
    output, tasks_path = tmp_path / "out.jsonl", tmp_path / "tasks.json"
    result = runner.invoke(app, ["run", str(notes), "--rules-only", "-o", str(output), "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["review", "export", str(output), "-o", str(tasks_path)])
    assert result.exit_code == 0, result.output
    assert "Kerry" not in tasks_path.read_text(encoding="utf-8")  # redacted text only
    export_path, labelled = tmp_path / "export.json", tmp_path / "labelled.jsonl"
    export_path.write_text(json.dumps(as_reviewed(json.loads(tasks_path.read_text(encoding="utf-8")))))
    result = runner.invoke(app, ["review", "import", str(export_path), "-o", str(labelled)])
    assert result.exit_code == 0, result.output
    (original,), (returned,) = load_jsonl(output), load_jsonl(labelled)
    assert core(returned["mentions"]) == core(original["mentions"]) and any(m["negated"] for m in returned["mentions"])
    scores = evaluate(load_jsonl(labelled), load_jsonl(output), 0, 0)  # accepted as a gold set as it is
    assert scores["notes"] == 1
