"""Which way of training the note classifier generalises to authors it never saw? Judged on the development authors.

    .venv/bin/python eval/compare_methods.py                           # lora, full, setfit, frozen: one seed each
    .venv/bin/python eval/compare_methods.py --methods lora --seeds 1 2 3   # the spread over seeds of one method
    .venv/bin/python eval/compare_methods.py --max-steps 20 --methods lora frozen --limit 200   # a smoke run
    .venv/bin/python eval/compare_methods.py --reuse lora:42=models/casenotes-lora   # score a folder trained with
                                                       # the same config by `casenotes train` instead of training again

Every method trains on the same notes (``training/configs/multi_author.json``: the template corpus and the training
authors) and is scored on the development authors only; the test authors are never read here. The methods:

* **full** - every MiniLM weight fine-tuned on sentence units (``TrainConfig(lora_rank=0)``);
* **lora** - a rank-16 LoRA adapter on every linear layer plus the head (peft; what ships);
* **setfit** - SetFit: the sentence-transformers body fine-tuned contrastively on sentence pairs, then a one-vs-rest
  logistic-regression head on its embeddings (``setfit.SetFitModel``, ``setfit.Trainer``);
* **frozen** - the same head on the untouched all-MiniLM-L6-v2 embeddings: what fine-tuning adds over none.

The setfit and frozen methods need ``pip install setfit`` (not a casenotes dependency: nothing shipped uses it).

Scores are fair to every method because nothing is tuned on the notes it is scored on: the development authors
are split into two folds by author; thresholds and the labels the model may add (and veto) are tuned on one fold and
scored on the other, then the other way round (cross-fitting). The model alone is also scored at 0.5, untuned.
Writes ``eval/results/compare_methods.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casenotes.classify import (Classifier, TrainConfig, label_list, multi_hot, redacted_text,  # noqa: E402
                                result_matrix, ruled_matrix, sentence_spans, pool_max, train, training_notes,
                                training_units)
from casenotes.classify.trainer import (apply_additions, apply_vetoes, tune_additions,  # noqa: E402
                                        tune_thresholds, tune_vetoes)
from casenotes.evaluation.metrics import multilabel_scores  # noqa: E402
from casenotes.labelled import load_labelled  # noqa: E402

KIND_PREFIX = {"factors": "factor:", "needs": "need:", "services": "service:"}


def load_config(path: Path) -> TrainConfig:
    return TrainConfig(**json.loads(path.read_text()))


def author_of(note) -> str:
    return str(note.meta.get("author") or note.note_id.split("-")[0])


# ---------------------------------------------------------------- the methods
def transformer_probs(config: TrainConfig, dev_texts: list[str], folder: Path, trained: Path | None = None
                      ) -> tuple[np.ndarray, list[str], float]:
    """Train into ``folder`` (or load ``trained``, a folder ``casenotes train`` wrote with the same settings)."""
    if trained is None:
        started = time.perf_counter()
        train(replace(config, out=str(folder), test=None), progress=False)
        seconds = time.perf_counter() - started
    else:
        saved = json.loads((trained / "metrics.json").read_text())
        differs = {k for k, v in vars(config).items()
                   if k not in ("out", "test", "evaluate_precisions", "max_steps", "max_train_samples") and saved["config"].get(k) != v}
        if differs:
            raise SystemExit(f"{trained} was trained with other settings: {sorted(differs)}")
        folder, seconds = trained, saved["training"]["seconds"]
    clf = Classifier.load(folder)
    return clf.predict_proba(dev_texts), clf.labels, seconds


def _units(notes, labels) -> tuple[list[str], np.ndarray]:
    from casenotes.taxonomy import load_taxonomy

    space = {kind: frozenset(names) for kind, names in load_taxonomy().labels().items()}
    pairs = [unit for note in notes for unit in training_units(note, labels, space)]
    return [text for text, _ in pairs], np.asarray([target for _, target in pairs], dtype=np.int64)


def setfit_probs(config: TrainConfig, train_notes, dev_texts: list[str], labels: list[str], fine_tune: bool,
                 max_pairs_units: int, max_steps: int) -> tuple[np.ndarray, float]:
    """SetFit (``fine_tune``) or the frozen body, with a one-vs-rest logistic-regression head on sentence units."""
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    from casenotes.adapters import base_model_dir

    started = time.perf_counter()
    texts, targets = _units(train_notes, labels)
    model = SetFitModel.from_pretrained(str(base_model_dir()), multi_target_strategy="one-vs-rest", local_files_only=True)
    if fine_tune:
        # Contrastive pairs over every unit would be millions: the body learns from the labelled units and as
        # many unlabelled ones, sampled with the seed; the head then learns from every unit (below).
        rng = np.random.default_rng(config.seed)
        positive = np.flatnonzero(targets.sum(1) > 0)
        negative = np.flatnonzero(targets.sum(1) == 0)
        take = min(len(positive), max_pairs_units // 2)
        chosen = np.concatenate([rng.choice(positive, take, replace=False),
                                 rng.choice(negative, min(len(negative), take), replace=False)])
        subset = Dataset.from_dict({"text": [texts[i] for i in chosen], "label": targets[chosen].tolist()})
        args = TrainingArguments(output_dir=tempfile.mkdtemp(prefix="setfit-"), batch_size=config.batch_size, num_epochs=1,
                                 max_steps=max_steps, seed=config.seed, report_to="none", show_progress_bar=False)
        trainer = Trainer(model=model, args=args, train_dataset=subset)
        trainer.train_embeddings(*trainer.dataset_to_parameters(subset), args=args)
    embeddings = model.model_body.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
    keep = targets.sum(0) > 0  # a label with no positive unit cannot have a logistic head
    head = OneVsRestClassifier(LogisticRegression(max_iter=300, class_weight="balanced"), n_jobs=1)
    head.fit(embeddings, targets[:, keep])
    seconds = time.perf_counter() - started
    pieces, owner = [], []
    for i, text in enumerate(dev_texts):
        for a, b in sentence_spans(text):
            pieces.append(text[a:b])
            owner.append(i)
    dev_emb = model.model_body.encode(pieces, batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
    unit_probs = np.zeros((len(pieces), len(labels)), dtype=np.float32)
    unit_probs[:, keep] = head.predict_proba(dev_emb)
    return pool_max(unit_probs, owner, len(dev_texts)), seconds


# ---------------------------------------------------------------- scoring, cross-fitted by author
def kind_scores(gold: np.ndarray, pred: np.ndarray, labels: list[str]) -> dict[str, dict[str, float]]:
    out = {}
    for field, prefix in KIND_PREFIX.items():
        cols = [j for j, k in enumerate(labels) if k.startswith(prefix)]
        s = multilabel_scores(gold[:, cols], pred[:, cols], [labels[j] for j in cols])
        out[field] = {"micro_f1": round(s["micro_f1"], 4), "macro_f1": round(s["macro_f1"], 4)}
    s = multilabel_scores(gold, pred, labels)
    out["all"] = {"micro_f1": round(s["micro_f1"], 4), "macro_f1": round(s["macro_f1"], 4)}
    return out


def cross_fitted(gold, rules, ruled, probs, folds) -> dict[str, np.ndarray]:
    """Model-alone and combined predictions where every note's thresholds came from the other fold's authors."""
    model_pred, added, vetoed = (np.zeros(gold.shape, dtype=bool) for _ in range(3))
    for fold in (0, 1):
        fit, score = folds != fold, folds == fold
        model_pred[score] = probs[score] >= tune_thresholds(probs[fit], gold[fit])
        added[score] = apply_additions(rules[score], ruled[score], probs[score],
                                       tune_additions(gold[fit], rules[fit], ruled[fit], probs[fit]))
        vetoed[score] = apply_vetoes(added[score], rules[score], probs[score], tune_vetoes(gold[fit], rules[fit], probs[fit]))
    return {"model": model_pred, "added": added, "added_vetoed": vetoed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=ROOT / "training" / "configs" / "multi_author.json")
    parser.add_argument("--methods", nargs="+", default=["lora", "full", "setfit", "frozen"],
                        choices=("lora", "full", "setfit", "frozen"))
    parser.add_argument("--seeds", nargs="+", type=int, default=None, help="Seeds (default: the config's).")
    parser.add_argument("--max-steps", type=int, default=-1, help="Cap each transformer run (smoke runs).")
    parser.add_argument("--setfit-units", type=int, default=4000, help="Sentence units the SetFit body learns from.")
    parser.add_argument("--setfit-steps", type=int, default=300, help="SetFit body steps (pairs batches).")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N training notes (smoke runs).")
    parser.add_argument("--reuse", nargs="*", default=[], metavar="METHOD:SEED=DIR",
                        help="Score a model folder trained with the same settings instead of training it again.")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "compare_methods")
    args = parser.parse_args(argv)

    config = load_config(args.config)
    config = replace(config, max_steps=args.max_steps, max_train_samples=args.limit, evaluate_precisions=[])
    train_notes = training_notes(config)  # the same notes train() reads (paths relative to the repository root)
    dev = load_labelled(ROOT / config.validation)
    dev_texts = [redacted_text(n) for n in dev]
    authors = sorted({author_of(n) for n in dev})
    fold_of = {a: i % 2 for i, a in enumerate(authors)}
    folds = np.array([fold_of[author_of(n)] for n in dev])

    from casenotes.extract import Extractor

    rule_results = list(Extractor().pipe(dev_texts))
    reuse = {key: Path(folder) for key, folder in (item.split("=", 1) for item in args.reuse)}
    runs = []
    for seed in args.seeds or [config.seed]:
        for method in args.methods:
            seeded = replace(config, seed=seed)
            with tempfile.TemporaryDirectory() as tmp:
                if method in ("lora", "full"):
                    settings = {"lora_rank": 16} if method == "lora" else {"lora_rank": 0, "learning_rate": 1e-4}
                    probs, labels, seconds = transformer_probs(replace(seeded, **settings), dev_texts, Path(tmp) / "m",
                                                               reuse.get(f"{method}:{seed}"))
                else:
                    labels = label_list(train_notes)
                    probs, seconds = setfit_probs(seeded, train_notes, dev_texts, labels, method == "setfit",
                                                  args.setfit_units, args.setfit_steps)
            gold = multi_hot(dev, labels)
            rules, ruled = result_matrix(rule_results, labels), ruled_matrix(rule_results, labels)
            fitted = cross_fitted(gold, rules, ruled, probs, folds)
            run = {"method": method, "seed": seed, "train_seconds": round(seconds, 1),
                   "model_at_0.5": kind_scores(gold, probs >= 0.5, labels),
                   "model_cross_fitted": kind_scores(gold, fitted["model"], labels),
                   "rules": kind_scores(gold, rules > 0, labels),
                   "rules_plus_additions": kind_scores(gold, fitted["added"], labels),
                   "rules_plus_additions_and_vetoes": kind_scores(gold, fitted["added_vetoed"], labels)}
            runs.append(run)
            print(json.dumps({k: run[k] for k in ("method", "seed", "train_seconds")}),
                  "model@0.5", run["model_at_0.5"]["all"], "combined", run["rules_plus_additions_and_vetoes"]["all"],
                  flush=True)
            summary = {"dev_authors": authors, "folds": {a: fold_of[a] for a in authors}, "dev_notes": len(dev),
                       "train_notes": len(train_notes), "config": str(args.config.resolve().relative_to(ROOT)),
                       "max_steps": args.max_steps, "runs": runs}
            write(summary, args.out)  # after every run, so a long comparison cut short keeps what it measured
    print(f"Wrote {args.out.with_suffix('.md')}")
    return 0


def write(summary: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(summary, indent=1))
    out.with_suffix(".md").write_text(markdown(summary))


def markdown(summary: dict) -> str:
    lines = ["# Classifier training methods, judged on the development authors", "",
             f"Trained on {summary['train_notes']} notes ({summary['config']}); scored on {summary['dev_notes']} notes by "
             f"{', '.join(summary['dev_authors'])}, cross-fitted by author (tuned on one fold, scored on the other). "
             "Micro F1 (macro in brackets). The test authors are not read. "
             + (f"Each transformer run stopped at {summary['max_steps']} steps." if summary.get("max_steps", -1) > 0 else ""), "",
             "| method | seed | train s | model @0.5 | model, tuned | rules | rules + additions | + vetoes | factors | needs | services |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in summary["runs"]:
        def cell(key, field="all"):
            s = r[key][field]
            return f"{s['micro_f1']:.3f} ({s['macro_f1']:.3f})"
        best = r["rules_plus_additions_and_vetoes"]
        lines.append(f"| {r['method']} | {r['seed']} | {r['train_seconds']:.0f} | {cell('model_at_0.5')} | {cell('model_cross_fitted')} | "
                     f"{cell('rules')} | {cell('rules_plus_additions')} | {cell('rules_plus_additions_and_vetoes')} | "
                     f"{best['factors']['micro_f1']:.3f} | {best['needs']['micro_f1']:.3f} | {best['services']['micro_f1']:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
