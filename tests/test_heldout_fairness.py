"""eval/evaluate_heldout.py --fairness: the swap test's table on the multi-author corpus format (pii with origin)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

from evaluate_heldout import fairness_markdown, main  # noqa: E402

from casenotes.evaluation.fairness import fairness_from_runs, fairness_variants  # noqa: E402


def note(note_id: str, text: str, names: dict[str, str]) -> dict:
    pii = [{"start": text.index(name), "end": text.index(name) + len(name), "type": "PERSON", "guide_type": "PERSON",
            "origin": origin} for name, origin in names.items()]
    return {"note_id": note_id, "author": "a99", "split": "dev", "text": text, "pii": pii, "factors": [],
            "needs": [], "services": ["Health visitor"], "mentions": []}


def test_fairness_table_on_the_multi_author_format():
    gold = [note("a99-1", "HV visit to Tom Bell and Mum.", {"Tom Bell": "english"}),
            note("a99-2", "Seen Wei Chen at nursery.", {"Wei Chen": "chinese_east_asian"})]
    variants = fairness_variants(gold)
    swapped, changed = variants["names_swapped"]
    assert changed == 2 and swapped[0]["pii"][0]["origin"] == "chinese_east_asian"

    def predictions(records, found: bool):  # a redactor that finds every name, or none
        return [{"note_id": r["note_id"], "services": r["services"],
                 "pii": [{"start": s["start"], "end": s["end"], "type": "PERSON"} for s in r["pii"]] if found else []}
                for r in records]

    runs = {"original": (gold, predictions(gold, True), 2), "names_swapped": (swapped, predictions(swapped, False), 2)}
    result = fairness_from_runs(runs)
    assert result["names_swapped"]["recall_change"]["person"] == -1.0
    table = fairness_markdown("dev", result)
    assert "| names swapped | 2 |" in table and "-1.0000" in table
    assert "Tom" not in table and "Wei" not in table  # figures only, never names


def test_fairness_option_refuses_no_split_but_the_two_named(capsys):
    try:
        main(["--split", "train", "--fairness"])
    except SystemExit as stop:
        assert stop.code == 2
    else:
        raise AssertionError("--split train must be refused")


def test_written_results_keep_figures_but_no_note_text():
    """The held-out results are committed: the worst labels' evidence excerpts (note text) and per-note results stay out."""
    from evaluate_heldout import _without_per_note

    results = {"shipped": {"labels": {"worst": [{"label": "3A", "f1": 0.2, "evidence": ["a sentence of a note"]}],
                                      "per_note": [{"note_id": "x"}]}}}
    assert _without_per_note(results) == {"shipped": {"labels": {"worst": [{"label": "3A", "f1": 0.2}]}}}
