"""Statistical disclosure control (DfE style) and spreadsheet safety for published tables."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd


def suppress(
    df: pd.DataFrame,
    threshold: int = 5,
    round_to: int | None = None,
    *,
    count_col: str = "children",
    margins: Sequence[Sequence[str]] = (),
) -> pd.DataFrame:
    """DfE-style statistical disclosure control on one count column.

    1. **Primary:** counts from 1 to ``threshold`` are suppressed (zeros are shown).
    2. **Secondary:** ``margins`` lists groups of cells that add up to a published total (e.g. the
       teams of one month and indicator add up to the all-teams row). In every group with exactly one
       suppressed cell, the next-smallest cell is suppressed too, preferring a non-zero one, so the
       suppressed cell cannot be worked back from the total. Repeated until no group changes.
    3. **Rounding** (``round_to``, e.g. 5): published counts are rounded to the nearest multiple.

    Suppressed counts become missing (``<NA>``) and ``<count_col>_suppressed`` is True. The input is
    not changed.
    """
    out = df.copy()
    counts = out[count_col].astype("Float64").to_numpy(dtype=float, na_value=math.nan)
    hidden = (counts >= 1) & (counts <= threshold)
    groups = [out.groupby(list(margin), dropna=False, sort=False).ngroup().to_numpy() for margin in margins]
    changed = bool(groups) and len(out) > 0  # an empty table (no note has the indicator) has nothing to hide
    while changed:
        changed = False
        for group in groups:
            per_group = np.bincount(group, weights=hidden, minlength=group.max() + 1)
            for lonely in np.flatnonzero(per_group == 1):
                open_cells = np.flatnonzero((group == lonely) & ~hidden & ~np.isnan(counts))
                if open_cells.size == 0:
                    continue
                nonzero = open_cells[counts[open_cells] > 0]
                pool = nonzero if nonzero.size else open_cells
                hidden[pool[np.argmin(counts[pool])]] = True
                changed = True
    published = np.where(hidden, np.nan, counts)
    if round_to:
        published = np.floor(published / round_to + 0.5) * round_to
    out[count_col] = pd.array(np.round(published), dtype="Float64").astype("Int64")
    out[f"{count_col}_suppressed"] = hidden
    return out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``) gets a leading
    apostrophe, so it is shown as text (OWASP's advice against CSV and spreadsheet injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of ``frame`` through :func:`neutralise` (team names and case ids come from the data)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(neutralise)
    return out
