"""The output contract: kept importable here; it lives in ``casenotes.contract`` (records, fields, schema)."""

from __future__ import annotations

from typing import Any

from casenotes.contract import (  # noqa: F401 - re-exported
    CORE_FIELDS,
    EXTRACTION_FIELDS,
    InputNote,
    arrow_schema,
    base_record,
    fail,
    known_types,
    output_fields,
)

__all__ = ["CORE_FIELDS", "EXTRACTION_FIELDS", "KNOWN_TYPES", "arrow_schema", "base_record", "fail", "output_fields"]


def __getattr__(name: str) -> Any:
    if name == "KNOWN_TYPES":
        return known_types()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
