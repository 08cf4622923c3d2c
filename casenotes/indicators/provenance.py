"""Where a set of tables came from: casenotes and taxonomy versions, the settings that change results,
the privacy budget, and the distinct provenance of the records they were built from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from casenotes.provenance import PARQUET_METADATA_KEY, casenotes_version, file_id

PROVENANCE_FILE = "provenance.json"
#: Key of the provenance JSON in every Parquet file's key-value (schema) metadata (as in run's own Parquet output).
PARQUET_KEY = PARQUET_METADATA_KEY
__all__ = ["PARQUET_KEY", "PROVENANCE_FILE", "SourceCollector", "casenotes_version", "dumps", "file_id",
           "fingerprint", "taxonomy_text"]


class SourceCollector:
    """The distinct ``provenance`` dicts of the input records, in first-seen order (records without one,
    or with one that is not a mapping, are skipped: older ``run`` output has none)."""

    def __init__(self) -> None:
        self._seen: dict[str, dict] = {}

    def add(self, value: Any) -> None:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return
        if not isinstance(value, Mapping):
            return
        value = {key: item for key, item in value.items()}
        self._seen.setdefault(json.dumps(value, sort_keys=True, default=str), value)

    def distinct(self) -> list[dict]:
        return list(self._seen.values())


def fingerprint(path: Path | str | None) -> str | None:
    """A settings file by its name and content hash, as ``run`` names files (a path alone does not pin what
    was used, and a folder can hold a person's name)."""
    return None if path is None else file_id(path)


def taxonomy_text(version: str, lexicon: Path | str | None) -> str:
    """The taxonomy as ``run`` records it: its version (overlay versions included), then the overlay file."""
    return version + (f" + {file_id(lexicon)}" if lexicon is not None else "")


def dumps(provenance: Mapping[str, Any]) -> str:
    return json.dumps(provenance, sort_keys=False, default=str, ensure_ascii=False)
