"""Differentially private counts with OpenDP: a privacy unit fixed in advance, clipping, one accounted release.

**Privacy unit: one child.** Every published count is a number of distinct children in a cell (a unit,
period and indicator, a pair of indicators, ...). One child can be counted in many cells, so the privacy
unit is declared the way OpenDP declares it, ``dp.unit_of(contributions=K)``: each child contributes at
most ``K`` (cell) records to each published count column. ``K`` is a setting fixed before the data are
seen (``--dp-contributions``, default :data:`DEFAULT_DP_CONTRIBUTIONS`); a child counted in more cells
than that keeps a random ``K`` of them (clipping), so the bound holds by construction, never by luck.

**One release, one budget.** The cells of every published count column form one histogram, released by
one OpenDP measurement: ``make_count_by_categories >> then_laplace`` (discrete Laplace noise of one
``scale`` on every cell). A child changes at most ``sum(K_c)`` records, where ``K_c = min(K, cells in
column c)``; OpenDP's privacy map of that measurement at that distance is the total epsilon the user
asked for (``--dp-epsilon``); the map of one column's measurement at ``K_c`` is that column's share, and
at 1 it is a single cell's. Nothing else about the children is published under DP: medians are withheld
and ``data_quality`` (exact note counts) moves to the internal folder.

**The cells are public.** Team and area names and the periods covered are treated as public (they
describe the service, not a child); the indicators are every code the taxonomy can emit, so a row's
presence never depends on a child.

**Refusal rule.** The noise scale is compared with the size of the populations the release describes:
the median published number of children per unit and period (``unit_rates.children_with_notes``, cells
above zero). When ``scale > max_noise_share * median`` (or no such number above zero is published),
``aggregate`` refuses the release, unless forced, in which case every row of every noised table is
flagged ``dp_unreliable``. (A median over each column's own cells would not do: most cells of a full
taxonomy grid hold no child, so their pure noise would set the median at any epsilon.) In a release that
passes, a row is still flagged when one of its own published counts is below ``scale / max_noise_share``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

#: Cells one child may be counted in, per published count column (the privacy unit's ``contributions``).
DEFAULT_DP_CONTRIBUTIONS = 100
#: Largest noise scale, as a share of a column's median published count above zero, that is published.
DEFAULT_DP_MAX_NOISE_SHARE = 0.5
#: The published intervals are 1 - CI_ALPHA (95%) intervals.
CI_ALPHA = 0.05
MECHANISM = "discrete Laplace on a histogram of every published cell (OpenDP make_count_by_categories >> then_laplace)"


class DPRefused(ValueError):
    """The noise would swamp the counts: the release is refused (use ``force`` to publish it flagged)."""


def opendp():
    try:
        import opendp.prelude as dp
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError("differentially private counts need OpenDP: pip install 'casenotes[dp]'") from error
    dp.enable_features("contrib")
    return dp


def opendp_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("opendp")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


@dataclass
class CountColumn:
    """One published count column: its public cells (``grid``, one row per cell, columns ``keys``) and its
    members (``rows``: one row per child and cell the child is counted in)."""

    table: str
    column: str
    keys: list[str]
    grid: pd.DataFrame
    rows: pd.DataFrame

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass
class Release:
    """The noisy counts of every column (aligned with each column's grid) and the accounting."""

    counts: dict[str, pd.Series]
    scale: float
    ci_half_width: float
    epsilon_total: float
    epsilon_per_cell: float
    contributions: int
    columns: list[dict] = field(default_factory=list)
    clipping: list[dict] = field(default_factory=list)


def clip_contributions(rows: pd.DataFrame, keys: Sequence[str], limit: int,
                       rng: np.random.Generator | None = None) -> tuple[pd.DataFrame, dict]:
    """Each child keeps at most ``limit`` of its cells, chosen at random (so no cell is always the one dropped).

    Returns the kept rows and, for the analyst only (never published: it is exact), how many children
    and cells were clipped."""
    distinct = rows.drop_duplicates(["child", *keys], ignore_index=True)
    per_child = distinct.groupby("child").size()
    order = (rng or np.random.default_rng()).permutation(len(distinct))
    kept = distinct.iloc[order].groupby("child", sort=False).head(limit)
    stats = {"children": int(per_child.size), "children_clipped": int((per_child > limit).sum()),
             "cells_dropped": int(len(distinct) - len(kept)), "most_cells_one_child": int(per_child.max() if len(per_child) else 0)}
    return kept.reset_index(drop=True), stats


def histogram_measurement(cells: int, scale: float, dp=None):
    """The OpenDP measurement: count each cell id in a vector of (child, cell) records, then add discrete
    Laplace noise of ``scale`` to every count. Its input metric is the symmetric distance, so its privacy
    map takes the number of records one child contributes (``dp.unit_of(contributions=...)``)."""
    dp = dp or opendp()
    metric, _ = dp.unit_of(contributions=1)
    space = dp.vector_domain(dp.atom_domain(T=int)), metric
    return dp.t.make_count_by_categories(*space, categories=list(range(cells)), null_category=False) \
        >> dp.m.then_laplace(scale)


def release(columns: Sequence[CountColumn], epsilon: float, contributions: int,
            rng: np.random.Generator | None = None) -> Release:
    """Noisy counts for every cell of every column, in one OpenDP measurement whose total epsilon is ``epsilon``."""
    dp = opendp()
    if not epsilon or epsilon <= 0 or not math.isfinite(epsilon):
        raise ValueError(f"--dp-epsilon must be a positive number, not {epsilon}")
    if contributions < 1:
        raise ValueError(f"--dp-contributions must be at least 1, not {contributions}")
    rng = rng or np.random.default_rng()
    columns = [column for column in columns if len(column.grid)]
    limits = [min(contributions, len(column.grid)) for column in columns]  # a child cannot touch more cells than exist
    bound = sum(limits)
    scale = bound / float(epsilon)
    ids, clipping, offset = [], [], 0
    for column, limit in zip(columns, limits):
        cells = column.grid[column.keys].reset_index(drop=True).assign(_cell=lambda frame: np.arange(len(frame)))
        members = column.rows[["child", *column.keys]].merge(cells, on=column.keys)  # cells outside the grid are not published
        kept, stats = clip_contributions(members, ["_cell"], limit, rng)
        ids.append(kept["_cell"].to_numpy() + offset)
        clipping.append({"table": column.table, "column": column.column, "contributions": limit, **stats})
        offset += len(cells)
    measurement = histogram_measurement(offset, scale, dp)
    _, d_in = dp.unit_of(contributions=bound)
    noisy = np.asarray(measurement([int(cell) for cell in np.concatenate(ids)] if ids else []), dtype="int64")
    epsilon_total = float(measurement.map(d_in))
    per_cell = float(histogram_measurement(1, scale, dp).map(1))
    half_width = ci_half_width(scale, dp)
    counts, described, start = {}, [], 0
    for column, limit in zip(columns, limits):
        values = noisy[start:start + len(column.grid)]
        counts[column.name] = pd.Series(np.maximum(values, 0), index=column.grid.index, dtype="int64")
        described.append({"table": column.table, "column": column.column, "cells": len(column.grid),
                          "contributions": limit,
                          "epsilon": float(histogram_measurement(len(column.grid), scale, dp).map(limit))})
        start += len(column.grid)
    return Release(counts, scale, half_width, epsilon_total, per_cell, contributions, described, clipping)


def ci_half_width(scale: float, dp=None) -> float:
    """OpenDP's 95% accuracy of discrete Laplace noise of ``scale``: |noise| < it with probability 0.95.
    (At scales far below 1 OpenDP answers -inf; the noise is then 0 almost surely, so the width is 0.)"""
    dp = dp or opendp()
    value = float(dp.discrete_laplacian_scale_to_accuracy(scale, CI_ALPHA))
    return value if math.isfinite(value) and value > 0 else 0.0


def noise_share(published: pd.Series, scale: float) -> tuple[float, float]:
    """(median of the published counts above zero, scale / that median); (nan, inf) when none is above zero.
    Suppressed (missing) counts are left out."""
    shown = pd.to_numeric(published, errors="coerce").dropna()
    shown = shown[shown > 0]
    if shown.empty:
        return math.nan, math.inf
    median = float(shown.median())
    return median, scale / median


def interval(published: pd.Series, half_width: float, round_to: int | None = None) -> tuple[pd.Series, pd.Series]:
    """The 95% interval of a published noisy count: ``count -/+ half_width`` (widened by half the rounding
    base when counts are rounded), never below 0; missing where the count is suppressed.

    The noisy count before clamping at 0 is within ``half_width`` of the clipped count 95% of the time;
    clamping and rounding only move it towards values the widened interval still covers."""
    width = half_width + (round_to / 2 if round_to else 0)
    values = published.astype("Float64")
    low = (values - width).clip(lower=0).apply(lambda v: v if pd.isna(v) else math.floor(v))
    high = (values + width).apply(lambda v: v if pd.isna(v) else math.ceil(v))
    return low.astype("Int64"), high.astype("Int64")


def add_dp_noise(df: pd.DataFrame, count_col: str, epsilon: float, contributions: int, seed: Any = None) -> tuple[pd.DataFrame, dict]:
    """Replace ``count_col`` by differentially private counts (OpenDP discrete Laplace, clamped at 0), with
    ``<count_col>_ci_low``/``_ci_high`` 95% intervals.

    A lower-level helper: the caller guarantees that one child changes the column by at most
    ``contributions`` in L1 distance (e.g. by clipping); the noise scale is ``contributions / epsilon`` and
    the column is ``epsilon``-DP under that bound. ``seed`` is ignored (OpenDP draws its own noise).
    Returns the frame and a row for the ``privacy`` table.
    """
    dp = opendp()
    contributions = max(int(contributions), 1)
    scale = contributions / float(epsilon)
    metric, d_in = dp.unit_of(l1=contributions, U=int)
    measurement = dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), metric, scale=scale)
    out = df.copy()
    noisy = measurement([int(value) for value in out[count_col].fillna(0)])
    out[count_col] = pd.Series([max(value, 0) for value in noisy], index=out.index, dtype="int64")
    half_width = ci_half_width(scale, dp)
    out[f"{count_col}_ci_low"], out[f"{count_col}_ci_high"] = interval(out[count_col], half_width)
    budget = {"column": count_col, "mechanism": "discrete Laplace (OpenDP make_laplace, L1)",
              "sensitivity_cells_per_child": contributions, "scale": scale, "ci95_half_width": half_width,
              "epsilon": float(measurement.map(d_in))}
    return out, budget
