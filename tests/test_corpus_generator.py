"""The fictional training corpus: labels agree with text, splits share no template instance."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casenotes.extract.results import note_level  # noqa: E402
from casenotes.taxonomy import load_taxonomy  # noqa: E402
from training.corpus.generator import SPLITS, generate, mention_shares, partition  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    return generate(600, seed=7)


def test_corpus_generator_is_deterministic():
    assert generate(30, seed=3) == generate(30, seed=3)
    assert generate(30, seed=3) != generate(30, seed=4)


def test_corpus_generator_spans_are_in_range_and_nonempty(corpus):
    for rec in corpus:
        for span in rec["mentions"] + rec["pii"]:
            assert 0 <= span["start"] < span["end"] <= len(rec["text"]), rec["note_id"]
            piece = rec["text"][span["start"]:span["end"]]
            assert piece == piece.strip() or span.get("type"), (rec["note_id"], span)


def test_corpus_generator_pii_spans_hold_the_identifier(corpus):
    for rec in corpus:
        for p in rec["pii"]:
            piece = rec["text"][p["start"]:p["end"]]
            if p["type"] == "UK_PHONE":
                assert piece.startswith("07700 900")
            if p["type"] == "UK_NHS":
                assert piece.replace(" ", "").startswith("999")
            if p["type"] == "UK_NINO":
                assert piece.startswith("QQ")


def test_corpus_generator_note_level_follows_the_extractor_rule(corpus):
    taxonomy = load_taxonomy()
    for rec in corpus:
        levels = note_level(rec["mentions"], taxonomy)
        assert {k: rec[k] for k in levels} == levels, rec["note_id"]


def test_corpus_generator_negated_mention_is_not_a_note_label(corpus):
    checked = 0
    for rec in corpus:
        current = {m["label"] for m in rec["mentions"] if m["status"] == "current" and m["subject"] != "outside_household"}
        for m in rec["mentions"]:
            if m["kind"] != "service" and (m["negated"] or m["hypothetical"] or m["historical"]
                                           or m["subject"] == "outside_household") and m["label"] not in current:
                assert m["label"] not in rec["factors"] + rec["needs"], (rec["note_id"], m)
                checked += 1
    assert checked > 100


def test_corpus_generator_has_enough_non_current_mentions(corpus):
    shares = mention_shares(corpus)
    assert (sum(shares.values()) - shares["current"]) / sum(shares.values()) >= 1 / 3
    assert all(shares[k] > 0 for k in ("negated", "hypothetical", "historical", "other_person"))


def test_corpus_generator_covers_rare_codes_and_empty_notes(corpus):
    factors = {code for rec in corpus for code in rec["factors"]}
    assert {"12A", "22A", "23A", "8F", "9A"} <= factors
    assert any(not rec["factors"] and not rec["needs"] for rec in corpus)
    assert len({rec["note_type"] for rec in corpus}) >= 9


def test_corpus_generator_splits_share_no_template_instance_or_case(corpus):
    parts = {s: {p for r in corpus if r["split"] == s for p in r["template_parts"]} for s in SPLITS}
    cases = {s: {r["case_id"] for r in corpus if r["split"] == s} for s in SPLITS}
    for a, b in (("train", "validation"), ("train", "test"), ("validation", "test")):
        assert not parts[a] & parts[b]
        assert not cases[a] & cases[b]
    assert all(parts[s] for s in SPLITS)


def test_corpus_generator_partition_puts_a_variant_in_every_split():
    pools = partition("demo", ["a", "b", "c", "d", "e", "f", "g"])
    assert all(pools[s] for s in SPLITS)
    assert sorted(i for s in SPLITS for i, _ in pools[s]) == sorted(f"demo#{i}" for i in range(7))
    with pytest.raises(ValueError):
        partition("short", ["a", "b"])


def test_corpus_generator_shipped_files_load_and_validate():
    from casenotes.labelled import load_labelled

    paths = [ROOT / "training" / "data" / f"corpus_{s}.jsonl" for s in SPLITS]
    if not all(p.exists() for p in paths):
        pytest.skip("corpus not generated (training/make_corpus.py)")
    assert sum(len(load_labelled(p)) for p in paths) >= 1000
