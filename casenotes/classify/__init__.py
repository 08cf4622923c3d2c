"""Note-level multi-label classifier (all-MiniLM-L6-v2 with a LoRA adapter) and its combination with the rules.

    >>> from casenotes.classify import Classifier, CombinedExtractor        # doctest: +SKIP
    >>> clf = Classifier.load("models/casenotes-lora")  # weights, labels.json, thresholds.json
    >>> probs = clf.predict_proba(redacted_texts)       # (notes, labels) numpy array
    >>> for result in CombinedExtractor(Extractor(), clf).pipe(redacted_texts): ...

Laid out as setfit lays out its package:

* ``data`` - label keys (``"factor:3B"``), multi-hot targets, PII masking of training text, sentence units;
* ``modeling`` - ``Classifier`` (load, windows, pooling, inference), ``combine`` (the rules+model rule),
  ``CombinedExtractor``; ``precision`` - the number formats the weights run in (``PRECISIONS``);
* ``trainer`` - ``train``, threshold and addition tuning, ``evaluate_on``; ``training_args`` - ``TrainConfig``;
* ``model_card`` - the model folder's README.md from ``model_card_template.md``.

Metrics are ``casenotes.evaluation.metrics``. Names are loaded on first use, so ``from casenotes.classify
import PRECISIONS`` (the CLI) loads no model, training or metrics code.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the submodule that defines it (loaded on first access, PEP 562).
_EXPORTS = {
    **dict.fromkeys(("KINDS", "KIND_FIELD", "MIN_UNIT_CHARS", "SENTENCE_BREAK", "label_key", "label_list", "mask_pii",
                     "multi_hot", "note_keys", "redacted_text", "result_matrix", "ruled_matrix", "sentence_spans",
                     "split_key", "training_units", "_mask_with_offsets", "_masked_offset"), "data"),
    **dict.fromkeys(("DEFAULT_MODEL_DIR", "DEFAULT_THRESHOLD", "SOURCE", "Classifier", "CombinedExtractor", "combine",
                     "describe", "encode_chunks", "pool_max", "VETOED"), "modeling"),
    **dict.fromkeys(("PRECISIONS", "native_bf16", "quantize_model", "resolve_precision", "with_precision"), "precision"),
    **dict.fromkeys(("HEAD_PARAMETERS", "MIN_ADDED_PRECISION", "MIN_ADDED_TRUE", "addition_thresholds", "evaluate_on",
                     "MIN_VETOED_FALSE", "MIN_VETO_PRECISION", "combination_thresholds", "tune_vetoes",
                     "retune_combination", "training_notes",
                     "save_label_files", "train", "tune_additions", "tune_thresholds", "with_lora"), "trainer"),
    "TrainConfig": "training_args",
    "base_model_dir": "casenotes.adapters",
    "scores": "casenotes.evaluation.metrics:multilabel_scores",
}
_SUBMODULES = ("data", "model_card", "modeling", "precision", "trainer", "training_args")

# The card function shares its submodule's name; imported here (it is light) so the name is the function.
from casenotes.classify.model_card import model_card  # noqa: E402

__all__ = sorted([*(name for name in _EXPORTS if not name.startswith("_")), "model_card"])


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = _EXPORTS[name].partition(":")
    value = getattr(importlib.import_module(module if "." in module else f"{__name__}.{module}"), attribute or name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES})
