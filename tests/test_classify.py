"""The note classifier: windows and pooling, thresholds, the rules+model rule, save/reload, a short training run.

A tiny randomly initialised BERT (hidden size 32, 2 layers) with the MiniLM tokenizer stands in for the
real model, so these run in seconds.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from casenotes.classify import (
    Classifier,
    CombinedExtractor,
    TrainConfig,
    combine,
    evaluate_on,
    encode_chunks,
    label_list,
    mask_pii,
    pool_max,
    quantize_model,
    resolve_precision,
    sentence_spans,
    train,
    training_units,
    tune_additions,
    tune_thresholds,
    tune_vetoes,
)
from casenotes.labelled import LabelledNote, Span, load_labelled

LABELS = ["factor:3B", "need:domestic_abuse", "service:Police", "factor:2A"]
CORPUS = "training/data/corpus_train.jsonl"


@pytest.fixture(scope="session")
def tokenizer():
    from transformers import AutoTokenizer

    from casenotes.classify import base_model_dir

    return AutoTokenizer.from_pretrained(base_model_dir(), local_files_only=True)


def _tiny_model(tokenizer, labels):
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=512, num_labels=len(labels),
                        problem_type="multi_label_classification", id2label=dict(enumerate(labels)),
                        label2id={k: i for i, k in enumerate(labels)})
    return BertForSequenceClassification(config).eval()


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory, tokenizer):
    """A tiny BERT checkpoint folder (base for training)."""
    folder = tmp_path_factory.mktemp("tiny_base")
    _tiny_model(tokenizer, ["x"]).bert.save_pretrained(folder)  # encoder only, like the real base
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_dir(tiny_classifier_dir):
    """A complete classifier folder (conftest): tiny weights, tokenizer, labels.json (LABELS), thresholds.json."""
    return tiny_classifier_dir


# fmt: off
@pytest.mark.parametrize("probs, mapping, expected", [
    ([[0.1, 0.9], [0.7, 0.2]], [0, 0], [[0.7, 0.9]]),
    ([[0.1, 0.9], [0.7, 0.2], [0.3, 0.3]], [0, 1, 1], [[0.1, 0.9], [0.7, 0.3]]),
])
# fmt: on
def test_pool_max_takes_the_maximum_over_a_notes_windows(probs, mapping, expected):
    pooled = pool_max(np.array(probs), mapping, len(expected))
    np.testing.assert_allclose(pooled, expected)


def test_encode_chunks_splits_long_notes_into_overlapping_windows(tokenizer):
    long_note = " ".join(f"word{i}" for i in range(120))
    enc = encode_chunks(tokenizer, ["short note", long_note], max_length=32, stride=8)
    mapping = enc["overflow_to_sample_mapping"]
    assert mapping[0] == 0 and mapping.count(1) > 3
    windows = [ids for ids, note in zip(enc["input_ids"], mapping) if note == 1]
    assert all(len(ids) <= 32 for ids in windows)
    first, second = windows[0][1:-1], windows[1][1:-1]  # without [CLS]/[SEP]
    assert first[-8:] == second[:8]  # neighbouring windows share `stride` tokens


def test_tune_thresholds_maximises_f1_per_label_and_defaults_without_positives():
    probs = np.array([[0.9, 0.2, 0.8], [0.6, 0.3, 0.7], [0.4, 0.1, 0.6], [0.35, 0.4, 0.1]])
    gold = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 0], [1, 0, 0]])
    thresholds = tune_thresholds(probs, gold)
    assert thresholds[0] == pytest.approx(0.35)  # the lowest threshold catching every positive, F1 = 0.857
    assert thresholds[1] == pytest.approx(0.3)  # only the positive scores 0.3 and 0.4 is a negative: F1 2/3
    assert thresholds[2] == pytest.approx(0.5)  # no positives: default


def _rule_result(mentions, **labels):
    return {"factors": labels.get("factors", []), "needs": labels.get("needs", []),
            "services": labels.get("services", []), "mentions": mentions}


def _mention(kind, label, status="current", **flags):
    return {"kind": kind, "label": label, "start": 5, "end": 10, "negated": flags.get("negated", False),
            "hypothetical": False, "historical": flags.get("historical", False), "subject": "child",
            "status": status, "source": "rules"}


def test_combine_adds_a_label_the_rules_missed_with_the_model_as_source():
    rules = _rule_result([_mention("factor", "3B")], factors=["3B"])
    text = "Dad hit mum. Police attended."
    out = combine(rules, {"factor:3B": 0.9, "service:Police": 0.8, "factor:2A": 0.2}, {"service:Police": 0.5, "factor:2A": 0.5}, text)
    assert out["factors"] == ["3B"] and out["services"] == ["Police"]
    [added] = [m for m in out["mentions"] if m["source"] == "model"]
    assert added == {**added, "kind": "service", "label": "Police", "start": 0, "end": len(text), "score": 0.8}
    assert rules["services"] == []  # the rule result is not mutated


# fmt: off
@pytest.mark.parametrize("mention", [
    _mention("factor", "2A", status="negated", negated=True),
    _mention("factor", "2A", status="historical", historical=True),
    _mention("factor", "2A", status="hypothetical"),
])
# fmt: on
def test_combine_never_overrides_a_negated_hypothetical_or_historical_rule_mention(mention):
    out = combine(_rule_result([mention]), {"factor:2A": 0.99}, {"factor:2A": 0.5}, "No concerns re alcohol.")
    assert out["factors"] == [] and all(m["source"] == "rules" for m in out["mentions"])


def test_combine_keeps_rule_labels_and_sorts_factor_codes():
    rules = _rule_result([_mention("factor", "10A")], factors=["10A"])
    out = combine(rules, {"factor:10A": 0.0, "factor:2A": 0.7}, {"factor:2A": 0.6}, "x" * 20)
    assert out["factors"] == ["2A", "10A"]


def test_mask_pii_uses_typed_placeholders_and_numbers_people():
    text = "Mum Kerry rang from 07700 900123; kerry and Dan"
    pii = [{"start": 4, "end": 9, "type": "PERSON"}, {"start": 20, "end": 32, "type": "UK_PHONE"},
           {"start": 34, "end": 39, "type": "PERSON"}, {"start": 44, "end": 47, "type": "PERSON"}]
    assert mask_pii(text, pii) == "Mum [PERSON_1] rang from [PHONE]; [PERSON_1] and [PERSON_2]"


def test_mask_pii_links_short_forms_as_the_redactor_does():
    # the masked gold the rules are scored on must number people as a redacted note does: a given name
    # alone, a surname alone and initials after a full name are the same person
    text = "Stepdad Wendell Okafor present. Wendell said little; Okafor later rang. WO to call back. Tam visited."
    names = ("Wendell Okafor", "Wendell said", "Okafor later", "WO to", "Tam visited")
    pii = [{"start": text.index(name), "end": text.index(name) + len(name if name == names[0] else name.split()[0]),
            "type": "PERSON"} for name in names]
    assert mask_pii(text, pii) == ("Stepdad [PERSON_1] present. [PERSON_1] said little; [PERSON_1] later rang. "
                                   "[PERSON_1] to call back. [PERSON_2] visited.")


# fmt: off
@pytest.mark.parametrize("text, expected", [
    ("Dad hit mum again. Police were called!  Is the child safe?", ["Dad hit mum again.", "Police were called!", "Is the child safe?"]),
    ("Seen. Dad was at home with the children\nPlan: review in 2 weeks", ["Seen. Dad was at home with the children", "Plan: review in 2 weeks"]),
    ("Home visit at 3.30pm by s.47 team", ["Home visit at 3.30pm by s.47 team"]),   # no break inside numbers or s.47
    ("A long enough first sentence. Ok.", ["A long enough first sentence. Ok."]),     # a short last piece joins the one before
    ("   ", ["   "]),
])
# fmt: on
def test_sentence_spans_split_on_sentence_ends_and_lines_and_join_fragments(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


def _space():
    from casenotes.taxonomy import load_taxonomy

    return {kind: frozenset(names) for kind, names in load_taxonomy().labels().items()}


def test_training_units_label_each_sentence_by_its_asserted_evidence():
    text = "Kerry denies any drug use by Dad. Dad hit Kerry last night. Police attended."
    note = LabelledNote("n1", text, factors=["3B"], services=["Police"], spans=[
        Span(0, 5, "PERSON", "pii"), Span(42, 47, "PERSON", "pii"),
        Span(17, 25, "2B", "factor", asserted=False),          # negated: evidence against, not for
        Span(38, 41, "3B", "factor", asserted=True),
        Span(60, 66, "Police", "service")])                    # no flag: taken as evidence
    units = training_units(note, LABELS + ["factor:2B"], _space())
    assert [t for t, _ in units] == ["[PERSON_1] denies any drug use by Dad.", "Dad hit [PERSON_1] last night.", "Police attended."]
    assert [[k for k, v in zip(LABELS + ["factor:2B"], y) if v] for _, y in units] == [[], ["factor:3B"], ["service:Police"]]


def test_training_units_fall_back_to_the_whole_note_when_a_label_has_no_span():
    note = LabelledNote("n1", "Dad hit mum. Police attended.", factors=["3B"], services=["Police"],
                        spans=[Span(17, 23, "Police", "service")])
    [(text, target)] = training_units(note, LABELS, _space())
    assert text == note.text and [k for k, v in zip(LABELS, target) if v] == ["factor:3B", "service:Police"]


def test_corpus_notes_train_sentence_by_sentence_with_every_note_label_placed():
    notes = load_labelled(CORPUS)[:40]
    labels = label_list(notes)
    index = {k: i for i, k in enumerate(labels)}
    for note in notes:
        units = training_units(note, labels, _space())
        assert len(units) > 1
        placed = {labels[j] for _, y in units for j, v in enumerate(y) if v}
        assert placed == {k for k in index if k.split(":", 1)[1] in note.factors + note.needs + note.services}


def test_label_list_follows_taxonomy_order_and_covers_the_training_labels():
    notes = load_labelled(CORPUS)[:50]
    labels = label_list(notes)
    kinds = [k.split(":")[0] for k in labels]
    assert kinds == sorted(kinds, key=["factor", "need", "service"].index)
    assert {f"factor:{c}" for n in notes for c in n.factors} <= set(labels)


def test_classifier_save_reload_gives_identical_predictions(tiny_dir, tmp_path):
    texts = ["Dad hit mum, police called.", " ".join(["long note about school attendance"] * 40), "nil"]
    clf = Classifier.load(tiny_dir)
    assert clf.max_length == 32 and clf.labels == LABELS
    probs = clf.predict_proba(texts)
    assert probs.shape == (3, 4) and ((probs >= 0) & (probs <= 1)).all()
    clf.model.save_pretrained(tmp_path)
    clf.tokenizer.save_pretrained(tmp_path)
    for name in ("labels.json", "thresholds.json"):
        (tmp_path / name).write_text((tiny_dir / name).read_text())
    again = Classifier.load(tmp_path)
    np.testing.assert_allclose(again.predict_proba(texts), probs, atol=1e-6)
    predicted = again.predict(texts)  # thresholds: factor:3B at 0 (always), factor:2A above 1 (never)
    assert all("factor:3B" in p and "factor:2A" not in p for p in predicted)


def test_classifier_batches_in_any_order_to_the_same_answer(tiny_dir):
    clf = Classifier.load(tiny_dir)
    texts = ["short", "a much longer note " * 30, "medium length note here"]
    together = clf.predict_proba(texts)
    alone = np.vstack([clf.predict_proba([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_sentence_classifier_takes_the_maximum_over_sentences(tiny_dir):
    clf = Classifier.load(tiny_dir)
    clf.unit = "sentence"
    note = "Dad hit mum last night. Police attended the home. School report good attendance."
    per_sentence = clf._window_proba([note[a:b] for a, b in sentence_spans(note)])
    np.testing.assert_allclose(clf.predict_proba([note, "nil"])[0], per_sentence.max(0), atol=1e-6)


def test_quantized_classifier_stays_close(tiny_dir):
    clf = Classifier.load(tiny_dir)
    small = Classifier(quantize_model(Classifier.load(tiny_dir).model), clf.tokenizer, clf.labels, clf.thresholds, 32, 8)
    texts = ["Dad hit mum, police called.", "school attendance poor"]
    assert np.abs(small.predict_proba(texts) - clf.predict_proba(texts)).max() < 0.05


def test_bf16_classifier_stays_close_and_says_its_precision(tiny_dir):
    import torch

    clf, half = Classifier.load(tiny_dir), Classifier.load(tiny_dir, precision="bf16")
    assert half.precision == "bf16" and next(half.model.parameters()).dtype == torch.bfloat16
    texts = ["Dad hit mum, police called.", "school attendance poor"]
    assert np.abs(half.predict_proba(texts) - clf.predict_proba(texts)).max() < 0.05


def test_auto_precision_is_bf16_only_where_the_cpu_has_it(monkeypatch):
    from casenotes.classify import precision

    monkeypatch.setattr(precision, "native_bf16", lambda: False)
    assert resolve_precision("auto") == "fp32"
    monkeypatch.setattr(precision, "native_bf16", lambda: True)
    assert resolve_precision("auto") == "bf16" and resolve_precision("fp32") == "fp32"
    with pytest.raises(ValueError, match="unknown precision 'fp16'"):
        resolve_precision("fp16")


def test_evaluate_on_scores_each_precision_with_the_rules(tiny_dir):
    notes = load_labelled(CORPUS)[:6]
    out = evaluate_on(Classifier.load(tiny_dir), notes, rules=True, precisions=["bf16"])
    assert {"model", "rules", "combined", "model_bf16", "combined_bf16"} <= out.keys()
    assert 0 <= out["same_labels_bf16"] <= 6 and out["precision"] == "fp32"


def test_combined_extractor_marks_model_labels(tiny_dir):
    from casenotes.extract import Extractor

    clf = Classifier.load(tiny_dir)  # factor:3B has threshold 0: the model always adds it where rules did not see it
    [no_rules, with_rules] = CombinedExtractor(Extractor(), clf).pipe(["Lovely visit, all well.", "Dad hit mum in front of the children."])
    assert "3B" in no_rules["factors"]
    assert [m["source"] for m in no_rules["mentions"] if m["label"] == "3B"] == ["model"]
    assert all(m["source"] == "rules" for m in with_rules["mentions"] if m["label"] == "3B")


def test_combined_extractor_adds_only_labels_that_helped_on_validation(tiny_dir):
    from casenotes.extract import Extractor

    clf = Classifier.load(tiny_dir)
    clf.may_add = {}  # the validation gate found no label the model improves
    [result] = CombinedExtractor(Extractor(), clf).pipe(["Lovely visit, all well."])
    assert result["factors"] == [] and all(m["source"] == "rules" for m in result["mentions"])


def test_combined_extractor_scores_only_notes_whose_record_the_model_can_change(tiny_dir, monkeypatch):
    from casenotes.extract import Extractor

    clf = Classifier.load(tiny_dir)
    texts = ["Lovely visit, all well.",                                  # 3B not ruled: the model may add it
             "Dad hit mum in front of the children, police called.",     # 3B ruled, nothing for the model to change
             "Uncle hit mum last night; dad hit mum as well."]
    rules = list(Extractor().pipe(texts))
    assert "3B" not in rules[0]["factors"] and all("3B" in rule["factors"] for rule in rules[1:])
    every_note = clf.predict_proba(texts)
    scored: list[list[str]] = []
    real = clf.predict_proba
    monkeypatch.setattr(clf, "predict_proba", lambda batch: scored.append(list(batch)) or real(batch))
    for may_veto, model_runs_on in (({}, texts[:1]), ({"need:domestic_abuse": 0.2}, texts)):
        clf.may_add, clf.may_veto, scored[:] = {"factor:3B": 0.0}, may_veto, []
        # the records every note would get if the model scored them all
        expected = [combine(rule, {k: float(row[j]) for j, k in enumerate(clf.labels)}, clf.combine_thresholds(), text, may_veto)
                    for rule, row, text in zip(rules, every_note, texts)]
        assert list(CombinedExtractor(Extractor(), clf).pipe(texts)) == expected
        assert scored == [model_runs_on]


def test_tune_additions_needs_enough_right_additions_that_raise_f1():
    #              gold  rules ruled  prob
    rows = np.array([[1, 1, 1, 0.9],   # rules found it
                     [1, 0, 0, 0.8],   # missed by the rules: the model can add these three ...
                     [1, 0, 0, 0.7],
                     [1, 0, 0, 0.6],
                     [0, 0, 0, 0.5],   # ... a wrong one below them
                     [1, 0, 1, 0.95],  # the rules mentioned it (negated, say): never added
                     [0, 0, 0, 0.1]])
    gold, rules, ruled, probs = (rows[:, i:i + 1] for i in range(4))
    assert tune_additions(gold, rules, ruled, probs) == {0: pytest.approx(0.6)}
    assert tune_additions(gold, rules, ruled, probs, min_true=4) == {}  # only 3 missed labels to find
    lucky = np.array([[1, 0, 0, 0.9], [0, 0, 0, 0.1]])  # one right addition is not evidence enough
    assert tune_additions(*(lucky[:, i:i + 1] for i in range(4))) == {}


def test_tune_vetoes_removes_only_enough_confidently_wrong_rule_labels():
    #              gold  rules prob
    rows = np.array([[1, 1, 0.9],   # rules right, model agrees
                     [1, 1, 0.7],
                     [0, 1, 0.05],  # rules wrong ("HV not applicable"), model sure it is not there: three ...
                     [0, 1, 0.08],
                     [0, 1, 0.10],
                     [1, 1, 0.30],  # ... a right one just above them
                     [1, 0, 0.02]])  # the rules missed it: nothing to veto
    gold, rules, probs = (rows[:, i:i + 1] for i in range(3))
    [(column, limit)] = tune_vetoes(gold, rules, probs).items()
    assert column == 0 and 0.10 < limit <= 0.30  # vetoes the three wrong ones, keeps the right one
    assert tune_vetoes(gold, rules, probs, min_false=4) == {}  # only 3 wrong labels to remove
    lucky = np.array([[0, 1, 0.1], [1, 1, 0.9]])  # one right veto is not evidence enough
    assert tune_vetoes(*(lucky[:, i:i + 1] for i in range(3))) == {}


def test_combine_veto_removes_the_label_and_keeps_its_mentions_marked():
    rules = _rule_result([_mention("service", "Health visitor", status="involved"), _mention("factor", "3B")],
                         services=["Health visitor"], factors=["3B"])
    out = combine(rules, {"service:Health visitor": 0.03, "factor:3B": 0.04}, {}, "HV not applicable.",
                  vetoes={"service:Health visitor": 0.2})
    assert out["services"] == [] and out["factors"] == ["3B"]  # 3B has no veto threshold: kept
    [vetoed] = [m for m in out["mentions"] if m["kind"] == "service"]
    assert vetoed["status"] == "vetoed" and vetoed["source"] == "rules" and vetoed["score"] == 0.03
    kept = combine(rules, {"service:Health visitor": 0.5}, {}, "HV visited.", vetoes={"service:Health visitor": 0.2})
    assert kept["services"] == ["Health visitor"]


def test_retune_combination_rewrites_the_gates_and_keeps_the_weights(tiny_dir, tmp_path):
    import shutil

    from casenotes.classify import retune_combination

    folder = tmp_path / "m"
    shutil.copytree(tiny_dir, folder)
    before = Classifier.load(folder)
    weights = (folder / "model.safetensors").read_bytes() if (folder / "model.safetensors").is_file() else None
    validation = tmp_path / "validation.jsonl"
    validation.write_text("".join(open(CORPUS, encoding="utf-8").readlines()[:30]), encoding="utf-8")
    result = retune_combination(folder, validation)
    saved = json.loads((folder / "thresholds.json").read_text())
    assert saved["model_may_add"] == pytest.approx(result["model_may_add"]) and "model_vetoes" in saved
    after = Classifier.load(folder)
    assert np.array_equal(after.thresholds, before.thresholds) and after.may_veto == pytest.approx(result["model_vetoes"])
    if weights is not None:
        assert (folder / "model.safetensors").read_bytes() == weights


def test_retune_combination_adds_only_the_notes_the_model_did_not_train_on(tiny_dir, tmp_path, monkeypatch):
    import shutil

    import casenotes.classify.trainer as trainer
    from casenotes.classify import retune_combination

    folder = tmp_path / "m"
    shutil.copytree(tiny_dir, folder)
    lines = open(CORPUS, encoding="utf-8").readlines()[:40]
    data, validation = tmp_path / "train.jsonl", tmp_path / "validation.jsonl"
    data.write_text("".join(lines[:30]), encoding="utf-8")
    validation.write_text("".join(lines[30:]), encoding="utf-8")
    metrics = json.loads(open("models/casenotes-lora/metrics.json", encoding="utf-8").read())  # a real card's fields
    metrics["config"].update(data=[str(data)], max_notes_per_file=20)
    (folder / "metrics.json").write_text(json.dumps(metrics))
    trained = trainer.notes_trained_on(folder)
    assert trained == {json.loads(line)["note_id"] for line in lines[:20]}
    seen: list[list[str]] = []
    gates = {10: ({"factor:3B": 0.4, "need:domestic_abuse": 0.5}, {"factor:2A": 0.1, "service:Police": 0.2}),  # dev alone
             20: ({"factor:3B": 0.3}, {"factor:2A": 0.05, "factor:3B": 0.1})}                                  # dev + unseen
    monkeypatch.setattr(trainer, "combination_thresholds",
                        lambda clf, notes: seen.append([n.note_id for n in notes]) or gates[len(notes)])
    result = retune_combination(folder, validation, unseen_from=[data])
    ids = [json.loads(line)["note_id"] for line in lines]
    assert seen == [ids[30:], ids[30:] + ids[20:30]]
    # a gate holds on both populations, with the pooled threshold
    assert result == {"model_may_add": {"factor:3B": 0.3}, "model_vetoes": {"factor:2A": 0.05}}
    assert "10 notes the model did not train on" in json.loads((folder / "metrics.json").read_text())["validation"]["combination_retuned_on"]
    metrics["config"]["data"] = [str(tmp_path / "gone.jsonl")]
    (folder / "metrics.json").write_text(json.dumps(metrics))
    with pytest.raises(ValueError, match="not here"):
        trainer.notes_trained_on(folder)


def test_old_model_folders_with_a_list_of_labels_still_load(tiny_dir, tmp_path):
    import shutil

    shutil.copytree(tiny_dir, tmp_path / "old")
    saved = json.loads((tmp_path / "old" / "thresholds.json").read_text())
    saved["model_may_add"] = ["factor:3B"]
    saved.pop("unit", None)
    (tmp_path / "old" / "thresholds.json").write_text(json.dumps(saved))
    clf = Classifier.load(tmp_path / "old")
    assert clf.unit == "window" and clf.combine_thresholds()["factor:3B"] == 0.0
    assert clf.combine_thresholds()["service:Police"] == float("inf")


def test_run_without_a_model_says_how_to_build_one(tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from casenotes import cli

    from casenotes import classify

    monkeypatch.setattr(classify, "DEFAULT_MODEL_DIR", tmp_path / "no-model-here")
    monkeypatch.setattr(cli, "console", Console(file=(buffer := io.StringIO()), width=200))
    assert cli._classifier_folder(None) is None
    assert "casenotes train" in buffer.getvalue()


def _corpus_sample(folder, notes: int):
    """The first ``notes`` training-corpus notes as a JSONL file in ``folder``."""
    rows = [json.loads(line) for line in open(CORPUS, encoding="utf-8")][:notes]
    data = folder / "train.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return data


@pytest.mark.slow
def test_train_a_few_steps_lowers_the_loss_and_writes_the_model_folder(tiny_base, tmp_path):
    data = _corpus_sample(tmp_path, 20)
    out = tmp_path / "model"
    config = TrainConfig(data=str(data), validation=str(data), test=str(data), out=str(out), base_model=str(tiny_base),
                         max_length=64, stride=16, epochs=4, batch_size=8, learning_rate=3e-3, patience=10,
                         evaluate_rules=False, evaluate_precisions=["int8"])
    summary = train(config, progress=False)
    losses = [row["eval_loss"] for row in summary["training"]["history"] if "eval_loss" in row]
    assert len(losses) == 4 and losses[-1] < losses[0]
    for name in ("config.json", "model.safetensors", "tokenizer.json", "labels.json", "thresholds.json", "README.md"):
        assert (out / name).is_file(), name
    assert not (out / "_checkpoints").exists()
    clf = Classifier.load(out)
    assert clf.model.config.label2id == {k: i for i, k in enumerate(clf.labels)}
    assert "test" in summary and "model_int8" in summary["test"] and "| test | model |" in (out / "README.md").read_text()


@pytest.mark.slow
def test_train_with_lora_writes_an_adapter_folder_that_loads_and_predicts_the_same(tiny_base, tmp_path):
    """The shipped form: adapter and head only (no full weights), loaded over its base with the adapter merged."""
    data = _corpus_sample(tmp_path, 12)
    out = tmp_path / "lora"
    config = TrainConfig(data=[str(data), str(data)], validation=str(data), test=None, out=str(out), base_model=str(tiny_base),
                         max_length=64, stride=16, epochs=1, batch_size=8, learning_rate=3e-3, lora_rank=2,
                         num_hidden_layers=1, evaluate_rules=False, evaluate_precisions=[])
    summary = train(config, progress=False)
    assert summary["data"]["train_notes"] == 24  # two files joined
    assert json.loads((out / "thresholds.json").read_text())["num_hidden_layers"] == 1  # the base cut to one layer
    assert len(Classifier.load(out).model.bert.encoder.layer) == 1
    assert (out / "adapter_config.json").is_file() and (out / "adapter_model.safetensors").is_file()
    assert not (out / "model.safetensors").exists() and not (out / "_adapter").exists()
    assert json.loads((out / "adapter_config.json").read_text())["base_model_name_or_path"] == str(tiny_base)
    texts = ["Dad hit mum last night.", "No concerns re alcohol."]
    first, second = Classifier.load(out).predict_proba(texts), Classifier.load(out).predict_proba(texts)
    assert first.shape == (2, len(summary["labels"])) and np.allclose(first, second)


def test_model_card_template_renders_the_shipped_card_byte_for_byte():
    from importlib.resources import files

    from casenotes.classify import DEFAULT_MODEL_DIR, model_card

    assert files("casenotes.classify").joinpath("model_card_template.md").is_file()  # package data, not code
    summary = json.loads((DEFAULT_MODEL_DIR / "metrics.json").read_text())
    assert model_card(summary) == (DEFAULT_MODEL_DIR / "README.md").read_text()
    without_test = {**summary, "data": {k: v for k, v in summary["data"].items() if k != "test_notes"}}
    without_test.pop("test")
    card = model_card(without_test)
    assert "| validation | model (0.5) |" in card and "| test |" not in card and "validation: " in card


def test_tune_thresholds_picks_the_lowest_threshold_of_best_sklearn_f1():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(2)
    probs = np.round(rng.random((60, 5)), 1)  # rounded: many tied probabilities
    gold = (rng.random((60, 5)) < probs).astype(np.float32)
    chosen = tune_thresholds(probs, gold)
    for j in range(5):
        f1 = {float(np.float32(t)): f1_score(gold[:, j] > 0.5, probs[:, j] >= t) for t in np.unique(probs[:, j])}
        best = max(f1.values())
        assert f1[float(chosen[j])] == pytest.approx(best) and chosen[j] == min(t for t, v in f1.items() if v >= best - 1e-12)


def test_gates_are_kept_only_where_they_hold_on_authors_they_were_not_tuned_on():
    """Label 0: additions right for both authors -> kept. Label 1: additions right for author A, but B's confident
    notes are all wrong, so thresholds tuned on A cost B more than they give: tuned on all notes the label would pass
    (F1 0.80 -> 0.91), held out by author it does not (0.71)."""
    import numpy as np

    from casenotes.classify.trainer import held_out_by_author, tune_additions

    authors = ["A"] * 10 + ["B"] * 10
    gold, rules, probs = np.zeros((20, 2)), np.zeros((20, 2)), np.full((20, 2), 0.1)
    for offset in (0, 10):  # label 0: five found by the rules, three more the model is sure of, two negatives
        gold[offset:offset + 8, 0], rules[offset:offset + 5, 0], probs[offset + 5:offset + 8, 0] = 1, 1, 0.9
    gold[0:10, 1], rules[0:5, 1], probs[5:10, 1] = 1, 1, 0.9          # A: five found, five more the model is sure of
    gold[10:15, 1], rules[10:15, 1], probs[15:18, 1] = 1, 1, 0.95     # B: five found, three wrong ones it is sure of
    ruled = rules.copy()
    assert set(tune_additions(gold, rules, ruled, probs)) == {0, 1}
    added, vetoed = held_out_by_author(gold, rules, ruled, probs, authors)
    assert set(added) == {0} and added[0] == tune_additions(gold, rules, ruled, probs)[0]
    assert vetoed == {}


def test_notes_per_file_caps_each_training_file_in_turn(tmp_path):
    """A capped template corpus beside every author's notes: one number per file, 0 for all of it."""
    import json

    from casenotes.classify import TrainConfig
    from casenotes.classify.trainer import training_notes

    paths = []
    for name, count in (("template.jsonl", 5), ("authors.jsonl", 4)):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"note_id": f"{name}-{i}", "text": f"note {i}", "factors": []}) + "\n"
                                for i in range(count)), encoding="utf-8")
        paths.append(str(path))
    config = TrainConfig(data=paths, validation=paths[1], notes_per_file=[2, 0])
    assert [note.note_id for note in training_notes(config)] == ["template.jsonl-0", "template.jsonl-1",
                                                                 *(f"authors.jsonl-{i}" for i in range(4))]
    with pytest.raises(ValueError, match="2 training files"):
        training_notes(TrainConfig(data=paths, validation=paths[1], notes_per_file=[2]))


@pytest.mark.parametrize("gates, said", [
    ({"model_may_add": {}, "model_vetoes": {}}, "; its gates let it change no label, so the rules' result stands"),
    ({"model_may_add": {"factor:2A": 0.6}, "model_vetoes": {"factor:4C": 0.01}}, "; its gates let it add 1 label and veto 1"),
    ({}, ""),  # no gates recorded: every label may be added at the model's own thresholds
])
def test_describe_says_what_the_gates_let_the_model_change(tmp_path, gates, said):
    from casenotes.classify import describe

    (tmp_path / "labels.json").write_text(json.dumps({"labels": ["factor:2A"], "taxonomy_version": "t1"}))
    (tmp_path / "thresholds.json").write_text(json.dumps({"thresholds": {"factor:2A": 0.5}, **gates}))
    assert describe(tmp_path) == f"{tmp_path.name} (fine-tuned weights, trained date unknown, taxonomy t1){said}"
