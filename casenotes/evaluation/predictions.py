"""Gold sets and predictions: reading them, joining them on ``note_id``, and running casenotes on gold texts."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from casenotes.contract import PLACEHOLDER
from casenotes.evaluation.labels import NOTE_FIELDS
from casenotes.io import read_records


def load_jsonl(path: Path | str, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of a JSONL or Parquet file (gold set or casenotes output), the first ``limit`` if given."""
    records = []
    for record in read_records(path):
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records


def join_predictions(gold: Sequence[Mapping], predicted: Iterable[Mapping]) -> tuple[list[dict], list[str], list[str]]:
    """Predictions aligned to gold by ``note_id``.

    RETURNS: (aligned predictions, ids missing from the predictions, ids whose prediction is an
        error record). A missing or failed note becomes an empty prediction, so it counts as all missed.
    """
    by_id = {str(record.get("note_id")): dict(record) for record in predicted}
    aligned, missing, failed = [], [], []
    for record in gold:
        note_id = str(record["note_id"])
        found = by_id.get(note_id)
        if found is None or found.get("status", "ok") != "ok":
            (missing if found is None else failed).append(note_id)
            found = {"note_id": note_id}
        aligned.append({"pii": [], "mentions": [], **{field: [] for field in NOTE_FIELDS}, "redacted_text": "",
                        **{k: v for k, v in found.items() if v is not None}})
    return aligned, missing, failed


def gold_is_redacted(gold: Sequence[Mapping]) -> bool:
    """A gold set holds redacted text (extraction gold) when it has no ``pii`` and its texts carry casenotes
    placeholders; with ``pii``, or with neither, it is taken as original text: redacted before it is run,
    and never quoted in a report (a file of original notes without ``pii`` must not leak names)."""
    if any("pii" in record for record in gold):
        return False
    return any(PLACEHOLDER.search(str(record.get("text") or "")) for record in gold)


def system_spec(gold: Sequence[Mapping], model: str | Path | None = None, precision: str = "auto"):
    """What ``casenotes run`` runs on these gold notes (``BatchSpec.from_options``): the redactor unless the gold
    holds redacted text, the rules, and the classifier in ``model`` when one is given."""
    from casenotes.runner import BatchSpec

    return BatchSpec.from_options(redact=not gold_is_redacted(gold), model=model, precision=precision)


def system_extractor(model: str | Path | None = None, precision: str = "auto"):
    """The extraction ``casenotes run`` ships: the rules, plus the classifier in ``model`` when one is given."""
    from casenotes.runner import BatchSpec

    return BatchSpec.from_options(redact=False, model=model, precision=precision).build_extractor()


def run_predictions(gold: Sequence[Mapping], output: Path, redactor=None, extractor=None) -> list[dict[str, Any]]:
    """Run casenotes on the gold texts (``process_file``), writing its output to ``output``.

    A gold set holding original text (with ``pii``) goes through the redactor then the extractor;
    one holding redacted text goes through the extractor only (``system_spec`` builds what is not given:
    the default redactor, the rules). The input is a temporary file, deleted afterwards.
    """
    from casenotes.runner import RunOptions, process_file

    if redactor is None or extractor is None:
        spec = system_spec(gold, model=None)
        redactor = redactor if redactor is not None else spec.build_redactor()
        extractor = extractor if extractor is not None else spec.build_extractor()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "gold_texts.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for record in gold:
                row = {"note_id": record["note_id"], "text": record["text"], "case_id": record.get("case_id")}
                handle.write(json.dumps(row) + "\n")
        process_file(source, output, RunOptions(progress=False), redactor=redactor, extractor=extractor)
    return load_jsonl(output)
