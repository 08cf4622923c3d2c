"""What produced an output: the casenotes version, taxonomy and overlay, the models and their number format.

Every ``run``/``redact``/``extract`` record carries it in a ``provenance`` field, Parquet files also in their
key-value metadata (``casenotes.provenance``), so that a table built months later still says which system made
it. It names files by their name and content hash only: a path can hold a person's name (a home folder).

    >>> sorted(build_provenance(extract=False))
    ['casenotes', 'model', 'precision', 'redaction', 'tagger', 'taxonomy']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

PARQUET_METADATA_KEY = b"casenotes.provenance"


def stamped(records: list[dict[str, Any]], provenance: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The records with ``provenance`` as their last field (unchanged when there is none)."""
    if provenance is None:
        return records
    return [{**record, "provenance": provenance} for record in records]


def casenotes_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("casenotes")
    except PackageNotFoundError:  # a source tree that was never installed
        return "unknown"


def file_id(path: str | Path) -> str:
    """'lexicon.yaml sha256:1a2b3c4d5e6f': the file's name and the start of its content hash, never its folder."""
    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "missing"
    return f"{path.name} sha256:{digest}"


def model_id(folder: str | Path | None) -> str | None:
    """'casenotes-lora trained 2026-12-07 adapter sha256:...': name, training date and weights hash."""
    if folder is None:
        return None
    folder = Path(folder)
    metrics = folder / "metrics.json"
    trained = json.loads(metrics.read_text()).get("trained_at") if metrics.is_file() else None
    weights = next((folder / name for name in ("adapter_model.safetensors", "model.safetensors")
                    if (folder / name).is_file()), None)
    digest = file_id(weights).split(" ", 1)[1] if weights else "no weights"
    return f"{folder.name} trained {trained or 'date unknown'} {digest}"


def build_provenance(redactor_config: Any = None, extract: bool = True, lexicon: str | Path | None = None,
                     model: str | Path | None = None, precision: str = "auto",
                     people_table: bool = False) -> dict[str, Any]:
    """The provenance block for records made with these settings (resolved: "auto" becomes what ran)."""
    from casenotes.classify import resolve_precision
    from casenotes.taxonomy import load_taxonomy

    if lexicon is None:
        lexicon = getattr(redactor_config, "lexicon", None)  # redact --lexicon: the keep-list's overlay
    taxonomy = load_taxonomy(extra=lexicon) if lexicon is not None else load_taxonomy()
    tagger_folder = getattr(redactor_config, "tagger_folder", None)  # tests may pass a stand-in config
    tagger = tagger_folder() if callable(tagger_folder) else None
    models_run = (tagger is not None) or (extract and model is not None)
    if tagger is not None:
        precision = getattr(redactor_config, "precision", precision)  # run sets the tagger's and the classifier's alike
    block: dict[str, Any] = {
        "casenotes": casenotes_version(),
        "taxonomy": taxonomy.version + (f" + {file_id(lexicon)}" if lexicon is not None else ""),
        "model": (model_id(model) if model is not None else "rules only") if extract else None,
        "tagger": model_id(tagger),
        "precision": resolve_precision(precision) if models_run else None,
        "redaction": None,
    }
    if redactor_config is not None:
        block["redaction"] = {
            "spacy_model": getattr(redactor_config, "spacy_model", None),
            "score_threshold": getattr(redactor_config, "score_threshold", None),
            "dates": getattr(redactor_config, "dates", None),
            "keyed_pseudonyms": getattr(redactor_config, "hmac_key", None) is not None,
            "people_table": people_table,
            "recognizers": file_id(extra) if (extra := getattr(redactor_config, "recognizers", None)) else None,
        }
    return block
