"""uk_recognizers() and recognizers.yaml: one instance per enabled recognizer."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

import casenotes.redact.recognizers as recognizers_module  # noqa: E402
from casenotes.redact.entities import DIRECT_IDENTIFIERS, PERSON, PLACEHOLDERS  # noqa: E402
from casenotes.redact.recognizers import load_recognizer_config, uk_recognizers  # noqa: E402


@pytest.fixture(scope="module")
def config():
    return load_recognizer_config()


def test_when_default_config_then_one_instance_of_each_recognizer(config):
    recognizers = uk_recognizers()
    names = [r.name for r in recognizers]
    assert names == [entry["name"] for entry in config]
    assert len(set(names)) == len(names) == 17
    assert {"EmailRecognizer", "UrlRecognizer", "IpRecognizer"} <= set(names)
    assert all(r.supported_language == "en" for r in recognizers)


def test_when_yaml_lists_entities_then_they_match_recognizers_and_placeholders(config):
    by_name = {r.name: r for r in uk_recognizers()}
    for entry in config:
        assert set(entry) >= {"name", "entities", "enabled", "note"}
        assert entry["entities"] == by_name[entry["name"]].supported_entities
        assert set(entry["entities"]) <= set(PLACEHOLDERS)


def test_when_all_enabled_then_every_direct_identifier_but_person_covered():
    covered = {e for r in uk_recognizers() for e in r.supported_entities}
    assert DIRECT_IDENTIFIERS - {PERSON} <= covered


def test_when_entry_disabled_then_recognizer_left_out(monkeypatch, config):
    edited = [dict(entry) for entry in config]
    for entry in edited:
        if entry["name"] in {"UkPassportRecognizer", "UrlRecognizer"}:
            entry["enabled"] = False
    monkeypatch.setattr(recognizers_module, "load_recognizer_config", lambda: edited)
    names = {r.name for r in uk_recognizers()}
    assert "UkPassportRecognizer" not in names
    assert "UrlRecognizer" not in names
    assert len(names) == 15


def test_when_entry_names_unknown_class_then_error(monkeypatch):
    entry = {"name": "NoSuchRecognizer", "entities": ["X"], "enabled": True, "note": ""}
    monkeypatch.setattr(recognizers_module, "load_recognizer_config", lambda: [entry])
    with pytest.raises(ValueError, match="NoSuchRecognizer"):
        uk_recognizers()
