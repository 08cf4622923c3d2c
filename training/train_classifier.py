# /// script
# requires-python = ">=3.11"
# dependencies = ["casenotes", "torch==2.13.0", "transformers>=4.45", "accelerate>=1.0", "datasets>=3", "scikit-learn>=1.4"]
# ///
"""Fine-tune the note-level classifier: settings from a JSON config, command-line flags override it.

    python training/train_classifier.py training/configs/default.json
    python training/train_classifier.py training/configs/default.json --epochs 1 --out models/try
    casenotes train --data training/data/corpus_train.jsonl --validation training/data/corpus_validation.jsonl

The settings are ``casenotes.classify.TrainConfig`` (one dataclass, each field with its help); the work
is ``casenotes.classify.train``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from transformers import HfArgumentParser

from casenotes.classify import TrainConfig, train


def parse(argv: list[str]) -> TrainConfig:
    parser = HfArgumentParser(TrainConfig)
    if argv and argv[0].endswith(".json"):
        defaults = json.loads(Path(argv[0]).read_text())
        parser.set_defaults(**defaults)
        argv = argv[1:]
    (config,) = parser.parse_args_into_dataclasses(args=argv)
    return config


def main(argv: list[str] | None = None) -> int:
    summary = train(parse(sys.argv[1:] if argv is None else argv))
    test = summary.get("test", {})
    print(f"Wrote {summary['config']['out']} in {summary['seconds_total']:.0f} s; "
          + "; ".join(f"test {k} micro/macro F1 {v['micro_f1']:.3f}/{v['macro_f1']:.3f}"
                      for k, v in test.items() if isinstance(v, dict) and "micro_f1" in v))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
