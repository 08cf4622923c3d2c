"""recognizers.yaml is Presidio's recognizer-registry format, loaded by Presidio's RecognizerRegistryProvider."""

import inspect
import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402
from presidio_analyzer import EntityRecognizer  # noqa: E402
from presidio_analyzer.recognizer_registry import RecognizerRegistryProvider  # noqa: E402
from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader  # noqa: E402

import casenotes.redact.recognizers as recognizers_module  # noqa: E402
from casenotes.redact.engine import build_registry  # noqa: E402
from casenotes.redact.entities import DIRECT_IDENTIFIERS, PERSON, PLACEHOLDERS  # noqa: E402
from casenotes.redact.names import NAME_RECOGNIZERS  # noqa: E402
from casenotes.redact.engine import uk_recognizers  # noqa: E402
from casenotes.redact.recognizers import CASENOTES_RECOGNIZERS, REGISTRY_FILE, registry_configuration  # noqa: E402
from casenotes.redact.spacy_model import RedactionSetupError  # noqa: E402

PRESIDIO_CLASSES_BEFORE_RENAME = ("UkNinoRecognizer", "UkPostcodeRecognizer", "UkPassportRecognizer", "UkDrivingLicenceRecognizer")


def _presidio_class_names() -> set[str]:
    """Every EntityRecognizer subclass Presidio itself defines (not ours)."""
    return {cls.__name__ for cls in RecognizerListLoader.get_all_existing_recognizers()
            if cls.__module__.startswith("presidio_analyzer")}


def test_when_shipped_file_is_read_by_presidio_itself_then_every_entry_is_a_recognizer():
    path = inspect.getfile(recognizers_module).replace("__init__.py", REGISTRY_FILE)
    registry = RecognizerRegistryProvider(conf_file=path).create_recognizer_registry()  # Presidio's API, our file
    entries = [entry["name"] for entry in registry_configuration()["recognizers"] if entry.get("enabled", True)]
    assert [r.name for r in registry.recognizers] == entries
    assert len(entries) == len(set(entries)) == 22


def test_when_registry_built_then_each_name_is_the_casenotes_class_not_presidios():
    by_name = {r.name: r for r in build_registry().recognizers}
    for cls in (*CASENOTES_RECOGNIZERS, *NAME_RECOGNIZERS):
        assert type(by_name[cls.__name__]) is cls
    assert type(by_name["CasenotesUkNinoRecognizer"]).__module__.startswith("casenotes.")


def test_no_casenotes_recognizer_class_shares_a_name_with_a_presidio_class():
    presidio = _presidio_class_names()
    assert set(PRESIDIO_CLASSES_BEFORE_RENAME) <= presidio  # the clash this guards against is real
    ours = {cls.__name__ for cls in EntityRecognizer.__subclasses__() if cls.__module__.startswith("casenotes.")}
    ours |= {cls.__name__ for cls in (*CASENOTES_RECOGNIZERS, *NAME_RECOGNIZERS)}
    assert not ours & presidio


def test_old_names_stay_importable_as_aliases():
    from casenotes.redact.recognizers import UkNinoRecognizer, UkPostcodeRecognizer
    from casenotes.redact.recognizers.uk_nino_recognizer import UkNinoRecognizer as from_module

    assert UkNinoRecognizer is from_module is recognizers_module.CasenotesUkNinoRecognizer
    assert UkPostcodeRecognizer().name == "CasenotesUkPostcodeRecognizer"


def test_when_yaml_names_entities_then_they_match_recognizers_and_placeholders():
    by_name = {r.name: r for r in build_registry().recognizers}
    for entry in registry_configuration()["recognizers"]:
        entities = entry.get("supported_entities") or [entry["supported_entity"]]
        assert entities == by_name[entry["name"]].supported_entities
        assert set(entities) <= set(PLACEHOLDERS)


def test_when_all_enabled_then_every_direct_identifier_but_person_covered():
    covered = {e for r in uk_recognizers() for e in r.supported_entities}
    assert DIRECT_IDENTIFIERS - {PERSON} <= covered


def test_when_user_file_disables_a_shipped_recognizer_then_it_is_left_out(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("recognizers:\n  - {name: CasenotesUkPassportRecognizer, type: predefined, enabled: false}\n"
                    "  - {name: UrlRecognizer, type: predefined, enabled: false}\n", encoding="utf-8")
    names = [r.name for r in build_registry(user).recognizers]
    assert "CasenotesUkPassportRecognizer" not in names and "UrlRecognizer" not in names
    assert len(names) == 20


def test_when_user_file_adds_a_pattern_recognizer_then_registry_has_it_after_the_shipped_ones(tmp_path):
    user = tmp_path / "council.yaml"
    user.write_text(
        "recognizers:\n"
        "  - name: SometownReferenceRecognizer\n"
        "    supported_entity: SOMETOWN_REF\n"
        "    patterns: [{name: sometown ref, regex: '\\bST-\\d{6}\\b', score: 0.9}]\n", encoding="utf-8")
    recognizers = build_registry(user).recognizers
    assert recognizers[-1].name == "SometownReferenceRecognizer"
    assert recognizers[-1].supported_entities == ["SOMETOWN_REF"]
    assert [r.name for r in recognizers[:-1]] == [r.name for r in build_registry().recognizers]


@pytest.mark.parametrize("content, message", [
    ("recognizers: [{name: NoSuchRecognizer, type: predefined}]\n", "NoSuchRecognizer"),
    ("just: text\n", "recognizers"),
    ("recognizers: [{name: Bad, supported_entity: X, patterns: [{name: p, regex: '(', score: 0.5}]}]\n", "could not be built"),
    (": : not yaml [\n", "not a valid"),
])
def test_when_user_file_is_wrong_then_a_clear_error_names_the_file(tmp_path, content, message):
    user = tmp_path / "mine.yaml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(RedactionSetupError, match=message) as caught:
        build_registry(user)
    assert "mine.yaml" in str(caught.value)


def test_when_user_file_is_missing_then_a_clear_error():
    with pytest.raises(RedactionSetupError, match="not found"):
        build_registry("no/such/file.yaml")
