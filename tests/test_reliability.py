"""Failures a hostile tester found (issue 17): nothing lost, nothing leaked, nothing hung. Each test fails on the
code before its fix. Every note here is fictional; the planted name and marker must never reach a side file."""

from __future__ import annotations

import json
import threading

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from casenotes.batch import BatchSpec, OutputChangedError, checkpoint_path, run_batch
from casenotes.cli import EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE, app
from casenotes.io import InputError, OutputLockedError, output_lock, read_records
from casenotes.pipeline import RunOptions

runner = CliRunner()
PLANTED = "Zorabelle Quintavos"


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_run_refuses_to_write_over_its_input(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("note_id,text\n1,Dad hit mum.\n2,Mum drinks.\n", encoding="utf-8")
    before = source.read_bytes()
    for command in ("run", "redact", "extract"):
        result = runner.invoke(app, [command, str(source), "-o", str(source), "-q"])
        assert result.exit_code == EXIT_USAGE and "is the input file" in result.output
    assert source.read_bytes() == before


def test_a_header_less_csv_never_shows_its_first_row(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f"1,{PLANTED} was hit by dad\n2,other note\n", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(source), "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert result.exit_code == EXIT_INPUT and "header" in result.output
    assert "Zorabelle" not in result.output


def test_control_bytes_from_a_header_never_reach_the_terminal(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id\x1b[31m,body\n1,hello\n", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(source), "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert result.exit_code == EXIT_INPUT and "\x1b" not in result.output


def test_parquet_keeps_extraction_columns_when_the_first_note_is_an_error(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": ""}, {"note_id": "2", "text": "Dad hit mum."}])
    output = tmp_path / "out.parquet"
    run_batch(source, output, RunOptions(progress=False, output_format="parquet"), BatchSpec(extract=True))
    names = pq.ParquetFile(output).schema_arrow.names
    assert {"factors", "needs", "services", "mentions"} <= set(names)
    rows = list(read_records(output))
    assert rows[0]["status"] == "error" and "3B" in rows[1]["factors"]


def _interrupted_run(tmp_path, spec, rows=6):
    """A checkpoint as an interrupted run leaves it: the first chunk written, the rest to do."""
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"note_id": str(i), "case_id": "C1", "text": f"Mum {PLANTED} said dad hit her, note {i}."} for i in range(rows)])
    output = tmp_path / "out.jsonl"
    options = RunOptions(progress=False, chunk_size=2)
    stop_after = {"chunks": 0}
    original = BatchSpec.build_redactor

    class Stop(Exception):
        pass

    def counting_build(self):
        redactor = original(self)
        detect = redactor.detect

        def limited(texts):
            stop_after["chunks"] += 1
            if stop_after["chunks"] > 2:
                raise KeyboardInterrupt
            return detect(texts)

        redactor.detect = limited
        return redactor

    BatchSpec.build_redactor = counting_build
    try:
        with pytest.raises(KeyboardInterrupt):
            run_batch(source, output, options, spec, checkpoint_seconds=0.0)
    finally:
        BatchSpec.build_redactor = original
    return source, output, options


@pytest.fixture()
def redaction_spec():
    from casenotes.redact import RedactorConfig

    return BatchSpec(redactor_config=RedactorConfig(), extract=False)


def test_checkpoint_and_side_files_hold_no_names(tmp_path, redaction_spec):
    source, output, _ = _interrupted_run(tmp_path, redaction_spec)
    side_files = [p for p in tmp_path.iterdir() if p not in (source, output)]
    assert checkpoint_path(output) in side_files
    for path in side_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "Zorabelle" not in text and "Quintavos" not in text and "zorabelle" not in text.lower()


def test_resume_after_an_interruption_equals_an_uninterrupted_run(tmp_path, redaction_spec):
    source, output, options = _interrupted_run(tmp_path, redaction_spec)
    run_batch(source, output, options, redaction_spec, resume=True)
    whole = tmp_path / "whole.jsonl"
    run_batch(source, whole, options, redaction_spec)
    assert output.read_bytes() == whole.read_bytes()
    assert not checkpoint_path(output).exists()


def test_resume_refuses_another_people_table_key_or_case_column(tmp_path, redaction_spec):
    from dataclasses import replace

    source, output, options = _interrupted_run(tmp_path, redaction_spec)
    people = BatchSpec(redactor_config=redaction_spec.redactor_config, extract=False,
                       people={"C1": [("Someone Else", "mother")]})
    keyed = BatchSpec(redactor_config=replace(redaction_spec.redactor_config, hmac_key=b"another key"), extract=False)
    for spec, opts in ((people, options), (keyed, options), (redaction_spec, replace(options, case_col="family"))):
        with pytest.raises(InputError, match="other settings"):
            run_batch(source, output, opts, spec, resume=True)


def test_resume_refuses_an_input_edited_in_place_at_the_same_size(tmp_path, redaction_spec):
    import os

    source, output, options = _interrupted_run(tmp_path, redaction_spec)
    stat = source.stat()
    source.write_bytes(source.read_bytes().replace(b"note 1.", b"note 9."))
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime: only the content says
    with pytest.raises(InputError, match="different input file, or the input changed"):
        run_batch(source, output, options, redaction_spec, resume=True)


def test_resume_refuses_an_output_someone_else_truncated(tmp_path, redaction_spec):
    source, output, options = _interrupted_run(tmp_path, redaction_spec)
    output.write_bytes(output.read_bytes()[:10])
    with pytest.raises(InputError, match="not the output this checkpoint wrote"):
        run_batch(source, output, options, redaction_spec, resume=True)


def test_two_runs_cannot_write_one_output(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": "Dad hit mum."}])
    output = tmp_path / "out.jsonl"
    with output_lock(output):
        with pytest.raises(OutputLockedError):
            run_batch(source, output, RunOptions(progress=False), BatchSpec(extract=True))
        result = runner.invoke(app, ["extract", str(source), "-o", str(output), "--text-col", "text", "-q"])
        assert result.exit_code == EXIT_OUTPUT and "another casenotes run" in result.output
    assert run_batch(source, output, RunOptions(progress=False), BatchSpec(extract=True)).notes == 1


def test_an_output_truncated_during_the_run_is_reported(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": "Dad hit mum."} for i in range(6)])
    output = tmp_path / "out.jsonl"
    spec = BatchSpec(extract=True)
    original = spec.build_extractor

    def sabotaging_extractor():
        extractor = original()
        pipe = extractor.pipe
        calls = {"n": 0}

        def pipe_then_truncate(texts, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                with output.open("r+b") as handle:
                    handle.truncate(5)
            return pipe(texts, *args, **kwargs)

        extractor.pipe = pipe_then_truncate
        return extractor

    spec.build_extractor = sabotaging_extractor
    with pytest.raises(OutputChangedError):
        run_batch(source, output, RunOptions(progress=False, chunk_size=2), spec, checkpoint_seconds=0.0)


def test_indicator_csvs_carry_no_spreadsheet_formulas(tmp_path):
    from casenotes.aggregate import aggregate

    records = write_jsonl(tmp_path / "notes.jsonl", [
        {"note_id": str(i), "status": "ok", "factors": ["3B"], "needs": [], "services": [], "date": "2025-01-03",
         "team": '=HYPERLINK("http://example.org")', "area": "+cmd|' /C calc'!A0", "child_id": f"@c{i}"}
        for i in range(8)])
    aggregate(records, tmp_path / "ind")
    for path in (tmp_path / "ind").glob("*.csv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                assert not cell.strip('"').startswith(("=", "+", "@")), (path.name, cell)


@pytest.mark.parametrize("rows", [
    [{"note_id": "1", "status": "ok", "factors": [], "needs": [], "services": [], "date": "2025-01-03"}],
    [{"note_id": "1", "status": "ok", "factors": ["3B"], "needs": [], "services": []}],
])
def test_aggregate_without_indicators_or_dates_writes_tables(tmp_path, rows):
    from casenotes.aggregate import aggregate

    tables = aggregate(write_jsonl(tmp_path / "notes.jsonl", rows), tmp_path / "ind")
    assert int(tables["data_quality"].set_index("measure").loc["notes", "count"]) == 1


def test_aggregate_on_an_empty_file_is_a_message(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = runner.invoke(app, ["aggregate", str(empty), "-d", str(tmp_path / "ind")])
    assert result.exit_code == EXIT_INPUT and "holds no notes" in result.output


def test_report_on_a_team_name_with_dollar_signs(tmp_path):
    records = write_jsonl(tmp_path / "notes.jsonl", [
        {"note_id": str(i), "status": "ok", "factors": ["3B"], "needs": ["domestic_abuse"], "services": [],
         "date": f"2025-0{1 + i % 3}-03", "team": "$x^{$North", "child_id": f"c{i}"} for i in range(30)])
    result = runner.invoke(app, ["report", str(records), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output


def test_evaluate_on_original_text_without_pii_quotes_no_names(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"note_id": f"n{i}", "text": f"{PLANTED} said dad hit mum and she drinks every day.", "factors": ["4B"],
         "needs": [], "services": []} for i in range(3)])
    out = tmp_path / "eval"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--run", "--out", str(out), "--bootstrap", "20"])
    assert result.exit_code == 0, result.output
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".jsonl", ".md"):
            assert "Zorabelle" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("text", [
    "NHS 999  123   4012 noted", "nhs 999.123.4012", "nhs 999/123/4012", "no. 999 1234 012 on file",
    "9 9 9 1 2 3 4 0 1 2 given", "NHS no 999 123\n4012 on file", "NHS ９９９ １２３ ４０１２",
])
def test_nhs_numbers_however_written_are_redacted_and_checked(fresh_redactor, text):
    result = fresh_redactor.redact(text)
    assert "[NHS_NUMBER]" in result.redacted_text
    assert fresh_redactor.scan([text]) != [[]]  # the leak check sees the unredacted form too


@pytest.mark.parametrize("text", ["lives LS11-5AB now", "postcode ＬＳ１１ ５ＡＢ", "postcode LS11 5АВ", "at LS11  5AB"])
def test_postcodes_with_other_separators_full_width_or_lookalike_letters(fresh_redactor, text):
    assert "[POSTCODE]" in fresh_redactor.redact(text).redacted_text


def test_folding_keeps_offsets_and_leaves_cyrillic_names_alone():
    from casenotes.redact.normalise import fold

    for text in ("LS11 5АВ", "Иван said", "９９９", "café ﬁne"):
        assert len(fold(text)) == len(text)
    assert fold("LS11 5АВ") == "LS11 5AB" and fold("Иван said").startswith("Иван")


@pytest.mark.parametrize("body, expected", [
    ('1,"Mum said hello\n2,normal note\n3,"another" note\n4,fine\n5,last\n', ["error", "2", "3", "4", "5"]),
    ('1,"Mum said hello\n2,normal note\n3,Note ending with a quote"\n4,fine\n', ["error", "2", "error", "4"]),
    ('1,"Line one\nNFA,closed\nline three"\n2,ok\n', ["1", "2"]),
])
def test_an_unclosed_quote_never_swallows_the_notes_after_it(tmp_path, body, expected):
    from casenotes.io import read_notes

    source = tmp_path / "in.csv"
    source.write_text("note_id,text\n" + body, encoding="utf-8")
    notes = list(read_notes(source))
    assert [n.note_id if n.problem is None else "error" for n in notes] == expected
    assert all("Mum" not in (n.problem or "") for n in notes)


@pytest.mark.parametrize("lexicon, message", [
    ('factors:\n  alcohol_misuse:\n    - {pattern: [{TEXT: {REGEX: "^(a+)+$"}}]}\n', "is not allowed"),
    ('factors:\n  alcohol_misuse:\n    - {pattern: [{TEXT: {REGEX: "(ab"}}]}\n', "not a valid regular expression"),
    ('a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n', "aliases"),
])
def test_a_hostile_lexicon_is_refused_with_a_message(tmp_path, lexicon, message):
    path = tmp_path / "lex.yaml"
    path.write_text(lexicon, encoding="utf-8")
    notes = tmp_path / "in.csv"
    notes.write_text("note_id,text\n1,Dad hit mum.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(notes), "-o", str(tmp_path / "o.jsonl"), "--lexicon", str(path), "-q"])
    assert result.exit_code == EXIT_INPUT and message in result.output and "Traceback" not in result.output


def test_unknown_encoding_bad_people_table_and_damaged_checkpoint_are_messages(tmp_path):
    notes = tmp_path / "in.csv"
    notes.write_text("note_id,text\n1,Dad hit mum.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(notes), "-o", str(tmp_path / "o.jsonl"), "--encoding", "nope", "-q"])
    assert result.exit_code == EXIT_USAGE and "unknown encoding" in result.output
    people = tmp_path / "people.csv"
    people.write_bytes("case_id,name,role\nC1,Zoé,mother\n".encode("latin-1"))
    result = runner.invoke(app, ["run", str(notes), "-o", str(tmp_path / "o.jsonl"), "--people", str(people), "-q"])
    assert result.exit_code == EXIT_INPUT and "not UTF-8" in result.output
    output = tmp_path / "o2.jsonl"
    output.write_text("")
    checkpoint_path(output).write_text("{not json")
    result = runner.invoke(app, ["run", str(notes), "-o", str(output), "--resume", "-q"])
    assert result.exit_code == EXIT_INPUT and "damaged" in result.output and "Traceback" not in result.output


def test_a_note_over_the_per_note_limit_is_an_error_record_and_the_rest_go_on(tmp_path, monkeypatch):
    from casenotes import io

    monkeypatch.setattr(io, "MAX_NOTE_CHARS", 1_000)
    source = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "big", "text": "Dad hit mum. " * 100},
                                                 {"note_id": "small", "text": "Dad hit mum."}])
    records = [run_batch(source, tmp_path / "o.jsonl", RunOptions(progress=False), BatchSpec(extract=True)),
               list(read_records(tmp_path / "o.jsonl"))][1]
    assert records[0]["status"] == "error" and "per-note limit" in records[0]["error"]
    assert records[1]["status"] == "ok" and "3B" in records[1]["factors"]


def test_extraction_of_a_long_note_reads_it_in_segments_with_the_same_mentions():
    from casenotes.extract import Extractor
    from casenotes.extract import extractor as module

    note = "Mum said dad hit her last night. No concerns re alcohol. School nurse involved.\n"
    text = note * 40
    whole = Extractor().extract(text)
    original = module.MAX_SEGMENT_CHARS
    module.MAX_SEGMENT_CHARS = 500
    try:
        pieces = Extractor().extract(text)
    finally:
        module.MAX_SEGMENT_CHARS = original
    assert pieces == whole


def test_a_found_surname_written_again_in_lower_case_is_redacted_when_it_speaks(fresh_redactor):
    result = fresh_redactor.redact("Mum Kerry Brown rang. Later brown said she was fine. Her brown coat was wet.")
    assert result.redacted_text == "Mum [PERSON_1] rang. Later [PERSON_1] said she was fine. Her brown coat was wet."


def test_a_placeholder_in_the_text_is_never_redacted_again(fresh_redactor):
    """Found by the fuzz soak: '[PERSON_2]' followed by a control character became '[[PERSON_1]_2]'."""
    once = fresh_redactor.redact("Seen at home. X\x00b said no.").redacted_text
    assert fresh_redactor.redact(once).redacted_text == once
    text = "Visit. [PERSON_2]\x00b and [CHILD_1] came; NHS [NHS_NUMBER]."
    assert fresh_redactor.redact(text).redacted_text == text
