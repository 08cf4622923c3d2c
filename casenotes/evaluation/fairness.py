"""Fairness: the same gold notes with names swapped across origins and demographic descriptions inserted.

Redaction recall and extracted labels should not change. Variants are built from the gold set's own names
(held in memory only); results hold figures, note ids and label codes, never text.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any, Mapping, Sequence

from casenotes.evaluation.labels import NOTE_FIELDS, field_sort_key
from casenotes.evaluation.predictions import join_predictions, run_predictions
from casenotes.evaluation.redaction import pii_spans, score_redaction
from casenotes.redact.entities import PERSON

#: Descriptions inserted after a note's first name for the fairness check (name -> inserted text).
DEMOGRAPHIC_INSERTS = {
    "black_british": ", who is Black British,",
    "muslim_family": ", from a Muslim family,",
    "polish_speaking": ", who is Polish-speaking,",
    "wheelchair_user": ", who is a wheelchair user,",
    "gay": ", who is gay,",
}


def _stable(value: str) -> int:
    return int(hashlib.sha256(value.encode("utf-8")).hexdigest()[:8], 16)


def _edit(record: Mapping, edits: Sequence[tuple[int, int, str]], **changes) -> dict[str, Any]:
    """Apply non-overlapping (start, end, replacement) edits to a gold record, moving its span offsets."""
    text, pieces, cursor = record["text"], [], 0
    for start, end, replacement in sorted(edits):
        pieces += [text[cursor:start], replacement]
        cursor = end
    pieces.append(text[cursor:])

    def moved(position: int, is_end: bool) -> int:
        # an edit ending at or before the position moves it, except an insertion right at a span's end
        return position + sum(len(replacement) - (end - start) for start, end, replacement in edits
                              if end < position or (end == position and not (is_end and start == end)))

    out = {**record, "text": "".join(pieces), **changes}
    for key in ("pii", "keep", "mentions"):  # mentions too: the multi-author corpus derives keep targets from them
        if key in record:
            out[key] = [{**s, "start": moved(int(s["start"]), False), "end": moved(int(s["end"]), True)}
                        for s in record[key]]
    return out


def name_pools(gold: Sequence[Mapping]) -> dict[str, dict[str, list[str]]]:
    """The gold set's own PERSON strings by origin and form (held in memory only, never written)."""
    pools: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for record in gold:
        for span in record.get("pii") or []:
            if span["type"] == PERSON and span.get("origin"):
                pools[span["origin"]][span.get("form") or "any"].add(record["text"][span["start"]:span["end"]])
    return {origin: {form: sorted(names) for form, names in forms.items()} for origin, forms in sorted(pools.items())}


def swap_names(gold: Sequence[Mapping], shift: int = 1) -> list[dict[str, Any]]:
    """Each note with every PERSON span replaced by a name of another origin (the ``shift``-th next, sorted).

    The replacement has the same form (given, surname, full...) where that origin has one, is
    lower-cased when the original was, and is picked deterministically. The span's ``origin``
    becomes the new origin, so recall per origin can be compared.
    """
    pools = name_pools(gold)
    origins = sorted(pools)
    variants = []
    for record in gold:
        edits, spans = [], []
        for span in record.get("pii") or []:
            origin = span.get("origin")
            if span["type"] != PERSON or origin not in pools or len(origins) < 2:
                spans.append(span)
                continue
            target = origins[(origins.index(origin) + shift) % len(origins)]
            form = span.get("form") or "any"
            names = pools[target].get(form) or sorted({n for names in pools[target].values() for n in names})
            original = record["text"][span["start"]:span["end"]]
            name = names[_stable(f"{record['note_id']}:{span['start']}") % len(names)]
            edits.append((span["start"], span["end"], name.lower() if original.islower() else name))
            spans.append({**span, "origin": target})
        variants.append(_edit({**record, "pii": spans}, edits))
    return variants


def insert_description(gold: Sequence[Mapping], inserted: str) -> tuple[list[dict[str, Any]], int]:
    """Each note with ``inserted`` (", who is gay,") placed after its first PERSON span.

    RETURNS: (variants, how many notes had a name to insert after; the others are unchanged).
    """
    variants, changed = [], 0
    for record in gold:
        people = sorted((s for s in record.get("pii") or [] if s["type"] == PERSON), key=lambda s: s["start"])
        if not people:
            variants.append(dict(record))
            continue
        end = int(people[0]["end"])
        variants.append(_edit(record, [(end, end, inserted)]))
        changed += 1
    return variants, changed


def fairness_variants(gold: Sequence[Mapping]) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """Named variants of a redaction gold set: names swapped across origins, and each demographic insert."""
    swapped = swap_names(gold)
    changed = sum(a["text"] != b["text"] for a, b in zip(gold, swapped))
    variants = {"names_swapped": (swapped, changed)}
    for name, inserted in DEMOGRAPHIC_INSERTS.items():
        variants[f"inserted_{name}"] = insert_description(gold, inserted)
    return variants


def label_changes(original: Sequence[Mapping], variant: Sequence[Mapping]) -> list[dict[str, Any]]:
    """Notes whose factors, needs or services differ between two runs: note id and label codes only."""
    changes = []
    for a, b in zip(original, variant):
        diff = {}
        for field in NOTE_FIELDS:
            before, after = set(a.get(field) or []), set(b.get(field) or [])
            if before != after:
                order = lambda label: field_sort_key(field, label)  # noqa: E731
                diff[field] = {"added": sorted(after - before, key=order), "removed": sorted(before - after, key=order)}
        if diff:
            changes.append({"note_id": str(a.get("note_id")), **diff})
    return changes


def _recall_summary(scores: Mapping) -> dict[str, Any]:
    pick = lambda cell: None if not cell else cell.get("recall")  # noqa: E731
    return {"overall": pick(scores["overall"]), "direct_identifiers": pick(scores["direct_identifiers"]),
            "person": pick(scores["per_type"].get(PERSON)), "char_precision": scores["char"]["precision"],
            "person_by_origin": {origin: cell["recall"] for origin, cell in scores["person_by_origin"].items()},
            "keep_survival": {kind: cell["survival"] for kind, cell in
                              {"overall": scores["keep_survival"]["overall"], **scores["keep_survival"]["per_kind"]}.items()}}


def fairness_from_runs(runs: Mapping[str, tuple[Sequence[Mapping], Sequence[Mapping], int]]) -> dict[str, Any]:
    """Compare each variant's run with the original's: redaction recall and changed labels.

    runs: ``{"original": (gold, predictions, n), "names_swapped": (gold, predictions, changed), ...}``;
        predictions aligned with gold.
    """
    base_gold, base_pred, _ = runs["original"]
    result: dict[str, Any] = {}
    for name, (gold, predicted, changed) in runs.items():
        scores = score_redaction(gold, [pii_spans(p) for p in predicted])
        entry = {"notes_changed": changed, "redaction": _recall_summary(scores)}
        if name != "original":
            entry["label_changes"] = label_changes(base_pred, predicted)
            entry["recall_change"] = {k: (None if v is None or entry["redaction"][k] is None else
                                          round(entry["redaction"][k] - v, 4))
                                      for k, v in result["original"]["redaction"].items()
                                      if k not in ("person_by_origin", "keep_survival")}
        result[name] = entry
    return result


def fairness(gold: Sequence[Mapping], folder: Path, redactor=None, extractor=None) -> dict[str, Any]:
    """Run casenotes on the gold notes and on every variant, and compare (see ``fairness_from_runs``).

    Variant predictions are written under ``folder`` (redacted output only); each variant gets its
    own case ids, so the redactor's case memory never carries names across variants.
    """
    runs = {"original": (list(gold), len(gold))}
    runs.update(fairness_variants(gold))
    results = {}
    for name, (records, changed) in runs.items():
        tagged = [{**r, "case_id": f"{r['case_id']}#{name}" if r.get("case_id") else None} for r in records]
        predicted = run_predictions(tagged, Path(folder) / f"fairness_{name}.jsonl", redactor, extractor)
        results[name] = (records, join_predictions(records, predicted)[0], changed)
    return fairness_from_runs(results)
