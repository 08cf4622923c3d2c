"""The metrics core: precision, recall and F1 as scikit-learn defines them, and bootstrap intervals over notes.

Every P/R/F1 in casenotes comes from here: ``prf`` and ``multilabel_scores`` call
``sklearn.metrics.precision_recall_fscore_support`` on 0/1 arrays; ``prf_from_counts`` is the same
definition on counts already summed (a threshold sweep, a bootstrap of counts): precision = tp / (tp + fp),
recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn), with sklearn's ``zero_division`` for an empty
denominator (a test checks it against sklearn).

**Bootstrap.** Notes are resampled with replacement (``resamples`` times, seeded ``numpy`` RNG) and the
metric is recomputed on each resample; the interval is the 2.5th and 97.5th percentile. All resamples are
scored in one ``precision_recall_fscore_support`` call (``bootstrap_prf``): each resample's scored cells (a
note x label pair where the gold or the prediction says yes, or a gold identifier span) become rows of a
sparse multilabel matrix whose column is (resample, group), so sklearn's per-column counts are the
per-resample counts. A group absent from a resample is undefined there (nan) and left out of its
percentiles. **Paired bootstrap** (``difference_interval``): two systems scored on the same notes with the
same resampled note indices; the interval of the per-resample difference B - A.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.metrics import f1_score, precision_recall_fscore_support

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 0
METRICS = ("precision", "recall", "f1")


# -- point estimates ------------------------------------------------------------------------------
def prf(y_true: Any, y_pred: Any, average: str | None = "binary") -> dict[str, float]:
    """Precision, recall and F1 of 0/1 (or boolean) arrays, sklearn with ``zero_division=0``."""
    precision, recall, f1, _ = precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def prf_from_counts(tp: Any, fp: Any, fn: Any, zero_division: float = 0.0) -> tuple[Any, Any, Any]:
    """(precision, recall, F1) from true-positive, false-positive and false-negative counts (scalars or arrays).

    The formulas and float operations of ``precision_recall_fscore_support``, so a figure computed from
    counts is bit-identical to sklearn's on the 0/1 arrays those counts came from.
    """
    tp, fp, fn = (np.asarray(x, dtype=np.float64) for x in (tp, fp, fn))

    def divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
        empty = denominator == 0
        result = numerator / np.where(empty, 1.0, denominator)
        return np.where(empty, zero_division, result)

    precision, recall, f1 = divide(tp, tp + fp), divide(tp, tp + fn), divide(2 * tp, (tp + fn) + (tp + fp))
    if precision.ndim == 0:
        return float(precision), float(recall), float(f1)
    return precision, recall, f1


def multilabel_scores(gold: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> dict[str, Any]:
    """Micro and macro F1 plus precision, recall, F1 and support per label of (notes, labels) 0/1 matrices."""
    g, p = gold.astype(int), pred.astype(int)
    prec, rec, f1, support = precision_recall_fscore_support(g, p, average=None, zero_division=0)
    return {
        "micro_f1": float(f1_score(g, p, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(g, p, average="macro", zero_division=0)),
        "per_label": {k: {"precision": float(prec[i]), "recall": float(rec[i]), "f1": float(f1[i]), "support": int(support[i])}
                      for i, k in enumerate(labels)},
    }


# -- bootstrap ------------------------------------------------------------------------------------
def bootstrap_indices(n_notes: int, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> np.ndarray:
    """(resamples, n_notes) note indices drawn with replacement by a seeded generator."""
    return np.random.default_rng(seed).integers(0, n_notes, size=(resamples, n_notes))


def bootstrap_prf(note: np.ndarray, group: np.ndarray, truth: np.ndarray, guess: np.ndarray, n_groups: int,
                  indices: np.ndarray) -> dict[str, np.ndarray]:
    """Per-resample precision, recall, F1 and support of each group, in one sklearn call.

    note, group, truth, guess (arrays, one entry per scored cell): the note a cell belongs to, its
        group (a label, or an average), and the gold and predicted 0/1. A cell may be repeated
        with another group.
    indices (array): ``bootstrap_indices`` output.
    RETURNS: ``{"precision", "recall", "f1", "support"}``, each shaped (resamples, n_groups);
        undefined values are nan.
    """
    resamples, n_notes = indices.shape
    order = np.argsort(note, kind="stable")
    group, truth, guess = group[order], truth[order], guess[order]
    per_note = np.bincount(note, minlength=n_notes)
    starts = np.concatenate([[0], np.cumsum(per_note)[:-1]])
    drawn = indices.ravel()
    lengths = per_note[drawn]
    total = int(lengths.sum())
    if total == 0:
        nan = np.full((resamples, n_groups), np.nan)
        return {"precision": nan, "recall": nan, "f1": nan, "support": np.zeros((resamples, n_groups))}
    offsets = np.cumsum(lengths) - lengths
    cells = np.repeat(starts[drawn] - offsets, lengths) + np.arange(total)
    resample = np.repeat(np.repeat(np.arange(resamples), n_notes), lengths)
    columns = resample * n_groups + group[cells]
    shape = (total, resamples * n_groups)

    def matrix(values: np.ndarray) -> sparse.csr_matrix:
        rows = np.flatnonzero(values[cells])
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, columns[rows])), shape=shape)

    precision, recall, f1, support = precision_recall_fscore_support(
        matrix(truth), matrix(guess), average=None, zero_division=np.nan)
    shaped = lambda values: np.asarray(values, dtype=float).reshape(resamples, n_groups)  # noqa: E731
    return {"precision": shaped(precision), "recall": shaped(recall), "f1": shaped(f1), "support": shaped(support)}


def percentile_interval(values: np.ndarray) -> list[float] | None:
    """[2.5th, 97.5th] percentile of the defined (non-nan) values, rounded; None when there are none."""
    values = values[~np.isnan(values)]
    if not len(values):
        return None
    low, high = np.percentile(values, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


def group_intervals(scores: Mapping[str, np.ndarray], column: int) -> dict[str, list[float] | None]:
    """Precision, recall and F1 intervals of one ``bootstrap_prf`` group."""
    return {metric: percentile_interval(scores[metric][:, column]) for metric in METRICS}


def macro_per_resample(scores: Mapping[str, np.ndarray], columns: Sequence[int], metric: str) -> np.ndarray:
    """Per-resample macro ``metric`` over the given group columns present in the resample (support > 0;
    an undefined precision counts 0, as sklearn's ``average="macro"`` on those columns); nan where none is."""
    present = scores["support"][:, columns] > 0
    values = np.nan_to_num(scores[metric][:, columns], nan=0.0)
    counts = present.sum(axis=1)
    return np.where(counts > 0, (values * present).sum(axis=1) / np.maximum(counts, 1), np.nan)


def macro_intervals(scores: Mapping[str, np.ndarray], columns: Sequence[int]) -> dict[str, list[float] | None]:
    """Macro precision, recall and F1 intervals over the given label columns (see ``macro_per_resample``)."""
    if not len(columns):
        return {metric: None for metric in METRICS}
    return {metric: percentile_interval(macro_per_resample(scores, columns, metric)) for metric in METRICS}


def difference_interval(first: np.ndarray, second: np.ndarray) -> list[float] | None:
    """Paired bootstrap: the 95% interval of ``second - first``, both computed on the same resamples."""
    return percentile_interval(np.asarray(second, dtype=float) - np.asarray(first, dtype=float))


def excludes_zero(interval: Sequence[float] | None) -> bool:
    """True when a difference interval lies wholly above or below 0."""
    return interval is not None and (interval[0] > 0 or interval[1] < 0)
