"""Reading note tables: formats, streaming, and every kind of bad row reported by row number."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from casenotes.io import InputError, RecordWriter, read_notes, read_records


def write_csv(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_read_notes_csv_passes_other_columns_through(tmp_path):
    source = tmp_path / "notes.csv"
    write_csv(source, 'note_id,case_id,team,text\nn1,c1,East,"Visit, mum present"\nn2,c1,East,Phone call\n')
    notes = list(read_notes(source))
    assert [n.note_id for n in notes] == ["n1", "n2"]
    assert notes[0].text == "Visit, mum present"
    assert notes[0].extra == {"case_id": "c1", "team": "East"}
    assert all(n.problem is None for n in notes)


def test_read_notes_configurable_column_names(tmp_path):
    source = tmp_path / "notes.csv"
    write_csv(source, "id,body\n7,hello there\n")
    [note] = list(read_notes(source, id_col="id", text_col="body"))
    assert (note.note_id, note.text) == ("7", "hello there")


def test_read_notes_missing_column_is_a_clear_input_error(tmp_path):
    source = tmp_path / "notes.csv"
    write_csv(source, "id,body\n1,x\n")
    with pytest.raises(InputError, match=r"no column 'note_id' or 'text'.*--id-col"):
        list(read_notes(source))


# fmt: off
@pytest.mark.parametrize("content, problem", [
    ('note_id,text\nn1,""\n',                 "row 1: text is empty"),
    ('note_id,text\nn1,"   "\n',              "row 1: text is empty"),
    ('note_id,text\n,some text\n',            "row 1: note id is empty"),
    ('note_id,text\nn1,a\nn1,b\n',            "row 2: duplicate note id"),
    ('note_id,text\nn1,a,extra\n',            "row 1: has 3 fields but the header has 2"),
])
# fmt: on
def test_read_notes_bad_rows_are_reported_not_dropped(tmp_path, content, problem):
    source = tmp_path / "notes.csv"
    write_csv(source, content)
    notes = list(read_notes(source))
    bad = [n for n in notes if n.problem]
    assert len(bad) == 1 and bad[0].problem.startswith(problem)


def test_read_notes_invalid_utf8_names_row_without_text(tmp_path):
    source = tmp_path / "notes.csv"
    source.write_bytes(b"note_id,text\nn1,fine\nn2,caf\xe9 with secret\nn3,also fine\n")
    notes = list(read_notes(source))
    assert [n.problem is None for n in notes] == [True, False, True]
    assert notes[1].problem.startswith("row 2: text is not valid utf-8")
    assert "secret" not in notes[1].problem and notes[1].text is None


def test_read_notes_other_encoding_reads_cp1252(tmp_path):
    source = tmp_path / "notes.csv"
    source.write_bytes("note_id,text\nn1,café visit\n".encode("cp1252"))
    [note] = list(read_notes(source, encoding="cp1252"))
    assert note.text == "café visit"


def test_read_notes_one_megabyte_note_is_read_whole(tmp_path):
    source = tmp_path / "notes.csv"
    big = "Mum present. " * 80_000
    write_csv(source, f'note_id,text\nbig,"{big}"\n')
    [note] = list(read_notes(source))
    assert note.problem is None and len(note.text) == len(big)


def test_read_notes_jsonl_bad_lines_keep_their_row(tmp_path):
    source = tmp_path / "notes.jsonl"
    lines = [json.dumps({"note_id": "a", "text": "x", "team": "W"}), "{not json", json.dumps([1]), json.dumps({"note_id": "b", "text": None})]
    source.write_text("\n".join(lines) + "\n")
    notes = list(read_notes(source))
    assert notes[0].problem is None and notes[0].extra == {"team": "W"}
    assert notes[1].problem.startswith("row 2: not valid JSON")
    assert notes[2].problem.startswith("row 3: expected a JSON object")
    assert notes[3].problem == "row 4: text is missing"


def test_read_notes_parquet_streams_batches(tmp_path):
    source = tmp_path / "notes.parquet"
    pq.write_table(pa.table({"note_id": ["a", "b"], "text": ["one", "two"], "area": ["N", "S"]}), source)
    notes = list(read_notes(source))
    assert [(n.note_id, n.text, n.extra["area"]) for n in notes] == [("a", "one", "N"), ("b", "two", "S")]


def test_read_notes_unknown_extension_asks_for_format(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("x")
    with pytest.raises(InputError, match="--input-format"):
        list(read_notes(source))


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_record_writer_round_trips(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    records = [
        {"note_id": "a", "row": 1, "status": "ok", "error": None, "redacted_text": "[PERSON_1] seen",
         "pii": [{"start": 0, "end": 4, "type": "PERSON", "score": 0.85}], "team": "East"},
        {"note_id": "b", "row": 2, "status": "error", "error": "row 2: text is empty", "redacted_text": None,
         "pii": [], "team": None},
    ]
    with RecordWriter(path, fmt) as writer:
        writer.write(records)
    assert list(read_records(path)) == records


def test_record_writer_puts_provenance_in_every_record_and_in_parquet_metadata(tmp_path):
    import json as _json

    import pyarrow.parquet as pq

    from casenotes.io import RecordWriter, read_records
    from casenotes.provenance import PARQUET_METADATA_KEY

    provenance = {"casenotes": "9.9", "model": "rules only"}
    for fmt in ("jsonl", "parquet"):
        path = tmp_path / f"out.{fmt}"
        with RecordWriter(path, fmt, provenance=provenance) as writer:
            writer.write([{"note_id": "a", "status": "ok"}, {"note_id": "b", "status": "error"}])
        records = list(read_records(path))
        assert len(records) == 2
        assert all(r["provenance"] in (provenance, _json.dumps(provenance)) for r in records)
    assert _json.loads(pq.read_schema(tmp_path / "out.parquet").metadata[PARQUET_METADATA_KEY]) == provenance
