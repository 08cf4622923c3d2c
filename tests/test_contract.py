"""The contract between stages (casenotes.contract): one placeholder grammar, one code order, no import cycles."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest

from casenotes import contract

PACKAGE = Path(contract.__file__).resolve().parent

#: What each reader of placeholders accepted before the grammar had one home; the shared grammar must keep
#: the tokenizer's (the extraction pipeline saved to disk carries it).
TOKENIZER_BEFORE = re.compile(r"\[[A-Z][A-Z_]*[0-9]*(?::[0-9a-f]+)?\]")


def _bracketed() -> list[str]:
    """Short bracketed strings over the characters the grammar cares about, and what casenotes writes."""
    alphabet = ["A", "Z", "_", "1", "0", ":", "a", "f", "g", "x", " "]
    pieces = ["".join(chars) for size in range(0, 4) for chars in itertools.product(alphabet, repeat=size)]
    written = ["PERSON_1", "PERSON_12", "MOTHER", "CHILD_2", "NHS_NUMBER", "NHS_NUMBER:3fa9c2", "DATE_OF_BIRTH",
               "CASE_REF:0a", "POSTCODE", "person_1", "PERSON_1A", "PERSON-1", "A1B", "COVID19"]
    return [f"[{piece}]" for piece in pieces + written]


def test_the_grammar_is_the_tokenizers():
    for text in _bracketed():
        assert contract.is_placeholder(text) == bool(TOKENIZER_BEFORE.fullmatch(text)), text


def test_every_pattern_agrees_with_the_grammar():
    for text in _bracketed():
        whole = contract.is_placeholder(text)
        assert bool(contract.PLACEHOLDER_TOKEN.match(text)) == whole, text
        assert bool(re.match(contract.OPEN_BRACKET_NOT_PLACEHOLDER, text)) == (not whole), text
        if contract.placeholder_parts(text) is not None:
            assert whole, text
    assert contract.PLACEHOLDER_TOKEN.match("[PERSON_1]'s") is None  # anchored: the tokenizer splits "'s" off


@pytest.mark.parametrize("text, parts", [
    ("[PERSON_2]", ("PERSON", "2")), ("[MOTHER]", ("MOTHER", None)), ("[CHILD_1]", ("CHILD", "1")),
    ("[NHS_NUMBER:3fa9c2]", ("NHS_NUMBER", None)), ("[PERSON2]", None), ("[mum]", None), ("PERSON_2", None),
])
def test_placeholder_parts(text, parts):
    assert contract.placeholder_parts(text) == parts


def test_what_the_redactor_writes_is_a_placeholder():
    from casenotes.redact.entities import PLACEHOLDERS, ROLES

    for label in list(PLACEHOLDERS.values()) + [role.upper() for role in ROLES]:
        assert contract.is_placeholder(f"[{label}]") and contract.is_placeholder(f"[{label}_3]"), label
        assert contract.is_placeholder(f"[{label}:0123456789ab]"), label


def test_cin_codes_sort_by_number():
    assert sorted(["10A", "2B", "1B", "1A", "22A", "9C"], key=contract.code_sort_key) == ["1A", "1B", "2B", "9C", "10A", "22A"]
    from casenotes.taxonomy import code_sort_key

    assert code_sort_key is contract.code_sort_key


def test_kind_and_field_maps_are_one():
    from casenotes.classify import data
    from casenotes.evaluation import labels
    from casenotes import review

    assert contract.KIND_FIELD == {"factor": "factors", "need": "needs", "service": "services"}
    assert data.KIND_FIELD is review.NOTE_FIELDS is labels.KIND_FIELD is contract.KIND_FIELD
    assert labels.NOTE_FIELDS == contract.LABEL_FIELDS == ("factors", "needs", "services")


def test_error_kind_and_records():
    assert contract.error_kind("row 3: redaction failed (ValueError); the note was not processed") == "redaction failed"
    note = contract.InputNote(4, "n4", "text", {"team": "East", "status": "not ours"})
    record = contract.base_record(note)
    assert record["status"] == "ok" and record["team"] == "East"  # a contract field wins over a pass-through column
    contract.fail(record, "row 4: broke")
    assert (record["status"], record["redacted_text"], record["pii"]) == ("error", None, [])


def test_the_schemas_agree():
    schema = contract.output_schema(["team", "row"], extract=True)
    assert schema.names == [*contract.CORE_FIELDS, "team", *contract.EXTRACTION_FIELDS]
    example = contract.arrow_schema(dict.fromkeys(schema.names))
    assert example == schema
    from casenotes import records

    assert records.KNOWN_TYPES is contract.known_types()


def _imports(path: Path, module: str, modules: set[str]) -> set[str]:
    """casenotes modules ``path`` imports anywhere (functions too), by ``ast``."""
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def test_no_import_cycles():
    paths = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {module: _imports(path, module, set(paths)) for module, path in paths.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False

    assert sorted(module for module in graph if reaches(module, module)) == []
    assert "casenotes.records" not in graph["casenotes.io"] and "casenotes.io" not in graph["casenotes.records"]
    assert graph["casenotes.contract"] == set()
