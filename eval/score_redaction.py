"""Quick redaction scores on any split of the multi-author corpus, for redaction work on development and training authors.

    python eval/score_redaction.py --split train                        # the shipped redactor, no people table
    python eval/score_redaction.py --split dev --rules-only              # without the learned tagger
    python eval/score_redaction.py --split train --authors a32,a33 --json leaks.json

Prints direct-identifier recall, PERSON recall, character precision, recall per type and per name origin, and the
identifiers left in the text by type with how many authors and notes they come from. ``--json`` writes every leak
(note id, type, gold offsets) so the gold text can be read at those offsets. No extraction, no bootstrap: for the
interval, and for the test authors, use ``evaluate_heldout.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from casenotes import evaluation  # noqa: E402
from casenotes.redact import Redactor, RedactorConfig  # noqa: E402
from score_extraction import load_split, split_parser  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = split_parser(__doc__.splitlines()[0])
    parser.add_argument("--rules-only", action="store_true", help="without the learned tagger")
    parser.add_argument("--json", type=Path, default=None, help="write the figures and every leak here")
    args = parser.parse_args(argv)
    gold = load_split(args)
    redactor = Redactor(RedactorConfig(tagger=None) if args.rules_only else RedactorConfig())
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "predictions.jsonl"
        evaluation.run_predictions(gold, output, redactor, evaluation.system_extractor(None))
        scores = evaluation.evaluate(gold, evaluation.load_jsonl(output), resamples=0)
    red = scores["redaction"]
    author = {note["note_id"]: note["author"] for note in gold}
    print(f"{args.split} {len(gold)} notes, {len(set(author.values()))} authors, "
          f"{'rules only' if args.rules_only else 'rules + tagger'}, no people table")
    print(f"direct identifiers {red['direct_identifiers']['recall']:.4f}  PERSON {red['per_type']['PERSON']['recall']:.4f}  "
          f"char precision {red['char']['precision']:.4f}")
    print("per type: " + ", ".join(f"{kind} {row['recall']:.3f} ({row['support']})" for kind, row in sorted(red["per_type"].items())
                                   if row.get("recall") is not None))
    print("per origin: " + ", ".join(f"{origin} {row['recall']:.3f} ({row['support']})"
                                     for origin, row in sorted(red["person_by_origin"].items()) if row.get("recall") is not None))
    by_type: dict[str, dict] = defaultdict(lambda: {"leaks": 0, "authors": set(), "notes": set()})
    for leak in red["leaks"]:
        row = by_type[leak["type"]]
        row["leaks"] += 1
        row["authors"].add(author.get(leak["note_id"]))
        row["notes"].add(leak["note_id"])
    print("left in the text: " + ", ".join(f"{kind} {row['leaks']} ({len(row['authors'])} authors, {len(row['notes'])} notes)"
                                           for kind, row in sorted(by_type.items(), key=lambda item: -item[1]["leaks"])))
    if args.json:
        args.json.write_text(json.dumps({"redaction": {key: red[key] for key in ("direct_identifiers", "per_type", "char",
                                                                                  "person_by_origin", "leaks")}},
                                        default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
