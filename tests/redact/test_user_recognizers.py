"""A recognizer a user adds in Presidio's registry YAML is used, and its entity redacted, without code changes;
--lexicon and --recognizers reach the redactor from the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from casenotes.cli import app
from casenotes.redact import Redactor, RedactorConfig
from casenotes.redact.entities import ENTITIES

COUNCIL_RECOGNIZERS = """\
recognizers:
  - name: SometownReferenceRecognizer
    supported_entity: SOMETOWN_REF
    patterns:
      - {name: sometown ref, regex: '\\bST\\.\\d{6}\\b', score: 0.9}
    context: [file, ref, reference]
"""
NOTE = "Sometown file ST.482910 opened for Jade Kowalczyk; seen with Mum."
COUNCIL_LEXICON = """\
services:
  new_services:
    - {service: Kestrelmoor Family Hub, aliases: [Kestrelmoor], sector: early help}
"""


@pytest.fixture(scope="module")
def recognizer_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("council") / "sometown_recognizers.yaml"
    path.write_text(COUNCIL_RECOGNIZERS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def council_redactor(recognizer_file):
    return Redactor(RedactorConfig(recognizers=str(recognizer_file), tagger=None))


@pytest.fixture(scope="module")
def rules_redactor():
    return Redactor(RedactorConfig(tagger=None))  # the same rules without the council's file


def test_when_user_adds_a_pattern_recognizer_then_its_entity_is_redacted(council_redactor):
    assert "SOMETOWN_REF" not in ENTITIES and "SOMETOWN_REF" not in council_redactor.config.entities  # nobody listed it
    result = council_redactor.redact(NOTE)
    assert result.redacted_text == "Sometown file [SOMETOWN_REF] opened for [PERSON_1]; seen with Mum."
    assert [(NOTE[s.start:s.end], s.type) for s in result.pii][0] == ("ST.482910", "SOMETOWN_REF")


def test_without_the_user_file_the_reference_stays(rules_redactor):
    assert rules_redactor.redact(NOTE).redacted_text == "Sometown file ST.482910 opened for [PERSON_1]; seen with Mum."


def test_cli_redact_takes_recognizers_and_lexicon(tmp_path, recognizer_file):
    source, output, lexicon = tmp_path / "notes.jsonl", tmp_path / "out.jsonl", tmp_path / "sometown.yaml"
    lexicon.write_text(COUNCIL_LEXICON, encoding="utf-8")
    source.write_text(json.dumps({"note_id": "a", "text": NOTE + " Referred to Kestrelmoor."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(output), "--quiet",
                                      "--recognizers", str(recognizer_file), "--lexicon", str(lexicon)])
    assert result.exit_code == 0, result.output
    record = json.loads(output.read_text(encoding="utf-8"))
    assert record["redacted_text"].endswith("opened for [PERSON_1]; seen with Mum. Referred to Kestrelmoor.")
    assert "ST.482910" not in record["redacted_text"] and "SOMETOWN_REF" in {span["type"] for span in record["pii"]}


@pytest.mark.parametrize("option, content, message", [
    ("--recognizers", "recognizers: [{name: NoSuchRecognizer, type: predefined}]\n", "NoSuchRecognizer"),
    ("--lexicon", "services: {add_aliases: {No such service: [x]}}\n", "unknown service"),
])
def test_cli_bad_recognizer_or_lexicon_file_is_a_message_not_a_traceback(tmp_path, option, content, message):
    source, bad = tmp_path / "notes.jsonl", tmp_path / "bad.yaml"
    source.write_text(json.dumps({"note_id": "a", "text": "x"}) + "\n", encoding="utf-8")
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(tmp_path / "out.jsonl"), option, str(bad)])
    assert result.exit_code != 0
    assert message in result.output and "bad.yaml" in result.output
    assert "Traceback" not in result.output


def test_cli_run_lexicon_reaches_the_redactor_keep_list_as_it_reaches_extraction(tmp_path, recognizer_file):
    source, output, lexicon = tmp_path / "notes.jsonl", tmp_path / "out.jsonl", tmp_path / "sometown.yaml"
    lexicon.write_text(COUNCIL_LEXICON, encoding="utf-8")
    source.write_text(json.dumps({"note_id": "a", "case_id": "C1", "text": "Referred to Kestrelmoor for parenting support."})
                      + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(source), "-o", str(output), "--quiet", "--rules-only",
                                      "--lexicon", str(lexicon), "--recognizers", str(recognizer_file)])
    assert result.exit_code == 0, result.output
    record = json.loads(output.read_text(encoding="utf-8"))
    assert record["redacted_text"] == "Referred to Kestrelmoor for parenting support."
    assert "Kestrelmoor Family Hub" in record["services"]
