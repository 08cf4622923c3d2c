"""One evaluation of a gold set: labels, mention context and redaction, with intervals and per-note results.

``evaluate`` scores predictions already made; ``evaluate_all`` is what ``casenotes evaluate`` does (make the
predictions with ``--run``, add fairness variants and a TAB folder). ``per_note`` in the result holds, per
gold note, its id, gold and predicted label keys and the (type, redacted) outcome of each gold identifier,
so two systems scored on the same notes can be compared pair by pair (``casenotes.evaluation.compare``).
It holds no text or offsets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from casenotes.evaluation.fairness import fairness
from casenotes.evaluation.labels import NOTE_FIELDS, kept_out, note_labels, score_context, score_labels, typical_errors
from casenotes.evaluation.metrics import DEFAULT_RESAMPLES, DEFAULT_SEED
from casenotes.evaluation.predictions import gold_is_redacted, join_predictions, load_jsonl, run_predictions, system_spec
from casenotes.evaluation.redaction import identifier_outcomes, leaks_by_type, score_pii, score_tab_folder


def per_note_results(gold: Sequence[Mapping], aligned: Sequence[Mapping], labels: bool,
                     identifiers: Sequence[Sequence[tuple[str, bool]]] | None) -> list[dict[str, Any]]:
    """Per gold note: ``note_id``, ``gold_labels`` and ``predicted_labels`` (when labels are scored) and
    ``identifiers``, [type, redacted] per gold span (when redaction is scored)."""
    rows = []
    for i, (g, p) in enumerate(zip(gold, aligned)):
        row: dict[str, Any] = {"note_id": str(g["note_id"])}
        if labels:
            row["gold_labels"], row["predicted_labels"] = note_labels(g), note_labels(p)
        if identifiers is not None:
            row["identifiers"] = [[kind, hit] for kind, hit in identifiers[i]]
        rows.append(row)
    return rows


def evaluate(gold: Sequence[Mapping], predicted: Iterable[Mapping], resamples: int = DEFAULT_RESAMPLES,
             seed: int = DEFAULT_SEED, taxonomy=None) -> dict[str, Any]:
    """Score predictions (casenotes output records) against a gold set, joined on ``note_id``.

    Scores whatever the gold set holds: ``factors``/``needs``/``services`` -> ``labels``; ``mentions``
    in a redacted gold text -> ``context``; ``pii`` in an original text -> ``redaction``. Sections
    that cannot be scored carry a ``skipped`` reason. ``per_note`` holds the per-note results.
    """
    aligned, missing, failed = join_predictions(gold, predicted)
    result: dict[str, Any] = {"notes": len(gold), "missing_predictions": missing, "failed_predictions": failed,
                              "bootstrap": {"resamples": resamples, "seed": seed, "interval": "2.5-97.5 percentile"}}
    redacted_gold = gold_is_redacted(gold)
    withheld: set[str] = set()
    identifiers = None
    if any("pii" in record for record in gold):
        redaction = score_pii(gold, aligned, resamples, seed)
        redaction["leaks_by_type"] = leaks_by_type(redaction["leaks"])
        withheld = {leak["note_id"] for leak in redaction["leaks"]}
        identifiers = identifier_outcomes(gold, redaction["leaks"])
        result["redaction"] = redaction
    else:
        result["redaction"] = {"skipped": "the gold set has no pii spans"}
        if not redacted_gold:  # original text with no pii spans: no way to know a prediction is clean, quote none
            withheld = {str(record.get("note_id")) for record in gold}
    has_labels = any(field in record for record in gold for field in NOTE_FIELDS)
    if has_labels:
        labels = score_labels(gold, aligned, resamples, seed)
        labels["worst"] = typical_errors(gold, aligned, labels["per_label"], gold_text_redacted=redacted_gold,
                                         withheld=withheld)
        if any(record.get("mentions") for record in gold):
            labels["kept_out"] = kept_out(gold, aligned)
        result["labels"] = labels
    else:
        result["labels"] = {"skipped": "the gold set has no factors, needs or services"}
    if not any("mentions" in record for record in gold):
        result["context"] = {"skipped": "the gold set has no mention spans"}
    elif not redacted_gold:
        result["context"] = {"skipped": "gold mention offsets point into original text, predictions into redacted text"}
    else:
        if taxonomy is None:
            from casenotes.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        result["context"] = score_context(gold, aligned, taxonomy)
    result["per_note"] = per_note_results(gold, aligned, has_labels, identifiers)
    return result


def evaluate_files(gold_path: Path, pred_path: Path, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                   limit: int | None = None) -> dict[str, Any]:
    gold = load_jsonl(gold_path, limit)
    result = evaluate(gold, load_jsonl(pred_path), resamples, seed)
    result["gold"], result["predictions"] = str(gold_path), str(pred_path)
    return result


def evaluate_all(folder: Path, gold_path: Path | None = None, pred_path: Path | None = None, run: bool = False,
                 with_fairness: bool = False, tab: Path | None = None, resamples: int = DEFAULT_RESAMPLES,
                 seed: int = DEFAULT_SEED, limit: int | None = None, model: str | Path | None = None,
                 precision: str = "auto") -> dict[str, Any]:
    """What ``casenotes evaluate`` does: score a gold set (predictions given or made with ``run``),
    optionally the fairness variants and a TAB folder. Predictions made here go in ``folder``; with ``run``
    they come from the same system ``casenotes run`` uses: the rules, plus the classifier in ``model``.
    """
    if gold_path is None and tab is None:
        raise ValueError("give --gold (with --pred or --run) or --tab")
    if gold_path is not None and pred_path is None and not run and not with_fairness:
        raise ValueError("give --pred with the predictions to score, or --run to make them")
    result: dict[str, Any] = {}
    redactor = None
    if gold_path is not None:
        gold = load_jsonl(gold_path, limit)
        if not with_fairness or pred_path is not None or run:
            if run:  # the system casenotes run ships, assembled as run assembles it
                pred_path = Path(folder) / "predictions.jsonl"
                spec = system_spec(gold, model, precision)
                redactor = spec.build_redactor()
                run_predictions(gold, pred_path, redactor, spec.build_extractor())
            result = evaluate(gold, load_jsonl(pred_path), resamples, seed)
            per_note = result.pop("per_note")  # kept last in the file, after the run's description
            result["gold"], result["predictions"] = str(gold_path), str(pred_path)
            if run:
                result["system"] = {"extraction": "rules + model" if model else "rules only",
                                    "model": None if model is None else Path(model).name,
                                    "precision": precision if model else None}
            result["per_note"] = per_note
        if with_fairness:
            if gold_is_redacted(gold):
                raise ValueError("--fairness needs a gold set with original text and pii spans (a redaction gold set)")
            if redactor is None:
                from casenotes.redact import Redactor

                redactor = Redactor()
            result["fairness"] = fairness(gold, folder, redactor)
    if tab is not None:
        if not (Path(tab) / "texts.json").is_file() or not (Path(tab) / "manual_mentions.json").is_file():
            raise ValueError(f"{tab} is not a TAB folder: it needs texts.json and manual_mentions.json")
        result["tab"] = score_tab_folder(Path(tab), redactor, limit)
    return result
