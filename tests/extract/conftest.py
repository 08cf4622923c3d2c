"""Extraction fixtures: one pipeline per session; spacy.blank only, no model download. Notes are fictional."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    from casenotes.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def expect_labels(extractor):
    """``expect_labels(group, text, present, absent)``: the note-level ``group`` (factors, needs, services) of
    ``text`` holds every label in ``present`` and none in ``absent``."""

    def check(group: str, text: str, present, absent) -> None:
        found = extractor.extract(text)[group]
        for label in present:
            assert label in found, f"{label!r} should be in the {group} of {text!r}; got {found}"
        for label in absent:
            assert label not in found, f"{label!r} should not be in the {group} of {text!r}; got {found}"

    return check


def concern(result: dict, kind: str = "factor") -> list[tuple]:
    return [(m["label"], m["status"], m["subject"]) for m in result["mentions"] if m["kind"] == kind]
