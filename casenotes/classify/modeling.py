"""The note classifier (all-MiniLM-L6-v2 with a LoRA adapter) at inference, and its combination with the rules.

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

The model may also **veto** a label the rules reported, where it is confident no sentence of the note carries it
(its probability is under the label's veto threshold): "HV not applicable" names a service that is not involved.
The rule mentions of a vetoed label stay in ``mentions`` with ``"status": "vetoed"`` and the model's ``score``, so
the decision can be reviewed. Vetoes are gated as additions are (``model_vetoes`` in thresholds.json,
``tune_vetoes``): only labels where, on the validation notes, vetoing raised F1 and removed at least 3 wrong labels
while being right at least half the time. Where the validation notes name their authors, a label keeps its additions
(vetoes) only if they also raise F1 when each author's notes get the gates tuned on the other authors' (``held_out_by_author``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from casenotes.adapters import layer_options, load_merged
from casenotes.classify.data import KIND_FIELD, sentence_spans, split_key
from casenotes.classify.precision import PRECISIONS, resolve_precision, with_precision
from casenotes.taxonomy import code_sort_key

DEFAULT_THRESHOLD = 0.5
#: The shipped classifier: a LoRA adapter and head over the pip-packaged base (``casenotes train`` rebuilds it).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "casenotes-lora"
SOURCE = "model"
__all__ = ["DEFAULT_THRESHOLD", "DEFAULT_MODEL_DIR", "PRECISIONS", "SOURCE", "Classifier", "CombinedExtractor", "combine",
           "describe", "encode_chunks", "pool_max"]


def describe(model_dir: str | Path) -> str:
    """'casenotes-lora (LoRA adapter over all-MiniLM-L6-v2, trained 2026-12-07, taxonomy 2025.2)' for the log."""
    model_dir = Path(model_dir)
    labels = json.loads((model_dir / "labels.json").read_text())
    metrics = model_dir / "metrics.json"
    trained = json.loads(metrics.read_text()).get("trained_at", "date unknown") if metrics.is_file() else "date unknown"
    kind = "LoRA adapter over all-MiniLM-L6-v2" if (model_dir / "adapter_config.json").is_file() else "fine-tuned weights"
    return f"{model_dir.name} ({kind}, trained {trained}, taxonomy {labels.get('taxonomy_version', '?')}){_gates(model_dir)}"


def _gates(model_dir: Path) -> str:
    """'; its gates let it add 2 labels and veto 1' (where the combination gates are recorded): a user sees at once
    when a model that loads may change no label at all."""
    thresholds = model_dir / "thresholds.json"
    gates = json.loads(thresholds.read_text()) if thresholds.is_file() else {}
    may_add, vetoes = gates.get("model_may_add"), len(gates.get("model_vetoes") or {})
    if may_add is None:  # no addition gates recorded: every label may be added at the model's thresholds (Classifier.load)
        return ""
    adds = len(may_add)
    if not adds and not vetoes:
        return "; its gates let it change no label, so the rules' result stands"
    return f"; its gates let it add {adds} label{'s' * (adds != 1)} and veto {vetoes}"


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


# ---------------------------------------------------------------- combination with the rules
VETOED = "vetoed"  # the status of a rule mention whose label the model vetoed


def combine(rules: dict[str, Any], probs: dict[str, float], thresholds: dict[str, float], text: str,
            vetoes: dict[str, float] | None = None) -> dict[str, Any]:
    """Rule result + model probabilities -> combined result (see the module docstring for the rule).
    ``vetoes``: label key -> probability under which the model removes a label the rules reported."""
    out = {k: list(v) if isinstance(v, list) else v for k, v in rules.items()}
    mentions = list(rules.get("mentions", []))
    ruled = {(m["kind"], m["label"]) for m in mentions}
    for key, limit in (vetoes or {}).items():
        kind, label = split_key(key)
        field = KIND_FIELD[kind]
        p = probs.get(key)
        if p is None or p >= limit or label not in out.get(field, []):
            continue
        out[field] = [x for x in out[field] if x != label]
        mentions = [{**m, "status": VETOED, "score": round(float(p), 4)} if (m["kind"], m["label"]) == (kind, label) else m
                    for m in mentions]
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
    out["factors"] = sorted(out.get("factors", []), key=code_sort_key)
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
    may_veto: dict[str, float] | None = None  # labels the model may remove from the rules' result, with thresholds
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
            model = load_merged(AutoModelForSequenceClassification, model_dir, labels,  # the base cut as it was trained
                                problem_type="multi_label_classification", **layer_options(saved.get("num_hidden_layers")))
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
                   may_add=may_add, may_veto=saved.get("model_vetoes"), unit=saved.get("unit", "window"), precision=precision)

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

    def settled_at(self, rules: dict[str, Any]) -> np.ndarray:
        """Per label, a probability from which ``combine`` with ``rules`` gives the same record however much higher
        the note's maximum goes: 0 where the combination ignores the label, the veto threshold of a label the rules
        reported (at or above it the label stays), infinity where the maximum itself counts (a label the model may
        add, with its score, that the rules never mentioned). A long note's windows can stop being scored once every
        label has reached it (``casenotes.runner.longnotes.window_share``): the record is the one a full scan gives."""
        ruled = {(mention["kind"], mention["label"]) for mention in rules.get("mentions", [])}
        adds, vetoes = self.combine_thresholds(), self.may_veto or {}
        settled = np.zeros(len(self.labels), dtype=np.float32)
        for j, key in enumerate(self.labels):
            kind, label = split_key(key)
            if adds.get(key, DEFAULT_THRESHOLD) != float("inf") and (kind, label) not in ruled:
                settled[j] = np.inf
            elif key in vetoes and label in rules.get(KIND_FIELD[kind], []):
                settled[j] = vetoes[key]
        return settled

    def combine_thresholds(self) -> dict[str, float]:
        """Thresholds for ``combine``: labels the model may not add get one no probability reaches."""
        if self.may_add is None:
            return self.threshold_map()
        return {k: self.may_add.get(k, float("inf")) for k in self.labels}


class CombinedExtractor:
    """Rules first, then the classifier on the same (redacted) texts, combined with ``combine``."""

    def __init__(self, extractor, classifier: Classifier):
        self.extractor, self.classifier = extractor, classifier

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[dict[str, Any]]:
        """The combined record of each text. The model runs only on the texts where its scores can change the
        record: a note whose rules report no label the model may veto and mention every label it may add gets
        the record ``combine`` gives whatever the scores (``Classifier.settled_at`` is 0 for every label)."""
        texts = list(texts)
        rules = list(self.extractor.pipe(texts, batch_size=batch_size))
        scored = [i for i, rule in enumerate(rules) if self.classifier.settled_at(rule).any()]
        probs = dict(zip(scored, self.classifier.predict_proba([texts[i] for i in scored]))) if scored else {}
        thresholds = self.classifier.combine_thresholds()
        labels = self.classifier.labels
        for i, (text, rule) in enumerate(zip(texts, rules)):
            row = probs.get(i)
            scores = {} if row is None else {k: float(row[j]) for j, k in enumerate(labels)}
            yield combine(rule, scores, thresholds, text, self.classifier.may_veto)
