"""Batch processing: every note accounted for, one bad note never loses the rest."""

from __future__ import annotations

import json

from casenotes.io import read_records
from casenotes.pipeline import RunOptions, error_kind, process_file
from casenotes.redact.redactor import PiiSpan, RedactionResult


class FakeRedactor:
    """Replaces 'Sam' and breaks on any note containing 'BOOM', to test isolation without spaCy."""

    def detect(self, texts):
        if any("BOOM" in text for text in texts):
            raise ValueError("cannot handle")
        return [[text.find("Sam")] for text in texts]

    def finalise(self, text, spans, case_id):
        start = spans[0]
        pii = [PiiSpan(start, start + 3, "PERSON", 0.9)] if start >= 0 else []
        return RedactionResult(text.replace("Sam", "[PERSON_1]"), pii)


class FakeExtractor:
    def pipe(self, texts, batch_size=64):
        for text in texts:
            yield {"factors": ["3B"] if "hit" in text else [], "needs": [], "services": [], "mentions": []}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_process_file_isolates_a_failing_note(tmp_path):
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, [
        {"note_id": "1", "text": "Sam seen", "team": "A"},
        {"note_id": "2", "text": "BOOM secret words"},
        {"note_id": "3", "text": "dad hit mum"},
        {"note_id": "4", "text": ""},
    ])
    summary = process_file(source, output, RunOptions(chunk_size=10, progress=False), FakeRedactor(), FakeExtractor())
    records = {r["note_id"]: r for r in read_records(output)}
    assert (summary.notes, summary.ok, summary.errors) == (4, 2, 2)
    assert records["1"]["redacted_text"] == "[PERSON_1] seen" and records["1"]["team"] == "A"
    assert records["2"]["status"] == "error" and records["2"]["error"].startswith("row 2: redaction failed (ValueError)")
    assert "secret" not in records["2"]["error"] and records["2"]["redacted_text"] is None
    assert records["3"]["factors"] == ["3B"]
    assert records["4"]["error"] == "row 4: text is empty"


def test_process_file_keeps_input_order_across_chunks(tmp_path):
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, [{"note_id": str(i), "text": f"note {i}"} for i in range(25)])
    process_file(source, output, RunOptions(chunk_size=4, progress=False), FakeRedactor())
    assert [r["note_id"] for r in read_records(output)] == [str(i) for i in range(25)]


def test_process_file_without_redactor_passes_text_to_extractor(tmp_path):
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, [{"note_id": "1", "redacted_text": "[FATHER] hit [MOTHER]"}])
    process_file(source, output, RunOptions(text_col="redacted_text", progress=False), extractor=FakeExtractor())
    [record] = read_records(output)
    assert record["redacted_text"] == "[FATHER] hit [MOTHER]" and record["factors"] == ["3B"]


def test_error_kind_drops_row_and_detail():
    assert error_kind("row 12: text is not valid utf-8 (first bad byte at character 3); re-save") == "text is not valid utf-8"
