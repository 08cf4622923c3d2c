"""Two systems on the same gold notes: the difference of each metric with a paired bootstrap 95% interval.

Both ``evaluation.json`` files carry ``per_note`` results (``casenotes.evaluation.evaluator``). The notes
are resampled with replacement, the same resampled notes score both systems, and the interval is the
2.5th-97.5th percentile of the per-resample difference B - A. A difference is significant when its
interval excludes 0. Pairing removes the note-to-note variation the two systems share, so it finds real
differences that two separate intervals would hide (overlapping intervals are not evidence of no
difference). Per label, a resample in which neither gold nor either system has the label is left out;
an undefined precision or F1 (no predictions) counts 0, as in the point estimates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from casenotes.evaluation.labels import NOTE_FIELDS, label_sort_key
from casenotes.evaluation.metrics import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    METRICS,
    bootstrap_indices,
    bootstrap_prf,
    difference_interval,
    excludes_zero,
    macro_per_resample,
)
from casenotes.evaluation.redaction import RECALL_SCOPES, recall_cells
from casenotes.redact.entities import PERSON

LABEL_SCOPES = ("all", *NOTE_FIELDS)
RULE = "paired bootstrap over the same notes: significant when the 95% interval of B - A excludes 0"


def intervals(result: Mapping, path: str = "") -> Iterable[tuple[str, float, list[float]]]:
    """Every (metric path, value, [low, high]) in an evaluation result that carries a CI."""
    if not isinstance(result, Mapping):
        return
    for key, value in result.items():
        here = f"{path}.{key}" if path else str(key)
        if key == "ci" and isinstance(value, Mapping):
            for metric, ci in value.items():
                if ci is not None and result.get(metric) is not None:
                    yield f"{path}.{metric}", float(result[metric]), ci
        elif key == "recall_ci" and value is not None and result.get("recall") is not None:
            yield f"{path}.recall", float(result["recall"]), value
        elif isinstance(value, Mapping) and key not in ("fairness",):
            yield from intervals(value, here)


# -- paired differences ---------------------------------------------------------------------------
def _gold_of(row: Mapping) -> tuple[Any, list[str]]:
    return row.get("gold_labels"), [kind for kind, _ in row.get("identifiers") or []]


def _paired_notes(a: Mapping, b: Mapping) -> tuple[list[Mapping], list[Mapping]] | str:
    """Both runs' per-note results in the same note order, or the reason they cannot be paired."""
    missing = [name for name, result in (("A", a), ("B", b)) if not result.get("per_note")]
    if missing:
        return (f"{' and '.join(missing)} {'have' if len(missing) > 1 else 'has'} no per-note results (written by an older casenotes evaluate, or "
                "nothing was scored): evaluate again to compare pair by pair")
    first = {row["note_id"]: row for row in a["per_note"]}
    second = {row["note_id"]: row for row in b["per_note"]}
    if first.keys() != second.keys() or len(first) != len(a["per_note"]) or len(second) != len(b["per_note"]):
        return (f"A and B were scored on different notes ({len(first.keys() - second.keys())} only in A, "
                f"{len(second.keys() - first.keys())} only in B): a paired comparison needs the same gold notes")
    ids = list(first)
    if any(_gold_of(first[i]) != _gold_of(second[i]) for i in ids):
        return "A and B were scored against different gold labels or identifiers for the same note ids"
    return [first[i] for i in ids], [second[i] for i in ids]


def _label_differences(a: Sequence[Mapping], b: Sequence[Mapping], indices: np.ndarray) -> dict[str, list[float] | None]:
    """Interval of B - A for each per-label and averaged label metric, on shared resamples."""
    labels = sorted({k for rows in (a, b) for row in rows for k in (*row["gold_labels"], *row["predicted_labels"])},
                    key=label_sort_key)
    column = {label: i for i, label in enumerate(labels)}
    n, s = len(labels), len(LABEL_SCOPES)
    # groups: A per label, B per label, presence per label, A per scope, B per scope, presence per scope
    groups = {"a": 0, "b": n, "present": 2 * n, "scope_a": 3 * n, "scope_b": 3 * n + s, "scope_present": 3 * n + 2 * s}
    note, group, truth, guess = [], [], [], []

    def add(i: int, g: int, t: bool, p: bool) -> None:
        note.append(i), group.append(g), truth.append(t), guess.append(p)

    for i, (row_a, row_b) in enumerate(zip(a, b)):
        gold, found_a, found_b = set(row_a["gold_labels"]), set(row_a["predicted_labels"]), set(row_b["predicted_labels"])
        for label in gold | found_a | found_b:
            c, t = column[label], label in gold
            scopes = [k for k, scope in enumerate(LABEL_SCOPES) if scope == "all" or label.startswith(scope + ":")]
            for offset, cell_guess in ((0, label in found_a), (n, label in found_b)):
                add(i, c + offset, t, cell_guess)
            add(i, groups["present"] + c, True, True)
            for k in scopes:
                add(i, groups["scope_a"] + k, t, label in found_a)
                add(i, groups["scope_b"] + k, t, label in found_b)
                add(i, groups["scope_present"] + k, True, True)
    scores = bootstrap_prf(np.array(note, dtype=int), np.array(group, dtype=int), np.array(truth, dtype=bool),
                           np.array(guess, dtype=bool), 3 * n + 3 * s, indices)

    def defined(metric: str, col: int, present_col: int) -> np.ndarray:
        # an undefined precision or F1 is 0 where the label is in the resample; recall needs gold: nan stays
        values = scores[metric][:, col]
        if metric != "recall":
            values = np.nan_to_num(values, nan=0.0)
        return np.where(scores["support"][:, present_col] > 0, values, np.nan)

    out: dict[str, list[float] | None] = {}
    for label, c in column.items():
        for metric in METRICS:
            out[f"labels.per_label.{label}.{metric}"] = difference_interval(
                defined(metric, c, groups["present"] + c), defined(metric, n + c, groups["present"] + c))
    gold_support = {label for row in a for label in row["gold_labels"]}
    for k, scope in enumerate(LABEL_SCOPES):
        present_col = groups["scope_present"] + k
        columns = [c for label, c in column.items() if label in gold_support
                   and (scope == "all" or label.startswith(scope + ":"))]
        for metric in METRICS:
            out[f"labels.averages.{scope}.micro.{metric}"] = difference_interval(
                defined(metric, groups["scope_a"] + k, present_col), defined(metric, groups["scope_b"] + k, present_col))
            if columns:
                out[f"labels.averages.{scope}.macro.{metric}"] = difference_interval(
                    macro_per_resample(scores, columns, metric),
                    macro_per_resample(scores, [n + c for c in columns], metric))
    return out


def _redaction_differences(a: Sequence[Mapping], b: Sequence[Mapping], indices: np.ndarray) -> dict[str, list[float] | None]:
    """Interval of B - A for overall, direct-identifier and PERSON recall, on shared resamples."""
    s = len(RECALL_SCOPES)
    cells_a = recall_cells([row["identifiers"] for row in a])
    cells_b = recall_cells([row["identifiers"] for row in b], first_group=s)
    note, group, truth, guess = (np.concatenate([x, y]) for x, y in zip(cells_a, cells_b))
    if not len(note):
        return {}
    recall = bootstrap_prf(note, group, truth, guess, 2 * s, indices)["recall"]
    paths = {"overall": "redaction.overall.recall", "direct_identifiers": "redaction.direct_identifiers.recall",
             PERSON: f"redaction.per_type.{PERSON}.recall"}
    return {paths[scope]: difference_interval(recall[:, k], recall[:, s + k]) for k, scope in enumerate(RECALL_SCOPES)}


def paired_intervals(a: Mapping, b: Mapping, resamples: int = DEFAULT_RESAMPLES,
                     seed: int = DEFAULT_SEED) -> tuple[dict[str, list[float] | None], str | None]:
    """(metric path -> 95% interval of B - A, None) from the two runs' per-note results; ({}, reason) when
    they cannot be paired."""
    paired = _paired_notes(a, b)
    if isinstance(paired, str):
        return {}, paired
    rows_a, rows_b = paired
    if not resamples:
        return {}, "no bootstrap resamples were asked for (--bootstrap 0)"
    indices = bootstrap_indices(len(rows_a), resamples, seed)
    out: dict[str, list[float] | None] = {}
    if "gold_labels" in rows_a[0] and "gold_labels" in rows_b[0]:
        out.update(_label_differences(rows_a, rows_b, indices))
    if "identifiers" in rows_a[0] and "identifiers" in rows_b[0]:
        out.update(_redaction_differences(rows_a, rows_b, indices))
    return out, None


def compare(a: Mapping, b: Mapping, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Every metric with a CI in both runs: A, B, B - A and the paired 95% interval of B - A.

    RETURNS: ``rows`` (metric, a, a_ci, b, b_ci, difference, difference_ci, significant), ``rule``,
        ``not_paired`` (None, or why no paired interval could be computed), ``notes`` compared, ``resamples``,
        ``seed``, ``only_in_a`` and the count of ``significant`` rows.
    """
    first = {path: (value, ci) for path, value, ci in intervals(a)}
    differences, reason = paired_intervals(a, b, resamples, seed)
    rows = []
    for path, value, ci in intervals(b):
        if path not in first:
            continue
        value_a, ci_a = first[path]
        interval = differences.get(path)
        rows.append({"metric": path, "a": value_a, "a_ci": ci_a, "b": value, "b_ci": ci,
                     "difference": round(value - value_a, 4), "difference_ci": interval,
                     "significant": excludes_zero(interval)})
    return {"rule": RULE, "not_paired": reason, "notes": None if reason else len(a["per_note"]),
            "resamples": resamples, "seed": seed, "rows": rows,
            "only_in_a": sorted(set(first) - {r["metric"] for r in rows}),
            "significant": sum(r["significant"] for r in rows)}


def compare_files(path_a: Path, path_b: Path, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """``compare`` on two ``evaluation.json`` files."""
    def read(path: Path) -> Mapping:
        result = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(result, Mapping):
            raise ValueError(f"{path} is not an evaluation.json written by casenotes evaluate")
        return result

    return compare(read(path_a), read(path_b), resamples, seed)
