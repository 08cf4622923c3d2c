"""The model folder's README.md, rendered from ``model_card_template.md`` (Jinja2) and ``train``'s summary."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

TEMPLATE = "model_card_template.md"
#: Test-split systems in the card, in this order, where ``evaluate_on`` scored them.
SYSTEMS = ("rules", "model", "combined", "model_bf16", "combined_bf16", "model_int8", "combined_int8", "quantized")
#: TrainConfig fields listed under "Settings".
SETTINGS = ("unit", "max_length", "stride", "epochs", "batch_size", "learning_rate", "head_learning_rate", "max_pos_weight",
            "lora_rank", "num_hidden_layers", "max_notes_per_file", "notes_per_file", "seed")


def model_card(summary: dict[str, Any]) -> str:
    """The model folder's README.md: data seen, settings, validation and test scores per label."""
    import jinja2

    environment = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                     trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(files("casenotes.classify").joinpath(TEMPLATE).read_text(encoding="utf-8"))
    test = summary.get("test", {})
    return template.render({**summary, "val": summary["validation"]["model"], "test": test,
                            "systems": [s for s in SYSTEMS if s in test],
                            # a setting added later is absent from older summaries: their cards render as they were
                            "settings": [key for key in SETTINGS if key in summary["config"]]})
