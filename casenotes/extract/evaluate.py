"""Score extraction against labelled notes: returns data, prints nothing (eval/ scripts print).

Note level: precision, recall and F1 per label (CIN code, need id, service name) with support, plus
micro and macro averages, from ``sklearn.metrics``. Mention level: a gold mention is found when a
predicted mention of the same kind and group overlaps it; on found mentions we score each context
class (negated, hypothetical, historical) as a binary label, the subject, and the service status.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from sklearn.metrics import accuracy_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from casenotes.taxonomy import Taxonomy

NOTE_FIELDS = ("factors", "needs", "services")
CONTEXT_CLASSES = ("negated", "hypothetical", "historical")


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
    averages = {}
    for average in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)
        averages[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    # macro over labels that occur in the gold set: labels only ever predicted are false positives in micro
    present = [i for i, label in enumerate(binarizer.classes_) if per_label[label]["support"] > 0]
    if present:
        p, r, f, _ = precision_recall_fscore_support(y_true[:, present], y_pred[:, present], average="macro", zero_division=0)
    else:  # no gold label of this kind at all (e.g. no need in a small gold set): nothing to average
        p = r = f = 0.0
    averages["macro_gold_labels"] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    return {"per_label": per_label, **averages, "notes": len(gold)}


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
    precision = found / n_pred if n_pred else 0.0
    recall = found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred, "matched": found}


def _binary(truth: list[bool], guess: list[bool]) -> dict[str, float]:
    if not truth:
        return {"accuracy": 0.0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "matched_mentions": 0}
    p, r, f, _ = precision_recall_fscore_support(truth, guess, average="binary", zero_division=0)
    return {"accuracy": float(accuracy_score(truth, guess)), "precision": float(p), "recall": float(r), "f1": float(f),
            "support": int(sum(truth)), "matched_mentions": len(truth)}


def _accuracy(truth: list[str], guess: list[str]) -> dict[str, float]:
    return {"accuracy": float(accuracy_score(truth, guess)) if truth else 0.0, "n": len(truth)}


def evaluate(gold: Sequence[dict], predicted: Sequence[dict], taxonomy: Taxonomy) -> dict[str, Any]:
    """Everything in one dict: note-level scores overall and per kind, and mention-level scores."""
    return {
        "notes": score_notes(gold, predicted),
        "by_kind": {field: {k: v for k, v in score_notes(gold, predicted, (field,)).items() if k != "per_label"}
                    for field in NOTE_FIELDS},
        "mentions": score_mentions(gold, predicted, taxonomy),
    }
