"""casenotes.evaluation on tiny hand-made gold and prediction files (tests/data/eval), scores worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import precision_recall_fscore_support
from typer.testing import CliRunner

from casenotes import evaluation as ev
from casenotes.cli import app
from casenotes.evaluation.report import render_compare, render_markdown, write_report

DATA = Path(__file__).parent / "data" / "eval"
runner = CliRunner()


@pytest.fixture(scope="module")
def labels_gold():
    return ev.load_jsonl(DATA / "labels_gold.jsonl")


@pytest.fixture(scope="module")
def labels_result(labels_gold):
    return ev.evaluate(labels_gold, ev.load_jsonl(DATA / "labels_pred.jsonl"), resamples=200)


@pytest.fixture(scope="module")
def redaction_gold():
    return ev.load_jsonl(DATA / "redaction_gold.jsonl")


@pytest.fixture(scope="module")
def redaction_result(redaction_gold):
    return ev.evaluate(redaction_gold, ev.load_jsonl(DATA / "redaction_pred.jsonl"), resamples=200)


# -- joining ------------------------------------------------------------------------------------
def test_evaluate_missing_prediction_is_listed_and_counted_as_missed(labels_result):
    # n4 (3A, domestic_abuse) has no prediction: both labels are false negatives
    assert labels_result["missing_predictions"] == ["n4"]
    per_label = labels_result["labels"]["per_label"]
    assert per_label["factors:3A"]["recall"] == 0.0 and per_label["needs:domestic_abuse"]["recall"] == 0.0


def test_evaluate_failed_prediction_is_listed_separately(labels_gold):
    predicted = [{"note_id": "n1", "status": "error", "error": "row 1: text is empty"}]
    aligned, missing, failed = ev.join_predictions(labels_gold, predicted)
    assert failed == ["n1"] and missing == ["n2", "n3", "n4"]
    assert aligned[0]["factors"] == [] and aligned[0]["pii"] == []


# -- labels -------------------------------------------------------------------------------------
def test_evaluate_per_label_scores_by_hand(labels_result):
    per_label = labels_result["labels"]["per_label"]
    # gold 4B in n1, predicted in n1: one true positive
    assert per_label["factors:4B"] | {"ci": None} == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1,
                                                      "predicted": 1, "ci": None}
    # Police: gold n3; predicted n2 (false positive) and n3 (true positive): P 1/2, R 1/1, F1 2/3
    police = per_label["services:Police"]
    assert (police["precision"], police["recall"], police["f1"], police["support"], police["predicted"]) == (
        0.5, 1.0, 0.6667, 1, 2)
    # 1C only predicted (n2): support 0, one prediction, all scores 0
    assert (per_label["factors:1C"]["support"], per_label["factors:1C"]["predicted"], per_label["factors:1C"]["f1"]) == (0, 1, 0.0)


def test_evaluate_micro_and_macro_by_hand(labels_result):
    averages = labels_result["labels"]["averages"]
    # true positives: 4B, health, substance_use, Police(n3) = 4; false positives: 1C, Police(n2) = 2;
    # false negatives: 1B, 3A, domestic_abuse, General practitioner = 4
    # micro P 4/6, R 4/8, F1 2*4/(2*4+2+4) = 8/14
    assert averages["all"]["micro"] | {"ci": None} == {"precision": 0.6667, "recall": 0.5, "f1": 0.5714, "ci": None}
    # factors alone: tp 4B, fp 1C, fn 1B and 3A: P 1/2, R 1/3, F1 2/(2+1+2)
    assert averages["factors"]["micro"] | {"ci": None} == {"precision": 0.5, "recall": 0.3333, "f1": 0.4, "ci": None}
    # macro over the 8 gold labels: 4B, health, substance_use (1,1,1); Police (0.5,1,2/3); 1B, 3A, domestic_abuse, GP (0,0,0)
    # P (3 + 0.5)/8, R 4/8, F1 (3 + 2/3)/8
    assert averages["all"]["macro"] | {"ci": None} == {"precision": 0.4375, "recall": 0.5, "f1": 0.4583, "ci": None}


def test_evaluate_intervals_contain_the_estimate(labels_result):
    averages = labels_result["labels"]["averages"]
    for scope in averages.values():
        for metric in ("precision", "recall", "f1"):
            low, high = scope["micro"]["ci"][metric]
            assert 0.0 <= low <= scope["micro"][metric] <= high <= 1.0
    # a label right in every note that has it is right in every resample
    assert labels_result["labels"]["per_label"]["needs:health"]["ci"]["f1"] == [1.0, 1.0]


def test_bootstrap_prf_matches_sklearn_on_each_resample():
    rng = np.random.default_rng(3)
    y_true = (rng.random((12, 4)) < 0.4).astype(int)
    y_pred = (rng.random((12, 4)) < 0.4).astype(int)
    note, label = np.nonzero(y_true | y_pred)
    indices = ev.bootstrap_indices(12, resamples=5, seed=1)
    scores = ev.bootstrap_prf(note, label, y_true[note, label].astype(bool), y_pred[note, label].astype(bool), 4, indices)
    for b in range(5):
        weights = np.bincount(indices[b], minlength=12)
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None, sample_weight=weights, zero_division=np.nan)
        np.testing.assert_allclose(scores["precision"][b], p, equal_nan=True)
        np.testing.assert_allclose(scores["recall"][b], r, equal_nan=True)
        np.testing.assert_allclose(scores["f1"][b], f, equal_nan=True)
        np.testing.assert_allclose(scores["support"][b], s)


def test_bootstrap_is_seeded():
    assert np.array_equal(ev.bootstrap_indices(30, 10, seed=7), ev.bootstrap_indices(30, 10, seed=7))


# -- mention context ----------------------------------------------------------------------------
def test_evaluate_context_by_hand(labels_result):
    context = labels_result["context"]
    # gold concerns n1, n2, n3 (negated), n4; predicted n1, n2, n3; all three overlap their gold group
    assert context["detection"]["concern"] | {"f1": None} == {"precision": 1.0, "recall": 0.75, "f1": None, "gold": 4,
                                                               "predicted": 3, "matched": 3}
    # the one negated gold mention (n3) is predicted negated; nothing else is
    negated = context["context"]["negated"]
    assert (negated["precision"], negated["recall"], negated["support"], negated["matched_mentions"]) == (1.0, 1.0, 1, 3)
    # services: GP (n1) missed, Police (n3) found
    assert (context["detection"]["service"]["recall"], context["detection"]["service"]["precision"]) == (0.5, 1.0)


def test_evaluate_subject_confusion_per_factor_group(labels_result):
    confusion = labels_result["context"]["subject_confusion"]
    # mental_health: gold 4B (parent/carer) predicted 4A (child)
    assert confusion["mental_health"] == {"letters": ["A", "B"], "matrix": [[0, 0], [1, 0]], "matched": 1, "agreement": 0.0}
    # alcohol_misuse: n2 gold 1B predicted 1C; n3 gold 1B predicted 1B
    assert confusion["alcohol_misuse"] == {"letters": ["B", "C"], "matrix": [[1, 1], [0, 0]], "matched": 2, "agreement": 0.5}


def test_evaluate_context_skipped_when_gold_holds_original_text(redaction_result):
    assert "skipped" in redaction_result["context"] and "skipped" in redaction_result["labels"]


# -- typical errors -----------------------------------------------------------------------------
def test_evaluate_worst_labels_with_redacted_evidence(labels_result):
    worst = labels_result["labels"]["worst"]
    # F1 0 labels, gold support first, then by name: 1B, 3A, domestic_abuse, General practitioner, then 1C
    assert [w["label"] for w in worst] == ["factors:1B", "factors:3A", "needs:domestic_abuse",
                                           "services:General practitioner", "factors:1C"]
    assert worst[0]["false_negatives"] == ["n2"]
    assert worst[0]["evidence"] == [{"note_id": "n2", "error": "missed",
                                     "redacted_evidence": "Mum's partner ([PERSON_2]) was **drinking heavily** again."}]
    assert worst[4]["false_positives"] == ["n2"] and worst[4]["evidence"][0]["error"] == "false positive"


def test_typical_errors_withhold_evidence_for_leaky_notes(labels_gold, labels_result):
    aligned, _, _ = ev.join_predictions(labels_gold, ev.load_jsonl(DATA / "labels_pred.jsonl"))
    worst = ev.typical_errors(labels_gold, aligned, labels_result["labels"]["per_label"], withheld={"n2"})
    assert worst[0]["false_negatives"] == ["n2"] and worst[0]["evidence"] == []


# -- redaction ----------------------------------------------------------------------------------
def test_evaluate_redaction_by_hand(redaction_result):
    redaction = redaction_result["redaction"]
    # 4 gold spans; "Kerry Smith" is only half covered (a leak), the other three fully covered
    assert (redaction["overall"]["recall"], redaction["overall"]["support"]) == (0.75, 4)
    assert redaction["per_type"]["PERSON"]["recall"] == 0.5
    assert {o: c["recall"] for o, c in redaction["person_by_origin"].items()} == {"english": 0.0, "south_asian": 1.0}
    # predicted non-space characters: Kerry 5 + phone 11 + Visit 5 + AmirKhan 8 + NHS 10 = 39, of which 34 are gold;
    # gold characters: KerrySmith 10 + 11 + 8 + 10 = 39. Precision = recall = 34/39
    assert (redaction["char"]["precision"], redaction["char"]["recall"]) == (0.8718, 0.8718)
    assert redaction["keep_survival"]["overall"] == {"survival": 1.0, "survived": 2, "support": 2}
    assert redaction["leaks"] == [{"note_id": "r1", "type": "PERSON", "start": 4, "end": 15}]
    assert redaction["leaks_by_type"] == {"PERSON": {"count": 1, "note_ids": ["r1"]}}
    low, high = redaction["overall"]["recall_ci"]
    assert 0.0 <= low <= 0.75 <= high <= 1.0


def test_report_never_holds_original_text(redaction_result, tmp_path):
    paths = write_report(redaction_result, tmp_path)
    for path in (paths["json"], paths["report"]):
        written = path.read_text(encoding="utf-8")
        assert "Kerry" not in written and "07700" not in written and "Amir" not in written


# -- report -------------------------------------------------------------------------------------
def test_report_has_tables_chart_and_worst_labels(labels_result, tmp_path):
    paths = write_report(labels_result, tmp_path)
    report = paths["report"].read_text(encoding="utf-8")
    assert paths["chart"].read_bytes()[:4] == b"\x89PNG"
    assert "![F1 per label](f1_per_label.png)" in report
    assert "| factors | 4B | 1.000" in report
    assert "| mental_health (n=1) | A | B |" in report
    assert "**factors:1B**" in report
    assert json.loads(paths["json"].read_text())["labels"]["averages"]["all"]["micro"]["f1"] == 0.5714


# -- compare ------------------------------------------------------------------------------------
def test_compare_without_per_note_results_says_so_and_claims_nothing():
    # files from an older casenotes: intervals that do not overlap are shown, but no difference is called significant
    a = {"labels": {"averages": {"all": {"micro": {"f1": 0.5, "recall": 0.6, "ci": {"f1": [0.4, 0.6], "recall": [0.5, 0.7]}}}}},
         "redaction": {"overall": {"recall": 0.9, "recall_ci": [0.88, 0.92]}}}
    b = {"labels": {"averages": {"all": {"micro": {"f1": 0.8, "recall": 0.65, "ci": {"f1": [0.7, 0.9], "recall": [0.55, 0.75]}}}}},
         "redaction": {"overall": {"recall": 0.95, "recall_ci": [0.93, 0.97]}}}
    comparison = ev.compare(a, b)
    rows = {row["metric"]: row for row in comparison["rows"]}
    assert rows["redaction.overall.recall"]["difference"] == 0.05 and rows["redaction.overall.recall"]["difference_ci"] is None
    assert comparison["significant"] == 0 and "A and B have no per-note results" in comparison["not_paired"]
    report = render_compare(comparison)
    assert "No paired intervals: A and B have no per-note results" in report
    assert "| labels.averages.all.micro.f1 | 0.500 (0.40-0.60) | 0.800 (0.70-0.90) | +0.300 | - |  |" in report


def test_compare_a_run_with_itself_finds_nothing(labels_result):
    comparison = ev.compare(labels_result, labels_result, resamples=200)
    assert comparison["significant"] == 0 and len(comparison["rows"]) > 20 and comparison["not_paired"] is None
    defined = [row["difference_ci"] for row in comparison["rows"] if row["difference_ci"] is not None]
    assert len(defined) > 20 and all(ci == [0.0, 0.0] for ci in defined)


# -- fairness -----------------------------------------------------------------------------------
def test_swap_names_moves_every_offset(redaction_gold):
    swapped = ev.swap_names(redaction_gold)
    # two origins: english -> south_asian and back, same form (full)
    first, second = swapped
    assert [first["text"][s["start"]:s["end"]] for s in first["pii"]] == ["Amir Khan", "07700 900123"]
    assert [s["origin"] for s in first["pii"] if s["type"] == "PERSON"] == ["south_asian"]
    assert [first["text"][k["start"]:k["end"]] for k in first["keep"]] == ["Mum", "Police"]
    assert [second["text"][s["start"]:s["end"]] for s in second["pii"]] == ["Kerry Smith", "943 476 5919"]


def test_insert_description_after_first_name(redaction_gold):
    variants, changed = ev.insert_description(redaction_gold, ", who is gay,")
    assert changed == 2
    first = variants[0]
    assert first["text"].startswith("Mum Kerry Smith, who is gay, rang")
    assert [first["text"][s["start"]:s["end"]] for s in first["pii"]] == ["Kerry Smith", "07700 900123"]
    assert [first["text"][k["start"]:k["end"]] for k in first["keep"]] == ["Mum", "Police"]


def test_fairness_reports_recall_and_changed_labels_by_id(redaction_gold):
    predicted = ev.load_jsonl(DATA / "redaction_pred.jsonl")
    base = [{**p, "factors": [], "needs": [], "services": []} for p in predicted]
    variant = [dict(base[0]), {**base[1], "factors": ["5A"]}]
    variant[0]["pii"] = variant[0]["pii"] + [{"start": 10, "end": 15, "type": "PERSON"}]  # Smith now covered too
    result = ev.fairness_from_runs({"original": (redaction_gold, base, 2), "inserted_gay": (redaction_gold, variant, 2)})
    assert result["original"]["redaction"]["overall"] == 0.75
    assert result["inserted_gay"]["redaction"]["overall"] == 1.0
    assert result["inserted_gay"]["recall_change"]["overall"] == 0.25
    assert result["inserted_gay"]["label_changes"] == [{"note_id": "r2", "factors": {"added": ["5A"], "removed": []}}]
    assert "r2: factors +['5A'] -[]" in render_markdown({"fairness": result})


# -- running casenotes --------------------------------------------------------------------------
def test_run_predictions_and_tab_with_the_real_redactor(redaction_gold, fresh_redactor, tmp_path):
    predicted = ev.run_predictions(redaction_gold, tmp_path / "pred.jsonl", redactor=fresh_redactor)
    assert [p["note_id"] for p in predicted] == ["r1", "r2"] and all(p["status"] == "ok" for p in predicted)
    assert "Kerry" not in predicted[0]["redacted_text"]
    tab = ev.score_tab_folder(DATA / "tab", redactor=fresh_redactor)
    assert tab["documents"] == 1 and {k: c["support"] for k, c in tab["per_type"].items()} == {
        "DATETIME": 1, "LOC": 1, "PERSON": 1}


# -- CLI ----------------------------------------------------------------------------------------
def test_cli_evaluate_writes_json_and_report(tmp_path):
    out = tmp_path / "eval"
    result = runner.invoke(app, ["evaluate", "--gold", str(DATA / "labels_gold.jsonl"), "--pred",
                                 str(DATA / "labels_pred.jsonl"), "--out", str(out), "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    scores = json.loads((out / "evaluation.json").read_text())
    assert scores["labels"]["averages"]["all"]["micro"]["precision"] == 0.6667
    assert (out / "report.md").is_file() and (out / "f1_per_label.png").is_file()
    compared = runner.invoke(app, ["evaluate", "--compare", str(out / "evaluation.json"), str(out / "evaluation.json"),
                                   "--out", str(tmp_path / "cmp"), "--bootstrap", "50"])
    assert compared.exit_code == 0, compared.output
    report = (tmp_path / "cmp" / "compare.md").read_text()
    assert "4 notes, 50 paired resamples (seed 0)" in report and "0 of" in report


def test_cli_evaluate_without_predictions_is_an_error_message(tmp_path):
    result = runner.invoke(app, ["evaluate", "--gold", str(DATA / "labels_gold.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code == 3 and "--run" in result.output and "Traceback" not in result.output
