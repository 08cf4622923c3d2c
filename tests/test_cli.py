"""The CLI: every command documented, end-to-end runs on small files, clear errors without tracebacks."""

from __future__ import annotations

import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from casenotes.cli import app
from casenotes.io import read_records

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_and_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in get_command(app).commands[command].help


def write_notes(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_redact_writes_one_record_per_note(tmp_path, redactor):
    source, output = tmp_path / "notes.jsonl", tmp_path / "out.jsonl"
    write_notes(source, [
        {"note_id": "a", "case_id": "C1", "text": "Mum Kerry Smith rang from 07700 900123, NHS no 999 876 5439."},
        {"note_id": "b", "case_id": "C1", "text": ""},
        {"note_id": "a", "case_id": "C1", "text": "duplicate"},
    ])
    result = runner.invoke(app, ["redact", str(source), "-o", str(output), "--quiet"])
    assert result.exit_code == 0, result.output
    records = read_jsonl(output)
    assert [r["status"] for r in records] == ["ok", "error", "error"]
    assert "07700" not in records[0]["redacted_text"] and "Kerry" not in records[0]["redacted_text"]
    assert records[0]["redacted_text"].startswith("Mum [PERSON_1]")
    assert records[0]["case_id"] == "C1"
    assert "2 errors" in result.output


def test_cli_missing_column_is_an_error_message_not_a_traceback(tmp_path):
    source = tmp_path / "notes.csv"
    source.write_text("id,body\n1,hello\n")
    result = runner.invoke(app, ["redact", str(source), "-o", str(tmp_path / "o.jsonl"), "--quiet"])
    assert result.exit_code == 3
    assert "no column 'note_id'" in result.output and "Traceback" not in result.output


def test_cli_bad_people_table_names_the_row(tmp_path):
    notes, people = tmp_path / "notes.csv", tmp_path / "people.csv"
    notes.write_text("note_id,text\n1,hello\n")
    people.write_text("case_id,name,role\nC1,Secret Name,auntie\n")
    result = runner.invoke(app, ["redact", str(notes), "--people", str(people), "--quiet"])
    assert result.exit_code == 3 and "row 2" in result.output and "Secret" not in result.output


def test_cli_hmac_key_must_be_set(tmp_path, monkeypatch):
    notes = tmp_path / "notes.csv"
    notes.write_text("note_id,text\n1,hello\n")
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    result = runner.invoke(app, ["redact", str(notes), "--hmac-key-env", "NO_SUCH_KEY_VAR", "--quiet"])
    assert result.exit_code == 2 and "NO_SUCH_KEY_VAR" in result.output


def test_cli_check_reports_residual_identifiers_without_text(tmp_path, redactor):
    output = tmp_path / "leaky.jsonl"
    write_notes(output, [
        {"note_id": "n1", "status": "ok", "redacted_text": "[PERSON_1] rang from 07700 900123", "pii": []},
        {"note_id": "n2", "status": "ok", "redacted_text": "[PERSON_1] rang from [PHONE]", "pii": []},
    ])
    result = runner.invoke(app, ["redact", str(output), "--check", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "UK_PHONE" in result.output and "n1" in result.output
    assert "07700" not in result.output
    report = json.loads((tmp_path / "leaky.leaks.json").read_text())
    assert report["note_ids_by_type"] == {"UK_PHONE": ["n1"]}


def test_cli_run_on_the_bundled_sample_notes(tmp_path, redactor):
    output = tmp_path / "sample.jsonl"
    result = runner.invoke(app, ["run", "examples/sample_notes.csv", "--people", "examples/people.csv",
                                 "-o", str(output), "--quiet"])
    assert result.exit_code == 0, result.output
    records = read_jsonl(output)
    assert len(records) == 36 and all(r["status"] == "ok" for r in records)
    assert any(r["factors"] for r in records) and any("[MOTHER]" in r["redacted_text"] for r in records)
    for record in records:
        for mention in record["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(record["redacted_text"])


def test_cli_extract_reads_redacted_output(tmp_path):
    source, output = tmp_path / "redacted.jsonl", tmp_path / "extracted.jsonl"
    write_notes(source, [{"note_id": "x", "redacted_text": "Dad hit mum in front of the children. No concerns re alcohol."}])
    result = runner.invoke(app, ["extract", str(source), "-o", str(output), "--quiet"])
    assert result.exit_code == 0, result.output
    [record] = read_jsonl(output)
    assert "3B" in record["factors"] and "1B" not in record["factors"]


def test_cli_parquet_output(tmp_path, redactor):
    import pyarrow.parquet as pq

    source, output = tmp_path / "notes.csv", tmp_path / "out.parquet"
    source.write_text('note_id,case_id,text\n1,C1,"Mum rang from 07700 900123"\n2,C1,\n')
    result = runner.invoke(app, ["redact", str(source), "-o", str(output), "--format", "parquet", "--quiet"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(output).to_pylist()
    assert [r["status"] for r in table] == ["ok", "error"] and table[0]["redacted_text"] == "Mum rang from [PHONE]"


def test_cli_bad_lexicon_is_an_error_message(tmp_path):
    source, lexicon = tmp_path / "redacted.jsonl", tmp_path / "extra.yaml"
    write_notes(source, [{"note_id": "x", "redacted_text": "Mum drinks"}])
    lexicon.write_text("nonsense_key: 1\n")
    result = runner.invoke(app, ["extract", str(source), "--lexicon", str(lexicon), "--quiet"])
    assert result.exit_code == 3 and "unknown key" in result.output and "Traceback" not in result.output


def test_cli_run_with_a_bad_lexicon_is_an_error_message_before_any_note(tmp_path):
    notes, lexicon = tmp_path / "in.jsonl", tmp_path / "extra.yaml"
    write_notes(notes, [{"note_id": "1", "text": "Mum drinks"}])
    lexicon.write_text("nonsense_key: 1\n")
    result = runner.invoke(app, ["run", str(notes), "--lexicon", str(lexicon), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert result.exit_code == 3 and "unknown key" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_run_creates_the_default_out_folder_on_a_fresh_checkout(tmp_path, monkeypatch):
    """The README's first command writes out/<input>.notes.jsonl where no out/ exists yet."""
    notes = tmp_path / "in.jsonl"
    write_notes(notes, [{"note_id": "1", "text": "Dad hit mum."}])
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", str(notes), "-q"])
    assert result.exit_code == 0, result.output
    assert len(list(read_records(tmp_path / "out" / "in.notes.jsonl"))) == 1


def test_cli_run_to_an_unwritable_place_is_an_error_message(tmp_path):
    notes, blocker = tmp_path / "in.jsonl", tmp_path / "a_file"
    write_notes(notes, [{"note_id": "1", "text": "Dad hit mum."}])
    blocker.write_text("")
    result = runner.invoke(app, ["run", str(notes), "-o", str(blocker / "out.jsonl"), "-q"])
    assert result.exit_code == 4 and "cannot write" in result.output and "Traceback" not in result.output


def test_cli_train_with_a_missing_base_model_is_an_error_message(tmp_path):
    result = runner.invoke(app, ["train", "--base-model", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 2 and "config.json missing" in result.output and "Traceback" not in result.output


def test_cli_train_with_an_unknown_setting_is_an_error_message(tmp_path):
    config = tmp_path / "old.json"
    config.write_text(json.dumps({"epochs": 1, "evaluate_quantized": True}))
    result = runner.invoke(app, ["train", "--config", str(config), "--out", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 2 and "unknown settings evaluate_quantized" in result.output and "Traceback" not in result.output


def test_cli_run_rejects_an_unknown_precision(tmp_path):
    notes = tmp_path / "in.jsonl"
    write_notes(notes, [{"note_id": "1", "text": "Dad hit mum."}])
    result = runner.invoke(app, ["run", str(notes), "--precision", "fp16", "-q"])
    assert result.exit_code == 2 and "fp16" in result.output and "Traceback" not in result.output


def test_cli_run_with_a_missing_spacy_model_is_an_error_message(tmp_path):
    notes = tmp_path / "in.jsonl"
    write_notes(notes, [{"note_id": "1", "text": "Dad hit mum."}])
    result = runner.invoke(app, ["run", str(notes), "--spacy-model", "no_such_model_xx", "-q"])
    assert result.exit_code == 2 and "not installed" in result.output and "Traceback" not in result.output


def test_json_summary_is_the_only_stdout_and_records_carry_provenance(tmp_path):
    """--json: one JSON object on stdout for scripts, messages on stderr; every record names what made it."""
    source = tmp_path / "redacted.jsonl"
    write_notes(source, [{"note_id": "a", "redacted_text": "Dad hit mum last week, police called. Referred to Early Help."},
                         {"note_id": "b", "redacted_text": ""}])
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(tmp_path / "out.jsonl"), "--rules-only",
                                      "--text-col", "redacted_text", "-q", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # fails if anything else was printed to stdout
    assert (summary["notes"], summary["ok"], summary["errors"]) == (2, 1, 1)
    assert summary["provenance"]["model"] == "rules only" and summary["provenance"]["taxonomy"]
    records = read_jsonl(tmp_path / "out.jsonl")
    assert all(record["provenance"] == summary["provenance"] for record in records)
    tables = CliRunner().invoke(app, ["aggregate", str(tmp_path / "out.jsonl"), "-d", str(tmp_path / "ind"), "--json"])
    assert tables.exit_code == 0, tables.output
    assert "child_indicators" in json.loads(tables.stdout)["internal"]
