"""The README's headline figures: the shipped system on the multi-author corpus's held-out authors.

    .venv/bin/python eval/evaluate_heldout.py                 # test authors (a02, a05, a08): once per release
    .venv/bin/python eval/evaluate_heldout.py --split dev     # development authors: what rules and thresholds were tuned on
    .venv/bin/python eval/evaluate_heldout.py --limit 20 --bootstrap 50    # a quick smoke run (CI runs one)

Three systems on the same notes, each through ``casenotes evaluate``'s own code (one metrics core):

1. **shipped**: what ``casenotes run`` does on a fresh checkout (redaction with the rules and the learned tagger,
   then the rules and the classifier), on the original text;
2. **rules only**: the same without the classifier and without the tagger;
3. **context and subject**: the extraction alone on the gold text with its personal data masked by placeholders
   (``casenotes.classify.mask_pii``), so gold mention offsets line up: subject (A/B/C) accuracy, and whether
   negated, hypothetical and historical mentions stay out of the note-level sets.

Writes ``eval/results/heldout_<split>.json`` and ``.md``; no note text is written, leaks are offsets only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casenotes import evaluate as evaluation  # noqa: E402
from casenotes.classify import DEFAULT_MODEL_DIR, _mask_with_offsets, _masked_offset  # noqa: E402
from casenotes.redact import Redactor, RedactorConfig  # noqa: E402


def masked_gold(gold: list[dict]) -> list[dict]:
    """Gold notes with personal data replaced by placeholders and every mention moved to match (no ``pii``)."""
    out = []
    for record in gold:
        pii = [span for span in record["pii"] if span["type"] not in ("DATE", "ORG_NAME", "LOCATION")]
        text, replaced = _mask_with_offsets(record["text"], pii)
        mentions = [{**m, "start": _masked_offset(m["start"], replaced), "end": _masked_offset(m["end"] - 1, replaced) + 1}
                    for m in record["mentions"]]
        out.append({key: value for key, value in record.items() if key != "pii"} | {"text": text, "mentions": mentions})
    return out


def run(gold: list[dict], folder: Path, *, tagger: bool, model: str | None, resamples: int) -> dict:
    config = RedactorConfig() if tagger else RedactorConfig(tagger=None)
    predictions = folder / "predictions.jsonl"
    started = time.perf_counter()
    evaluation.run_predictions(gold, predictions, Redactor(config), evaluation.system_extractor(model))
    result = evaluation.evaluate(gold, evaluation.load_jsonl(predictions), resamples)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["system"] = {"tagger": config.tagger_folder() is not None, "model": None if model is None else Path(model).name}
    return result


def headline(result: dict) -> dict:
    red, labels = result["redaction"], result["labels"]["averages"]
    return {
        "direct_identifiers": red["direct_identifiers"], "person": red["per_type"].get("PERSON"),
        "char_precision": red["char"]["precision"],
        "worst_origin": min(((v["recall"], k) for k, v in red["person_by_origin"].items() if v["recall"] is not None),
                            default=None),
        **{group: {"micro": labels[group]["micro"], "macro": labels[group]["macro"]} for group in ("factors", "needs", "services")},
    }


def markdown(split: str, results: dict) -> str:
    lines = [f"# Held-out evaluation: {split} authors", "",
             "| system | direct-identifier recall | PERSON | char precision | factors micro F1 | factors macro F1 | needs micro F1 | services micro F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for name in ("shipped", "rules_only"):
        h = headline(results[name])

        def ci(block):  # redaction blocks give recall, label blocks F1, each with its 95% interval
            value, interval = (block["recall"], block.get("recall_ci")) if "recall_ci" in block else \
                (block["f1"], block.get("ci", {}).get("f1"))
            return f"{value:.3f} ({interval[0]:.3f}-{interval[1]:.3f})" if interval else f"{value:.3f}"

        lines.append(f"| {name.replace('_', ' ')} | {ci(h['direct_identifiers'])} | {h['person']['recall']:.3f} | "
                     f"{h['char_precision']:.3f} | {ci(h['factors']['micro'])} | {h['factors']['macro']['f1']:.3f} | "
                     f"{ci(h['needs']['micro'])} | {ci(h['services']['micro'])} |")
    shipped = results["shipped"]["labels"].get("kept_out", {}).get("all", {})
    context = results.get("context_subject", {}).get("context", {})
    lines += ["", f"Negated, hypothetical and historical labels kept out of the note-level sets (shipped): "
                  f"{shipped.get('kept_out')} of {shipped.get('n')} (note, label) pairs."]
    if context and "skipped" not in context:
        subject = context.get("subject_accuracy", {})
        lines.append(f"Subject letter right for {subject.get('accuracy', 0):.3f} of {subject.get('n', 0)} matched factor "
                     "mentions (extraction on the gold text with personal data masked).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results")
    args = parser.parse_args(argv)
    gold = evaluation.load_jsonl(ROOT / "corpus" / "data" / f"{args.split}.jsonl", args.limit)
    model = str(DEFAULT_MODEL_DIR) if (DEFAULT_MODEL_DIR / "labels.json").is_file() else None
    results: dict = {"split": args.split, "notes": len(gold), "authors": sorted({g["author"] for g in gold})}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        results["shipped"] = run(gold, folder, tagger=True, model=model, resamples=args.bootstrap)
        results["rules_only"] = run(gold, folder, tagger=False, model=None, resamples=args.bootstrap)
        masked = masked_gold(gold)
        predictions = folder / "masked_predictions.jsonl"
        evaluation.run_predictions(masked, predictions, None, evaluation.system_extractor(model))
        results["context_subject"] = evaluation.evaluate(masked, evaluation.load_jsonl(predictions), args.bootstrap)
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"heldout_{args.split}" + (f"_limit{args.limit}" if args.limit else "")
    for result in (results["shipped"], results["rules_only"]):
        result.pop("predictions", None)
    (args.out / f"{name}.json").write_text(json.dumps(results, indent=1, default=str))
    (args.out / f"{name}.md").write_text(markdown(args.split, results))
    print(markdown(args.split, results))


if __name__ == "__main__":
    main()
