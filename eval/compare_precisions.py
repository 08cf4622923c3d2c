"""Does running the classifier in bf16 or int8 change its labels? Scores each precision on labelled notes.

For a trained model folder and labelled notes (default: the corpus test split, redacted by masking the
gold PII spans), ``casenotes.classify.evaluate_on`` scores the model alone and rules + model with the
weights in fp32, then in each of ``--precisions``; this adds how many notes end with different
combined labels, and the classifier's time per note (one thread, this machine).

    .venv/bin/python eval/compare_precisions.py                       # test split, bf16 and int8
    .venv/bin/python eval/compare_precisions.py --notes training/data/corpus_validation.jsonl

Results: eval/results/precision.json and precision.md (counts and scores only, no note text).
"""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def markdown(result: dict) -> str:
    lines = [f"# Classifier precision: {result['notes']} notes of {result['source']}", "",
             f"Model: {result['model_dir']}; classifier on one thread; native bf16 on this CPU: {result['native_bf16']}.", "",
             "| weights | model alone micro F1 | macro F1 | rules + model micro F1 | macro F1 | notes with other combined labels than fp32 | classifier ms/note |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for precision in ["fp32", *result["precisions"]]:
        suffix = "" if precision == "fp32" else f"_{precision}"
        model, combined = result[f"model{suffix}"], result.get(f"combined{suffix}")
        changed = "-" if precision == "fp32" else str(result["notes"] - result[f"same_labels_{precision}"])
        lines.append(f"| {precision} | {model['micro_f1']:.3f} | {model['macro_f1']:.3f} | "
                     + (f"{combined['micro_f1']:.3f} | {combined['macro_f1']:.3f}" if combined else "- | -")
                     + f" | {changed} | {1000 * result[f'model{suffix}_seconds'] / result['notes']:.1f} |")
    rules = result["rules"]
    lines += ["", f"Rules alone: micro F1 {rules['micro_f1']:.3f}, macro F1 {rules['macro_f1']:.3f}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=REPO / "models" / "casenotes-minilm")
    parser.add_argument("--notes", type=Path, default=REPO / "training" / "data" / "corpus_test.jsonl")
    parser.add_argument("--precisions", default="bf16,int8")
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "precision.json")
    args = parser.parse_args()
    if not (args.model / "labels.json").is_file():
        raise SystemExit(f"no classifier in {args.model} (build it with: casenotes train)")

    import torch

    from casenotes.classify import Classifier, evaluate_on, native_bf16
    from casenotes.labelled import load_labelled

    torch.set_num_threads(1)  # as in each batch worker
    precisions = [p for p in args.precisions.split(",") if p]
    result = evaluate_on(Classifier.load(args.model), load_labelled(args.notes), rules=True, precisions=precisions)
    result.update(model_dir=str(args.model.resolve().relative_to(REPO)) if args.model.resolve().is_relative_to(REPO) else str(args.model),
                  source=args.notes.name, precisions=precisions, native_bf16=native_bf16(), python=platform.python_version())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    args.out.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
