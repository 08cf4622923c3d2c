"""Quick extraction scores on any split of the multi-author corpus, for rule work on development and training authors.

    python eval/score_extraction.py --split train                       # rules, every training author
    python eval/score_extraction.py --split dev --model                 # rules plus the shipped classifier
    python eval/score_extraction.py --split train --authors a32,a33,a34 --per-code --per-service

The extraction runs on the gold text with its personal data masked (as ``evaluate_heldout.py``'s context and
subject section does), so redaction errors do not move these figures. No bootstrap: for the interval, and for
the test authors, use ``evaluate_heldout.py``. Rules are tuned on the training and development authors only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from casenotes import evaluation  # noqa: E402
from casenotes.classify import DEFAULT_MODEL_DIR  # noqa: E402
from evaluate_heldout import masked_gold  # noqa: E402

KINDS = ("factors", "needs", "services")


def factor_family(code: str) -> str:
    """A factor code without its letter (3A, 3B, 3C -> 3): the concept, whoever the note says it is about."""
    return code.rstrip("ABCDEF")


def errors_by_label(gold: list[dict], predicted: dict[str, dict], kind: str, families: bool = False) -> dict[str, dict]:
    """Per label: true positives, false positives, false negatives, and how many authors each error comes from.

    With ``families``, factor codes are compared without their letter, so a concept found under the wrong letter
    counts as found (the letter is the subject rules' part)."""
    table: dict[str, dict] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "fp_authors": set(), "fn_authors": set()})
    name = factor_family if families else str
    for note in gold:
        wanted = {name(label) for label in note.get(kind) or []}
        got = {name(label) for label in (predicted.get(note["note_id"]) or {}).get(kind) or []}
        for label in wanted & got:
            table[label]["tp"] += 1
        for label in got - wanted:
            table[label]["fp"] += 1
            table[label]["fp_authors"].add(note["author"])
        for label in wanted - got:
            table[label]["fn"] += 1
            table[label]["fn_authors"].add(note["author"])
    return table


def print_errors(table: dict[str, dict]) -> None:
    print(f"{'label':42} {'tp':>4} {'fp':>4} {'fn':>4} {'F1':>5}  fp/fn authors")
    for label, row in sorted(table.items(), key=lambda item: -(item[1]["fp"] + item[1]["fn"])):
        f1 = 2 * row["tp"] / max(1, 2 * row["tp"] + row["fp"] + row["fn"])
        print(f"{label[:42]:42} {row['tp']:4d} {row['fp']:4d} {row['fn']:4d} {f1:5.3f}  "
              f"{len(row['fp_authors'])}/{len(row['fn_authors'])}")


def split_parser(description: str) -> argparse.ArgumentParser:
    """The options both quick scorers share: a split that is never the test split, and an author subset."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--split", default="dev", choices=("train", "dev"),
                        help="never the test split: its authors are scored once a round, by evaluate_heldout.py")
    parser.add_argument("--authors", default=None, help="only these authors, comma-separated")
    return parser


def load_split(args: argparse.Namespace) -> list[dict]:
    """The gold notes of ``args.split``, only ``args.authors``' where given."""
    gold = evaluation.load_jsonl(ROOT / "corpus" / "data" / f"{args.split}.jsonl")
    if args.authors:
        wanted = set(args.authors.split(","))
        gold = [note for note in gold if note["author"] in wanted]
    return gold


def main(argv: list[str] | None = None) -> None:
    parser = split_parser(__doc__.splitlines()[0])
    parser.add_argument("--model", nargs="?", const=str(DEFAULT_MODEL_DIR), default=None,
                        help="rules plus a classifier folder (no folder: the shipped one; default: rules only)")
    parser.add_argument("--per-code", action="store_true", help="per factor code and need: tp/fp/fn")
    parser.add_argument("--families", action="store_true",
                        help="per factor family, letters collapsed (concept errors apart from letter errors)")
    parser.add_argument("--per-service", action="store_true", help="per service: tp/fp/fn")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures and predictions here")
    args = parser.parse_args(argv)
    gold = load_split(args)
    masked = masked_gold(gold)
    model = args.model
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "predictions.jsonl"
        evaluation.run_predictions(masked, output, None, evaluation.system_extractor(model))
        predictions = evaluation.load_jsonl(output)
    scores = evaluation.evaluate(masked, predictions, resamples=0)
    by_id = {record["note_id"]: record for record in predictions}
    labels, context = scores["labels"], scores["context"]
    averages = labels["averages"]
    summary = {kind: averages[kind]["micro"]["f1"] for kind in KINDS if kind in averages}
    summary["factors_macro"] = averages.get("factors", {}).get("macro", {}).get("f1")
    summary["kept_out"] = labels.get("kept_out", {}).get("all", {}).get("kept_out")
    summary["subject"] = context.get("subject_accuracy", {}).get("accuracy")
    print(f"{args.split} {len(gold)} notes, {len({g['author'] for g in gold})} authors, "
          f"{'rules + model' if args.model else 'rules'}")
    print("  ".join(f"{key} {value:.3f}" for key, value in summary.items() if isinstance(value, float)))
    if args.per_code:
        print_errors(errors_by_label(gold, by_id, "factors"))
        print_errors(errors_by_label(gold, by_id, "needs"))
    if args.families:
        table = errors_by_label(gold, by_id, "factors", families=True)
        tp, fp, fn = (sum(row[key] for row in table.values()) for key in ("tp", "fp", "fn"))
        print(f"factor families, letters collapsed: micro F1 {2 * tp / max(1, 2 * tp + fp + fn):.3f}")
        print_errors(table)
    if args.per_service:
        print_errors(errors_by_label(gold, by_id, "services"))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "predictions": predictions}, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
