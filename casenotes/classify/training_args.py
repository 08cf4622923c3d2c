"""``TrainConfig``: every setting of ``casenotes train``, each field with its help (``training/configs/default.json``
holds the defaults under version control)."""

from __future__ import annotations

from dataclasses import dataclass, field

from casenotes.classify.modeling import DEFAULT_MODEL_DIR


@dataclass
class TrainConfig:
    """Settings for ``train``; ``training/configs/default.json`` holds the defaults under version control."""

    data: str | list[str] = field(default="training/data/corpus_train.jsonl",
                                  metadata={"help": "Training notes (labelled JSONL or CSV); a list joins several files."})
    validation: str = field(default="training/data/corpus_validation.jsonl", metadata={"help": "Validation notes: early stopping and thresholds."})
    test: str | None = field(default="training/data/corpus_test.jsonl", metadata={"help": "Test notes, scored once at the end (never tuned on)."})
    out: str = field(default=str(DEFAULT_MODEL_DIR), metadata={"help": "Model folder to write."})
    base_model: str | None = field(default=None, metadata={"help": "Base checkpoint folder (default: the bundled all-MiniLM-L6-v2)."})
    unit: str = field(default="sentence", metadata={"help": "Training example: sentence (needs label spans; notes without them train whole) or window (whole notes)."})
    max_length: int = field(default=256, metadata={"help": "Tokens per window."})
    stride: int = field(default=64, metadata={"help": "Tokens shared by neighbouring windows of a long note."})
    epochs: float = field(default=3.0, metadata={"help": "Training epochs (early stopping may end sooner)."})
    batch_size: int = field(default=16, metadata={"help": "Windows per training batch."})
    learning_rate: float = field(default=1e-4, metadata={"help": "Peak learning rate of the encoder (AdamW, linear decay)."})
    head_learning_rate: float = field(default=2e-3, metadata={"help": "Peak learning rate of the new classification head and the pooler."})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    warmup_ratio: float = field(default=0.06, metadata={"help": "Share of steps spent warming up."})
    max_pos_weight: float = field(default=1.0, metadata={"help": "Cap on the BCE pos_weight of rare labels (1: no weighting)."})
    patience: int = field(default=1, metadata={"help": "Epochs without validation-loss improvement before stopping."})
    seed: int = field(default=42, metadata={"help": "Seed for set_seed (model head, shuffling, dropout)."})
    max_train_samples: int | None = field(default=None, metadata={"help": "Only the first N training notes (smoke tests)."})
    max_notes_per_file: int | None = field(default=None, metadata={"help": "Only the first N notes of each training file "
                                                                          "(the template corpus is large and alike)."})
    notes_per_file: list[int] = field(default_factory=list, metadata={"help": "Per training file, in order: only its "
                                                                       "first N notes (0: all); replaces max_notes_per_file "
                                                                       "(a capped template corpus beside every author's notes)."})
    max_steps: int = field(default=-1, metadata={"help": "Stop after N optimiser steps (-1: use epochs)."})
    lora_rank: int = field(default=0, metadata={"help": "LoRA rank (peft) on every linear layer, head trained whole; "
                                                         "0 fine-tunes every weight. The model folder then holds the adapter only."})
    lora_alpha: int = field(default=32, metadata={"help": "LoRA scaling (alpha)."})
    num_hidden_layers: int | None = field(default=None, metadata={"help": "Only the base's first N encoder layers "
                                                                         "(None: all). Time per note is per layer."})
    evaluate_rules: bool = field(default=True, metadata={"help": "Also score the rules and rules+model on the test notes."})
    evaluate_precisions: list[str] = field(default_factory=lambda: ["bf16", "int8"],
                                           metadata={"help": "Also score the model with its weights in these precisions on the test notes."})

    def __post_init__(self):
        if self.stride >= self.max_length // 2:
            raise ValueError(f"stride ({self.stride}) must be under half of max_length ({self.max_length})")
        if self.unit not in ("sentence", "window"):
            raise ValueError(f"unit must be sentence or window, not {self.unit!r}")
        if self.batch_size < 1 or self.epochs <= 0:
            raise ValueError("batch_size must be >= 1 and epochs > 0")
