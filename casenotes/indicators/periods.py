"""Reporting periods: the grain of every published table, and its DfE explore-education-statistics time values."""

from __future__ import annotations

import numpy as np
import pandas as pd

ALL = "all"
#: Grains a table can be published at; ``all`` publishes the whole window only.
GRAINS = ("month", "quarter", "year", "financial-year")
PERIOD_CHOICES = GRAINS + (ALL,)

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


def check_grain(grain: str) -> str:
    if grain not in PERIOD_CHOICES:
        raise ValueError(f"period must be one of {', '.join(PERIOD_CHOICES)}, not {grain!r}")
    return grain


def period_of(when: pd.Series, grain: str) -> pd.Series:
    """Each date's period label: ``2025-03`` (month), ``2025-Q1`` (calendar quarter), ``2025`` (year),
    ``2024-25`` (financial year, April to March) or ``all``; None where the date is missing."""
    check_grain(grain)
    when = pd.to_datetime(when)
    known = when.notna()
    if not known.any():
        return pd.Series(None, index=when.index, dtype=object)
    # label each distinct date once: a long table repeats few dates, and strftime is slow
    codes, uniques = pd.factorize(when[known])
    labels = _labels(pd.Series(uniques), grain).to_numpy(dtype=object)[codes]
    out = np.full(len(when), None, dtype=object)
    out[known.to_numpy()] = labels
    return pd.Series(out, index=when.index, dtype=object)


def _labels(dates: pd.Series, grain: str) -> pd.Series:
    year, month = dates.dt.year.astype(int), dates.dt.month.astype(int)
    if grain == ALL:
        return pd.Series(ALL, index=dates.index)
    if grain == "month":
        return year.astype(str) + "-" + month.map("{:02d}".format)
    if grain == "quarter":
        return year.astype(str) + "-Q" + ((month - 1) // 3 + 1).astype(str)
    if grain == "year":
        return year.astype(str)
    start = year - (month < 4).astype(int)  # financial-year: April to March, named by its two calendar years
    return start.astype(str) + "-" + ((start + 1) % 100).map("{:02d}".format)


def ees_time(period: str, grain: str) -> tuple[str, str] | None:
    """(time_period, time_identifier) in the EES open-data standard; None for ``all`` (no EES equivalent).

    EES lists no calendar quarters, so a calendar quarter is written as the financial-year quarter it
    equals (January to March 2025 is 2024-25 Q4): the same three months under an allowed identifier.
    """
    if period == ALL:
        return None
    if grain == "month":
        year, month = period.split("-")
        return year, MONTH_NAMES[int(month) - 1]
    if grain == "quarter":
        year, quarter = int(period[:4]), int(period[-1])
        start = year - 1 if quarter == 1 else year
        return f"{start}{(start + 1) % 100:02d}", f"Financial year Q{4 if quarter == 1 else quarter - 1}"
    if grain == "year":
        return period, "Calendar year"
    if grain == "financial-year":
        start = int(period[:4])
        return f"{start}{(start + 1) % 100:02d}", "Financial year"
    raise ValueError(f"no EES time for grain {grain!r}")
