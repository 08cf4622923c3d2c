"""Which table goes where: published tables at the top of the output folder, internal ones in ``internal/``.

Read by the builder (``build``) and the writer (``export``) alike, so neither imports the other.
"""

from __future__ import annotations

import json
from typing import Mapping

import pandas as pd

#: Unit-record tables for internal case work: written to ``<out>/internal/`` only, never published.
CHILD_LEVEL_TABLES = ("child_indicators", "unmet_need")
#: Internal tables: the child-level ones, the exact clipping figures of a DP run, and (under DP, where
#: it is not protected) the exact note counts of data_quality.
INTERNAL_TABLES = CHILD_LEVEL_TABLES + ("dp_clipping",)
DP_INTERNAL_TABLES = ("data_quality",)


def internal_tables(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Names of the tables in ``tables`` that go to ``internal/`` (never the top folder or indicators.duckdb)."""
    names = set(INTERNAL_TABLES) | (set(DP_INTERNAL_TABLES) if "privacy" in tables else set())
    return [name for name in tables if name in names]


def published_tables(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    internal = set(internal_tables(tables))
    return [name for name in tables if name not in internal]


def provenance_of(tables: Mapping[str, pd.DataFrame]) -> dict | None:
    """The provenance dict recorded in a tables set's ``about`` table (None for tables without one)."""
    about = tables.get("about")
    if about is None:
        return None
    values = dict(zip(about["key"], about["value"]))
    return json.loads(values["provenance"]) if "provenance" in values else None
