"""Where a set of tables came from: casenotes and taxonomy versions, the settings that change results,
the privacy budget, and the distinct provenance of the records they were built from."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Mapping

PROVENANCE_FILE = "provenance.json"
#: Key of the provenance JSON in every Parquet file's key-value (schema) metadata.
PARQUET_KEY = b"casenotes.provenance"


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


def casenotes_version() -> str:
    from casenotes import __version__

    return __version__


def fingerprint(path: Path | str | None) -> dict | None:
    """A settings file named by its file name and content hash (a path alone does not pin what was used)."""
    if path is None:
        return None
    path = Path(path)
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def dumps(provenance: Mapping[str, Any]) -> str:
    return json.dumps(provenance, sort_keys=False, default=str, ensure_ascii=False)
