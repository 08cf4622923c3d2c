"""The evaluation package's core: sklearn-defined P/R/F1 from counts, CIN code order, per-note results, the paired
bootstrap of ``casenotes evaluate --compare``, and the old module names that still import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import precision_recall_fscore_support, recall_score

from casenotes import evaluation as ev
from casenotes.evaluation.metrics import prf_from_counts
from casenotes.evaluation.report import render_compare, render_markdown

DATA = Path(__file__).parent / "data" / "eval"


# -- one metrics core -----------------------------------------------------------------------------
def test_prf_from_counts_is_bit_identical_to_sklearn():
    rng = np.random.default_rng(5)
    y_true = rng.random((40, 30)) < 0.3
    y_pred = rng.random((40, 30)) < 0.3
    y_true[:, 0] = y_pred[:, 0] = False  # a label with nothing at all: zero_division
    y_pred[:, 1] = False                 # never predicted: precision zero_division
    tp, fp, fn = (y_true & y_pred).sum(0), (~y_true & y_pred).sum(0), (y_true & ~y_pred).sum(0)
    expected = precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)[:3]
    for ours, theirs in zip(prf_from_counts(tp, fp, fn), expected):
        assert np.array_equal(ours, theirs)
    assert prf_from_counts(3, 1, 2) == tuple(float(x) for x in precision_recall_fscore_support(
        [1, 1, 1, 0, 1, 1], [1, 1, 1, 1, 0, 0], average="binary")[:3])
    assert np.isnan(prf_from_counts(0, 0, 0, zero_division=np.nan)[0])


def test_cin_codes_sort_by_number_everywhere():
    keys = ["needs:housing", "factors:10A", "factors:2B", "factors:1B", "services:Police", "factors:1A", "factors:21"]
    assert sorted(keys, key=ev.label_sort_key) == ["factors:1A", "factors:1B", "factors:2B", "factors:10A", "factors:21",
                                                  "needs:housing", "services:Police"]
    gold = [{"note_id": "a", "factors": ["10A", "2A"], "needs": [], "services": []},
            {"note_id": "b", "factors": ["1A"], "needs": [], "services": []}]
    predicted = [{"note_id": "a", "factors": ["10A"]}, {"note_id": "b", "factors": ["1A", "9A"]}]
    result = ev.evaluate(gold, predicted, resamples=20)
    assert list(result["labels"]["per_label"]) == ["factors:1A", "factors:2A", "factors:9A", "factors:10A"]
    report = render_markdown(result)
    assert report.index("| factors | 1A |") < report.index("| factors | 9A |") < report.index("| factors | 10A |")


# -- per-note results -----------------------------------------------------------------------------
def test_per_note_results_hold_labels_and_identifier_outcomes_only():
    gold = ev.load_jsonl(DATA / "redaction_gold.jsonl")
    result = ev.evaluate(gold, ev.load_jsonl(DATA / "redaction_pred.jsonl"), resamples=0)
    # r1: "Kerry Smith" half covered (a leak), the phone number covered
    assert result["per_note"][0] == {"note_id": "r1", "identifiers": [["PERSON", False], ["UK_PHONE", True]]}
    labels = ev.evaluate(ev.load_jsonl(DATA / "labels_gold.jsonl"), ev.load_jsonl(DATA / "labels_pred.jsonl"), resamples=0)
    n4 = labels["per_note"][3]  # no prediction for n4
    assert n4 == {"note_id": "n4", "gold_labels": ["factors:3A", "needs:domestic_abuse"], "predicted_labels": []}


# -- paired bootstrap -----------------------------------------------------------------------------
def _one_label_run(correct: set[int], notes: int = 40) -> dict:
    gold = [{"note_id": f"n{i}", "factors": ["1A"], "needs": [], "services": []} for i in range(notes)]
    predicted = [{"note_id": f"n{i}", "factors": ["1A"] if i in correct else []} for i in range(notes)]
    return ev.evaluate(gold, predicted, resamples=500)


def test_paired_bootstrap_finds_a_consistent_gain_that_overlapping_intervals_hide():
    a, b = _one_label_run(set(range(30))), _one_label_run(set(range(34)))  # B finds 4 more, loses none
    a_ci, b_ci = (r["labels"]["averages"]["all"]["micro"]["ci"]["recall"] for r in (a, b))
    assert a_ci[1] >= b_ci[0]  # the separate intervals overlap ...
    rows = {row["metric"]: row for row in ev.compare(a, b, resamples=500)["rows"]}
    recall = rows["labels.averages.all.micro.recall"]
    assert recall["difference"] == 0.1 and recall["difference_ci"][0] > 0 and recall["significant"]  # ... the pairs do not
    assert rows["labels.averages.all.micro.precision"]["difference_ci"] == [0.0, 0.0]  # both always right when they say 1A
    backwards = {row["metric"]: row for row in ev.compare(b, a, resamples=500)["rows"]}
    assert backwards["labels.averages.all.micro.recall"]["difference_ci"][1] < 0


def test_paired_intervals_match_sklearn_on_each_resample():
    rng = np.random.default_rng(11)
    codes = ["1A", "2A", "10A"]
    pick = lambda: [c for c in codes if rng.random() < 0.4]  # noqa: E731
    gold = [{"note_id": str(i), "factors": pick(), "needs": [], "services": []} for i in range(15)]
    first, second = ({"note_id": str(i), "factors": pick()} for i in range(15)), ({"note_id": str(i), "factors": pick()} for i in range(15))
    a, b = ev.evaluate(gold, list(first), resamples=10), ev.evaluate(gold, list(second), resamples=10)
    differences, reason = ev.paired_intervals(a, b, resamples=60, seed=3)
    assert reason is None
    matrix = lambda rows, key: np.array([[c in r[key] for c in ["factors:" + c for c in codes]] for r in rows])  # noqa: E731
    truth, guess_a, guess_b = matrix(a["per_note"], "gold_labels"), matrix(a["per_note"], "predicted_labels"), matrix(b["per_note"], "predicted_labels")
    indices = ev.bootstrap_indices(15, 60, 3)
    micro_recall, label_f1 = [], []
    for drawn in indices:
        w = np.bincount(drawn, minlength=15)
        score = lambda guess, **kw: precision_recall_fscore_support(truth, guess, sample_weight=w, zero_division=0, **kw)  # noqa: E731
        micro_recall.append(score(guess_b, average="micro")[1] - score(guess_a, average="micro")[1])
        # 10A (column 2): left out of a resample where no drawn note has it in gold or either prediction
        present = (w[:, None] * (truth | guess_a | guess_b))[:, 2].sum() > 0
        label_f1.append(score(guess_b, average=None)[2][2] - score(guess_a, average=None)[2][2] if present else np.nan)
    expected = lambda values: [round(float(x), 4) for x in np.nanpercentile(values, [2.5, 97.5])]  # noqa: E731
    assert differences["labels.averages.all.micro.recall"] == pytest.approx(expected(micro_recall), abs=1e-4)
    assert differences["labels.per_label.factors:10A.f1"] == pytest.approx(expected(label_f1), abs=1e-4)


def test_paired_redaction_recall_matches_a_direct_count():
    gold = ev.load_jsonl(DATA / "redaction_gold.jsonl")
    a = ev.evaluate(gold, ev.load_jsonl(DATA / "redaction_pred.jsonl"), resamples=0)
    b = json.loads(json.dumps(a))
    b["per_note"][0]["identifiers"][0][1] = True  # B also redacted all of "Kerry Smith"
    differences, _ = ev.paired_intervals(a, b, resamples=40, seed=1)
    hits_a = [[hit for _, hit in row["identifiers"]] for row in a["per_note"]]
    hits_b = [[hit for _, hit in row["identifiers"]] for row in b["per_note"]]
    values = []
    for drawn in ev.bootstrap_indices(len(gold), 40, 1):
        recall = lambda hits: recall_score(np.ones(sum(len(hits[i]) for i in drawn)), [h for i in drawn for h in hits[i]])  # noqa: E731
        values.append(recall(hits_b) - recall(hits_a))
    assert differences["redaction.overall.recall"] == [round(float(x), 4) for x in np.percentile(values, [2.5, 97.5])]


def test_compare_refuses_to_pair_different_notes():
    a, b = _one_label_run(set(range(30))), _one_label_run(set(range(30)), notes=39)
    comparison = ev.compare(a, b, resamples=50)
    assert "different notes (1 only in A, 0 only in B)" in comparison["not_paired"] and comparison["significant"] == 0
    assert "No paired intervals: A and B were scored on different notes" in render_compare(comparison)


def test_cli_compare_of_two_systems_reports_the_paired_interval(tmp_path):
    from typer.testing import CliRunner

    from casenotes.cli import app

    paths = []
    for name, correct in (("a", range(30)), ("b", range(34))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "evaluation.json").write_text(json.dumps(_one_label_run(set(correct))))
        paths.append(str(tmp_path / name / "evaluation.json"))
    result = CliRunner().invoke(app, ["evaluate", "--compare", *paths, "--out", str(tmp_path / "cmp"), "--bootstrap", "300"])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "cmp" / "compare.md").read_text()
    assert "40 notes, 300 paired resamples (seed 0)" in report
    row = next(line for line in report.splitlines() if line.startswith("| labels.averages.all.micro.recall |"))
    assert row.endswith("| yes |") and "| +0.100 | +0." in row
    (tmp_path / "bad.json").write_text("[1, 2]")
    bad = CliRunner().invoke(app, ["evaluate", "--compare", paths[0], str(tmp_path / "bad.json"), "--out", str(tmp_path / "x")])
    assert bad.exit_code != 0 and "is not an evaluation.json" in bad.output and "Traceback" not in bad.output


# -- layout ---------------------------------------------------------------------------------------
def test_old_module_names_still_import_the_same_functions():
    import casenotes.evaluate as old
    import casenotes.evaluate_redaction as old_redaction
    import casenotes.evaluate_report as old_report
    import casenotes.extract.evaluate as old_extract
    from casenotes.evaluation import labels, redaction, report

    assert old.evaluate is ev.evaluate and old.compare is ev.compare and old.load_jsonl is ev.load_jsonl
    assert old_redaction.score_redaction is redaction.score_redaction and callable(old_redaction.presidio_default_analyzer)
    assert old_report.write_report is report.write_report and old_report.COMPARE_NAME == "compare.md"
    assert old_extract.score_notes is labels.score_notes and old_extract.evaluate is labels.evaluate_extraction


def test_cli_loads_no_classifier_training_or_model_code():
    code = ("import sys, casenotes.cli; loaded = [m for m in ('torch', 'transformers', 'sklearn', 'casenotes.classify.trainer', "
            "'casenotes.classify.modeling', 'casenotes.evaluation') if m in sys.modules]; print(loaded)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_classify_name_resolves():
    import casenotes.classify as classify

    for name in classify._EXPORTS:
        assert getattr(classify, name) is not None, name
    assert set(classify.__all__) <= set(dir(classify))
    with pytest.raises(AttributeError):
        classify.no_such_name  # noqa: B018
