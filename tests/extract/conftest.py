"""Extraction fixtures: one pipeline per session; spacy.blank only, no model download. Notes are fictional."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    from casenotes.extract import Extractor

    return Extractor()


def concern(result: dict, kind: str = "factor") -> list[tuple]:
    return [(m["label"], m["status"], m["subject"]) for m in result["mentions"] if m["kind"] == kind]
