"""Shared fixtures. The spaCy model loads once per session; every note here is fictional."""

from __future__ import annotations

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def redactor():
    from casenotes.redact import Redactor

    return Redactor()


@pytest.fixture()
def fresh_redactor(redactor):
    """The session redactor with empty case memory and no people table, so tests don't leak state."""
    from casenotes.redact.resolve import CaseMemory

    redactor.memory = CaseMemory()
    redactor.people = {}
    redactor._known.clear()
    return redactor


@pytest.fixture(scope="session")
def tiny_classifier_dir(tmp_path_factory):
    """A complete classifier folder for casenotes.classify.Classifier.load: a tiny randomly initialised BERT
    (hidden size 32, 2 layers) with the MiniLM tokenizer, labels.json and thresholds.json. ``factor:3B`` has
    threshold 0, so the model adds it (with its score) wherever the rules did not mention it."""
    import numpy as np
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from casenotes.classify import TrainConfig, base_model_dir, save_label_files

    labels = ["factor:3B", "need:domestic_abuse", "service:Police", "factor:2A"]
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir(), local_files_only=True)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=512, num_labels=len(labels),
                        problem_type="multi_label_classification", id2label=dict(enumerate(labels)),
                        label2id={k: i for i, k in enumerate(labels)})
    folder = tmp_path_factory.mktemp("tiny_classifier_dir")
    BertForSequenceClassification(config).eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    save_label_files(folder, labels, np.array([0.0, 0.5, 0.5, 1.1], np.float32), TrainConfig(max_length=32, stride=8), "test")
    return folder
