"""Leak check: re-scan redacted output for identifiers that survived, reporting types and note ids only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterator

from casenotes.io import read_records

CHECK_BATCH = 64


@dataclass
class LeakReport:
    notes_checked: int = 0
    by_type: Counter = field(default_factory=Counter)
    note_ids_by_type: dict[str, list[str]] = field(default_factory=dict)

    @property
    def leaks(self) -> int:
        return sum(self.by_type.values())

    def to_dict(self) -> dict:
        return {
            "notes_checked": self.notes_checked,
            "residual_identifiers": self.leaks,
            "by_type": dict(self.by_type),
            "note_ids_by_type": self.note_ids_by_type,
        }


def _batches(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while batch := list(islice(records, size)):
        yield batch


def check_output(path: Path, redactor) -> LeakReport:
    """Scan the ``redacted_text`` of every ok record; never returns or prints the text found."""
    report = LeakReport()
    ok_records = (r for r in read_records(path) if r.get("status") == "ok" and r.get("redacted_text"))
    for batch in _batches(ok_records, CHECK_BATCH):
        for record, spans in zip(batch, redactor.scan([r["redacted_text"] for r in batch])):
            report.notes_checked += 1
            for span in spans:
                report.by_type[span.type] += 1
                ids = report.note_ids_by_type.setdefault(span.type, [])
                if str(record.get("note_id")) not in ids:
                    ids.append(str(record.get("note_id")))
    return report
