"""The multi-author corpus (corpus/): whole authors per split, nothing crosses a split, every note parses.

A leak between splits would make held-out-author figures same-author figures in disguise: an author, a note id,
or a near-duplicate (a shared run of 8 words) in two splits fails here.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
sys.path.insert(0, str(CORPUS))

from build import NGRAM, SPLITS, build  # noqa: E402


def _records(folder: Path) -> dict[str, list[dict]]:
    return {split: [json.loads(line) for line in (folder / f"{split}.jsonl").open(encoding="utf-8")]
            for split in (*SPLITS, "excluded")}


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict]]:
    return _records(CORPUS / "data")


def test_the_committed_corpus_is_what_the_authors_files_build(tmp_path, corpus):
    build(CORPUS / "raw", tmp_path)
    assert _records(tmp_path) == corpus


def test_split_authors_are_disjoint_and_every_note_is_in_its_authors_split(corpus):
    for a, b in combinations(SPLITS, 2):
        assert not set(SPLITS[a]) & set(SPLITS[b])
    for split, rows in corpus.items():
        for r in rows:  # an excluded note still belongs to its author's split
            assert r["author"] in SPLITS[r.get("excluded_from", split)] and r["note_id"].startswith(r["author"] + "-")
    assert len(set().union(*(SPLITS[s] for s in ("test",)))) >= 3


def test_no_note_id_in_two_splits(corpus):
    seen = defaultdict(set)
    for split, rows in corpus.items():
        for r in rows:
            seen[r["note_id"]].add(split)
    assert all(len(splits) == 1 for splits in seen.values())


def _ngrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def test_no_run_of_eight_words_is_shared_between_splits(corpus):
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for split, rows in corpus.items():
        if split == "excluded":  # set aside by the build: neither trained on nor scored
            continue
        for r in rows:
            for gram in _ngrams(r["text"]):
                owners[gram].add(split)
    shared = [" ".join(g) for g, splits in owners.items() if len(splits) > 1]
    assert not shared, f"{len(shared)} 8-word runs cross splits, e.g. {shared[:3]}"


def test_spans_are_in_range_and_labels_are_the_guides(corpus):
    for rows in corpus.values():
        for r in rows:
            for span in r["pii"] + r["mentions"]:
                assert 0 <= span["start"] < span["end"] <= len(r["text"])
            assert all(m["kind"] in ("factor", "need", "service") for m in r["mentions"])


def test_no_heldout_note_shares_a_run_of_eight_words_with_the_template_corpus(corpus):
    """The template corpus (training/data) is extra training data: held-out authors must not echo it."""
    heldout = {gram for split in ("dev", "test") for r in corpus[split] for gram in _ngrams(r["text"])}
    template = Path(__file__).resolve().parents[1] / "training" / "data"
    shared = 0
    for path in sorted(template.glob("corpus_*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            shared += sum(len(_ngrams(json.loads(line)["text"]) & heldout) for line in handle)
    assert shared == 0
