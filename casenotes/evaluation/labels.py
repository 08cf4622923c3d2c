"""Scoring extraction: note-level labels (factors, needs, services) and mention context. Returns data only.

Note level: precision, recall and F1 per label (CIN code, need id, service name) with support, micro and
macro averages, each with a bootstrap 95% interval over notes (``casenotes.evaluation.metrics``). Mention
level: a gold mention is found when a predicted mention of the same kind and group overlaps it; on found
mentions each context class (negated, hypothetical, historical) is scored as a binary label, with the
subject, the A/B/C letter of factor codes and the service status.

Labels are keyed ``"<field>:<label>"`` (``"factors:4B"``) and listed in ``label_sort_key`` order: by field,
CIN codes by number (1A before 10A), needs and services by name.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from casenotes.evaluation.metrics import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    METRICS,
    bootstrap_indices,
    bootstrap_prf,
    group_intervals,
    macro_intervals,
    prf,
    prf_from_counts,
)
from casenotes.contract import FACTOR, FIELD_KIND, KIND_FIELD, code_sort_key
from casenotes.contract import LABEL_FIELDS as NOTE_FIELDS
from casenotes.taxonomy import Taxonomy
CONTEXT_CLASSES = ("negated", "hypothetical", "historical")
#: the letter of a CIN code says who: A child, B parent/carer, C other household member
CODE = re.compile(r"(\d+)([A-Z]?)")
NO_LETTER = "-"
EVIDENCE_CHARS = 60


# -- label keys -----------------------------------------------------------------------------------
def field_sort_key(field: str, label: str) -> tuple:
    """CIN codes by number (``code_sort_key``), needs and services by name."""
    return code_sort_key(label) if FIELD_KIND.get(field) == FACTOR else (0, label)


def label_sort_key(key: str) -> tuple:
    """Order of ``"<field>:<label>"`` keys in tables: field, then ``field_sort_key``."""
    field, _, label = key.partition(":")
    return (field, field_sort_key(field, label))


def note_labels(note: Mapping, fields: Iterable[str] = NOTE_FIELDS) -> list[str]:
    """A record's note-level labels as ``"<field>:<label>"`` keys, in ``label_sort_key`` order."""
    return sorted({f"{field}:{label}" for field in fields for label in note.get(field) or []}, key=label_sort_key)


# -- note-level labels ----------------------------------------------------------------------------
def score_notes(gold: Sequence[dict], predicted: Sequence[dict], fields: Iterable[str] = NOTE_FIELDS) -> dict[str, Any]:
    """Per-label and averaged P/R/F1 over the note-level label sets named by ``fields``."""
    fields = tuple(fields)
    gold_sets = [[f"{field}:{label}" for field in fields for label in note[field]] for note in gold]
    pred_sets = [[f"{field}:{label}" for field in fields for label in note[field]] for note in predicted]
    binarizer = MultiLabelBinarizer().fit(gold_sets + pred_sets)
    y_true, y_pred = binarizer.transform(gold_sets), binarizer.transform(pred_sets)
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)
    per_label = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s),
                "predicted": int(y_pred[:, i].sum())}
        for i, (label, p, r, f, s) in enumerate(zip(binarizer.classes_, precision, recall, f1, support))
    }
    averages = {average: prf(y_true, y_pred, average) for average in ("micro", "macro")}
    # macro over labels that occur in the gold set: labels only ever predicted are false positives in micro
    present = [i for i, label in enumerate(binarizer.classes_) if per_label[label]["support"] > 0]
    if present:
        averages["macro_gold_labels"] = prf(y_true[:, present], y_pred[:, present], "macro")
    else:  # no gold label of this kind at all (e.g. no need in a small gold set): nothing to average
        averages["macro_gold_labels"] = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    return {"per_label": per_label, **averages, "notes": len(gold)}


def label_cells(gold: Sequence[Mapping], predicted: Sequence[Mapping], labels: Sequence[str]):
    """Cells (note, label column, gold 0/1, predicted 0/1) where gold or prediction says yes."""
    column = {label: i for i, label in enumerate(labels)}
    note, group, truth, guess = [], [], [], []
    for i, (g, p) in enumerate(zip(gold, predicted)):
        wanted, found = set(note_labels(g)), set(note_labels(p))
        for label in sorted(wanted | found):
            note.append(i), group.append(column[label]), truth.append(label in wanted), guess.append(label in found)
    return (np.array(note, dtype=int), np.array(group, dtype=int), np.array(truth, dtype=bool), np.array(guess, dtype=bool))


def score_labels(gold: Sequence[Mapping], predicted: Sequence[Mapping], resamples: int = DEFAULT_RESAMPLES,
                 seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Per-label and averaged P/R/F1 of factors, needs and services, each with a bootstrap 95% CI.

    RETURNS: ``per_label`` (``"factors:4B"`` -> precision, recall, f1, support, predicted, ci) and
        ``averages`` (``all``, ``factors``, ``needs``, ``services`` -> ``micro`` and ``macro``; macro
        is over labels with gold support, the honest figure when a label is only ever predicted).
    """
    notes = score_notes(gold, predicted)
    labels = sorted(notes["per_label"], key=label_sort_key)
    per_label = {label: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in notes["per_label"][label].items()}
                 for label in labels}
    averages: dict[str, Any] = {}
    for scope in ("all", *NOTE_FIELDS):
        fields = NOTE_FIELDS if scope == "all" else (scope,)
        if scope != "all" and not any(g.get(scope) or p.get(scope) for g, p in zip(gold, predicted)):
            continue
        scored = score_notes(gold, predicted, fields)
        averages[scope] = {"micro": _rounded(scored["micro"]), "macro": _rounded(scored["macro_gold_labels"]),
                           "macro_all_labels": _rounded(scored["macro"])}
    if resamples and labels and gold:
        note, group, truth, guess = label_cells(gold, predicted, labels)
        scopes = list(averages)
        # micro: the same cells again, grouped by scope instead of by label
        in_scope = [(s, i) for s, scope in enumerate(scopes) for i, g in enumerate(group)
                    if scope == "all" or labels[g].startswith(scope + ":")]
        micro_rows = np.array([i for _, i in in_scope], dtype=int)
        micro_group = np.array([len(labels) + s for s, _ in in_scope], dtype=int)
        scores = bootstrap_prf(np.concatenate([note, note[micro_rows]]), np.concatenate([group, micro_group]),
                               np.concatenate([truth, truth[micro_rows]]), np.concatenate([guess, guess[micro_rows]]),
                               len(labels) + len(scopes), bootstrap_indices(len(gold), resamples, seed))
        for i, label in enumerate(labels):
            per_label[label]["ci"] = group_intervals(scores, i)
        for s, scope in enumerate(scopes):
            averages[scope]["micro"]["ci"] = group_intervals(scores, len(labels) + s)
            gold_columns = [i for i, label in enumerate(labels) if per_label[label]["support"] > 0
                            and (scope == "all" or label.startswith(scope + ":"))]
            averages[scope]["macro"]["ci"] = macro_intervals(scores, gold_columns)
    return {"notes": len(gold), "per_label": per_label, "averages": averages}


def _rounded(scores: Mapping[str, float]) -> dict[str, Any]:
    return {metric: round(float(scores[metric]), 4) for metric in METRICS}


def kept_out(gold: Sequence[Mapping], predicted: Sequence[Mapping]) -> dict[str, Any]:
    """How often a label the gold note evidences only as negated, hypothetical or historical (so it is not in the
    gold note-level set) stays out of the predicted set: the share of such (note, label) pairs, by class."""
    outcomes: dict[str, list[bool]] = defaultdict(list)
    for g, p in zip(gold, predicted):
        for mention in g.get("mentions") or []:
            field = KIND_FIELD.get(mention.get("kind"))
            classes = [c for c in CONTEXT_CLASSES if mention.get(c)]
            if field and classes and mention["label"] not in g.get(field, []):
                outcomes[classes[0]].append(mention["label"] not in (p.get(field) or []))
    every = [kept for values in outcomes.values() for kept in values]
    summary = {cls: {"kept_out": round(sum(v) / len(v), 4), "n": len(v)} for cls, v in sorted(outcomes.items())}
    summary["all"] = {"kept_out": round(sum(every) / len(every), 4) if every else None, "n": len(every)}
    return summary


# -- mentions -------------------------------------------------------------------------------------
def _group_key(mention: dict, taxonomy: Taxonomy) -> tuple[str, str]:
    if mention["kind"] == "factor":
        group = taxonomy.group_of(mention["label"])
        return ("factor", group.id if group else mention["label"])
    return (mention["kind"], mention["label"])


def _concerns(mentions: list[dict]) -> list[dict]:
    """Factor mentions and need-only mentions (not the need paired with a factor on the same span)."""
    factor_spans = {(m["start"], m["end"]) for m in mentions if m["kind"] == "factor"}
    return [m for m in mentions if m["kind"] == "factor" or (m["kind"] == "need" and (m["start"], m["end"]) not in factor_spans)]


def match_mentions(gold: list[dict], predicted: list[dict], taxonomy: Taxonomy) -> tuple[list[tuple[dict, dict]], int, int]:
    """Greedy one-to-one matching on kind + group + overlapping offsets. RETURNS (pairs, gold count, predicted count)."""
    pairs, used = [], set()
    for g in gold:
        for j, p in enumerate(predicted):
            if j in used or _group_key(g, taxonomy) != _group_key(p, taxonomy):
                continue
            if p["start"] < g["end"] and g["start"] < p["end"]:
                pairs.append((g, p))
                used.add(j)
                break
    return pairs, len(gold), len(predicted)


def score_mentions(gold: Sequence[dict], predicted: Sequence[dict], taxonomy: Taxonomy) -> dict[str, Any]:
    """Mention detection (concerns, services), context classes, factor code, subject and service status."""
    concern_pairs, service_pairs = [], []
    counts = {"concern_gold": 0, "concern_predicted": 0, "service_gold": 0, "service_predicted": 0}
    for gold_note, pred_note in zip(gold, predicted):
        for name, select in (("concern", _concerns), ("service", lambda ms: [m for m in ms if m["kind"] == "service"])):
            pairs, n_gold, n_pred = match_mentions(select(gold_note["mentions"]), select(pred_note["mentions"]), taxonomy)
            (concern_pairs if name == "concern" else service_pairs).extend(pairs)
            counts[f"{name}_gold"] += n_gold
            counts[f"{name}_predicted"] += n_pred
    result: dict[str, Any] = {
        "detection": {name: _detection(len(pairs), counts[f"{name}_gold"], counts[f"{name}_predicted"])
                      for name, pairs in (("concern", concern_pairs), ("service", service_pairs))},
        "context": {cls: _binary([g[cls] for g, _ in concern_pairs], [p[cls] for _, p in concern_pairs])
                    for cls in CONTEXT_CLASSES},
    }
    result["context"]["current"] = _binary([g["status"] == "current" for g, _ in concern_pairs],
                                           [p["status"] == "current" for _, p in concern_pairs])
    factor_pairs = [(g, p) for g, p in concern_pairs if g["kind"] == "factor"]
    result["factor_code_accuracy"] = _accuracy([g["label"] for g, _ in factor_pairs], [p["label"] for _, p in factor_pairs])
    result["subject_accuracy"] = _accuracy([str(g["subject"]) for g, _ in factor_pairs], [str(p["subject"]) for _, p in factor_pairs])
    result["service_status_accuracy"] = _accuracy([g["status"] for g, _ in service_pairs], [p["status"] for _, p in service_pairs])
    return result


def _detection(found: int, n_gold: int, n_pred: int) -> dict[str, float]:
    precision, recall, f1 = prf_from_counts(found, n_pred - found, n_gold - found)
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred, "matched": found}


def _binary(truth: list[bool], guess: list[bool]) -> dict[str, float]:
    if not truth:
        return {"accuracy": 0.0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "matched_mentions": 0}
    return {"accuracy": float(accuracy_score(truth, guess)), **prf(truth, guess),
            "support": int(sum(truth)), "matched_mentions": len(truth)}


def _accuracy(truth: list[str], guess: list[str]) -> dict[str, float]:
    return {"accuracy": float(accuracy_score(truth, guess)) if truth else 0.0, "n": len(truth)}


def code_letter(code: str) -> str:
    """'4B' -> 'B'; a code without a subject letter ('20') -> '-'."""
    match = CODE.fullmatch(code)
    return (match.group(2) or NO_LETTER) if match else NO_LETTER


def subject_confusion(gold: Sequence[Mapping], predicted: Sequence[Mapping], taxonomy) -> dict[str, Any]:
    """Confusion between the A/B/C letters of factor mentions matched on group and overlap, per factor group."""
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for g_note, p_note in zip(gold, predicted):
        factors = lambda note: [m for m in note.get("mentions") or [] if m["kind"] == "factor"]  # noqa: E731
        matched, _, _ = match_mentions(factors(g_note), factors(p_note), taxonomy)
        for g, p in matched:
            group = taxonomy.group_of(g["label"])
            pairs[group.id if group else g["label"]].append((code_letter(g["label"]), code_letter(p["label"])))
    result = {}
    for group_id in sorted(pairs, key=code_sort_key):
        truth, guess = zip(*pairs[group_id])
        letters = sorted(set(truth) | set(guess))
        with warnings.catch_warnings():  # one letter only: a 1x1 matrix is the right answer
            warnings.simplefilter("ignore", UserWarning)
            matrix = confusion_matrix(truth, guess, labels=letters)
        result[group_id] = {"letters": letters, "matrix": matrix.tolist(), "matched": len(truth),
                            "agreement": round(float(np.trace(matrix) / matrix.sum()), 4)}
    return result


def score_context(gold: Sequence[Mapping], predicted: Sequence[Mapping], taxonomy) -> dict[str, Any]:
    """Mention detection, context classes, subject and service status (``score_mentions``) plus the A/B/C confusion."""
    predicted = [{**p, "mentions": p.get("mentions") or []} for p in predicted]
    result = score_mentions(gold, predicted, taxonomy)
    result["subject_confusion"] = subject_confusion(gold, predicted, taxonomy)
    return result


def evaluate_extraction(gold: Sequence[dict], predicted: Sequence[dict], taxonomy: Taxonomy) -> dict[str, Any]:
    """Note-level scores overall and per kind, and mention-level scores, without intervals (``eval/`` scripts)."""
    return {
        "notes": score_notes(gold, predicted),
        "by_kind": {field: {k: v for k, v in score_notes(gold, predicted, (field,)).items() if k != "per_label"}
                    for field in NOTE_FIELDS},
        "mentions": score_mentions(gold, predicted, taxonomy),
    }


# -- typical errors -------------------------------------------------------------------------------
def snippet(text: str, start: int, end: int, width: int = EVIDENCE_CHARS) -> str:
    """A window of already-redacted text around ``[start, end)``, the mention marked with ``**``."""
    left, right = max(0, start - width), min(len(text), end + width)
    before = text[left:start].split(" ", 1)[-1] if left > 0 else text[left:start]
    after = text[end:right].rsplit(" ", 1)[0] if right < len(text) else text[end:right]
    flat = lambda s: " ".join(s.split())  # noqa: E731
    return ("..." if left > 0 else "") + flat(before) + " **" + flat(text[start:end]) + "** " + flat(after) + (
        "..." if right < len(text) else "")


def typical_errors(gold: Sequence[Mapping], predicted: Sequence[Mapping], per_label: Mapping[str, Mapping],
                   worst: int = 5, examples: int = 3, gold_text_redacted: bool = True,
                   withheld: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The ``worst`` labels by F1 (support or predictions > 0) with their false negatives and positives.

    Each error is a note id, plus up to ``examples`` evidence snippets per label: a false positive
    from the prediction's ``redacted_text`` around its mention, a false negative from the gold
    text around the gold mention only when ``gold_text_redacted``. Notes in ``withheld`` (a known
    leak) give ids but no evidence.
    """
    withheld = set(withheld)
    ranked = sorted((label for label, s in per_label.items() if s["support"] or s["predicted"]),
                    key=lambda label: (per_label[label]["f1"], -per_label[label]["support"], label_sort_key(label)))
    result = []
    for label in ranked[:worst]:
        field, name = label.split(":", 1)
        kind = FIELD_KIND[field]
        entry: dict[str, Any] = {"label": label, "f1": per_label[label]["f1"], "support": per_label[label]["support"],
                                 "false_negatives": [], "false_positives": [], "evidence": []}
        for g, p in zip(gold, predicted):
            note_id = str(g["note_id"])
            missed, extra = name in (g.get(field) or []), name in (p.get(field) or [])
            if missed == extra:
                continue
            source, text = (g, g.get("text", "")) if missed else (p, p.get("redacted_text", ""))
            entry["false_negatives" if missed else "false_positives"].append(note_id)
            usable = note_id not in withheld and text and (gold_text_redacted or not missed)
            mention = next((m for m in source.get("mentions") or [] if m["kind"] == kind and m["label"] == name), None)
            if usable and mention and len(entry["evidence"]) < examples:
                entry["evidence"].append({"note_id": note_id, "error": "missed" if missed else "false positive",
                                          "redacted_evidence": snippet(text, mention["start"], mention["end"])})
        result.append(entry)
    return result
