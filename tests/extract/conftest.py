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


def assert_kept_out(extractor, text: str, code: str) -> None:
    """``code`` is not in the note-level factors of ``text``, yet its words are found, as a mention of the same
    factor that is not current (evidence a model can learn from as a negative)."""
    result = extractor.extract(text)
    assert code not in result["factors"]
    assert any(status != "current" for label, status, _ in concern(result) if label[:-1] == code[:-1])


@pytest.fixture(scope="module")
def context_nlp():
    """A blank pipeline with a sentencizer and the bundled context rules."""
    import spacy

    from casenotes.extract.context import bundled_context_rules

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("casenotes_context").add_rules(bundled_context_rules())
    return nlp


def annotate(nlp, text: str, target: str, kind: str = "factor", category: str = "x"):
    """The context pipeline's span for ``target`` in ``text``, given as a target of ``kind`` and ``category``."""
    from casenotes.extract.target import DEFAULT_SPANS_KEY

    doc = nlp.make_doc(text)
    start = text.index(target)
    span = doc.char_span(start, start + len(target), label=category, kb_id=kind)
    doc.spans[DEFAULT_SPANS_KEY] = [span]
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc.spans[DEFAULT_SPANS_KEY][0]
