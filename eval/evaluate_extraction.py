"""Score rule-based extraction on a labelled set and print a table; writes the figures as JSON.

    python eval/evaluate_extraction.py                       # held-out gold set
    python eval/evaluate_extraction.py --gold eval/data/extraction_dev.jsonl --output eval/results/extraction_dev.json

The gold set (eval/data/extraction_gold.jsonl) was written before the lexicon and is never used to
tune rules; tune on eval/data/extraction_dev.jsonl. Rebuild both with eval/build_extraction_gold.py.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from casenotes.extract import Extractor
from casenotes.evaluation.labels import evaluate_extraction as evaluate

HERE = Path(__file__).parent


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def print_report(scores: dict) -> None:
    notes = scores["notes"]
    print(f"{'label':60} {'P':>5} {'R':>5} {'F1':>5} {'sup':>4} {'pred':>4}")
    for label, s in sorted(notes["per_label"].items()):
        print(f"{label[:60]:60} {s['precision']:5.2f} {s['recall']:5.2f} {s['f1']:5.2f} {s['support']:4d} {s['predicted']:4d}")
    for average in ("micro", "macro", "macro_gold_labels"):
        s = notes[average]
        print(f"{'ALL ' + average:60} {s['precision']:5.2f} {s['recall']:5.2f} {s['f1']:5.2f}")
    for kind, s in scores["by_kind"].items():
        print(f"{kind:10} micro P {s['micro']['precision']:.2f} R {s['micro']['recall']:.2f} F1 {s['micro']['f1']:.2f} | "
              f"macro P {s['macro']['precision']:.2f} R {s['macro']['recall']:.2f} F1 {s['macro']['f1']:.2f}")
    mentions = scores["mentions"]
    for name, s in mentions["detection"].items():
        print(f"mentions {name:8} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f} (gold {s['gold']}, predicted {s['predicted']})")
    for cls, s in mentions["context"].items():
        print(f"context {cls:12} acc {s['accuracy']:.2f} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f} "
              f"(support {s['support']} of {s['matched_mentions']} matched)")
    for key in ("factor_code_accuracy", "subject_accuracy", "service_status_accuracy"):
        print(f"{key:24} {mentions[key]['accuracy']:.2f} (n={mentions[key]['n']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=HERE / "data" / "extraction_gold.jsonl")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "extraction_gold.json")
    args = parser.parse_args()
    gold = load_jsonl(args.gold)
    extractor = Extractor()
    predicted = list(extractor.pipe([note["text"] for note in gold]))
    scores = evaluate(gold, predicted, extractor.taxonomy)
    scores["taxonomy_version"] = extractor.taxonomy.version
    print_report(scores)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(scores, indent=2), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
