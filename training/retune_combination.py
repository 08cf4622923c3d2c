"""Re-tune which labels a trained classifier may add to the rules and veto, against the rules as they are now.

    python training/retune_combination.py models/casenotes-lora corpus/data/dev.jsonl [corpus/data/train.jsonl]

The weights and the model's own thresholds stay; ``thresholds.json`` (``model_may_add``, ``model_vetoes``) and the
``validation`` block of ``metrics.json`` are rewritten. Run it after the rules change, on the development notes the
model was tuned on (never on held-out test notes). A third argument and any after it are labelled files (the
training split): their notes the model did not train on (derived from its recorded training config) form a second
population of authors, and each gate must hold on the development notes alone and on both together. The work is
``casenotes.classify.retune_combination``.
"""

from __future__ import annotations

import sys

from casenotes.classify import retune_combination


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        result = retune_combination(args[0], args[1], unseen_from=args[2:])
    except ValueError as err:
        print(f"retune_combination: {err}", file=sys.stderr)
        return 2
    print(f"{args[0]}: the model may add {len(result['model_may_add'])} labels and veto {len(result['model_vetoes'])}: "
          f"add {sorted(result['model_may_add'])}, veto {sorted(result['model_vetoes'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
