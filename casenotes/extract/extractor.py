"""The extraction stage: redacted note text in, factors, needs, services and their evidence out.

    >>> from casenotes.extract import Extractor
    >>> Extractor().extract("MGM drinks heavily.")["factors"]
    ['1C']

The pipeline is ``spacy.blank("en")`` with a placeholder-aware tokenizer, a sentencizer and three
rule components; no statistical model runs, because redaction already ran one on the original text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from casenotes.extract import context as _context  # noqa: F401 - registers casenotes_context
from casenotes.extract import subject as _subject  # noqa: F401 - registers casenotes_subject
from casenotes.extract import tokenizer as _tokenizer  # noqa: F401 - registers the tokenizer
from casenotes.extract.context import bundled_context_rules
from casenotes.extract.results import mentions_of, note_level
from casenotes.extract.subject import bundled_subject_rules
from casenotes.extract.target import DEFAULT_SPANS_KEY, bundled_target_rules
from casenotes.segments import split_segments
from casenotes.taxonomy import Taxonomy, load_taxonomy

#: Notes longer than this are read in segments (see ``Extractor.pipe``); ordinary notes are one segment.
MAX_SEGMENT_CHARS = 20_000
PIPE_NAMES = ("sentencizer", "casenotes_target_matcher", "casenotes_context", "casenotes_subject")


def target_rules(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Rules generated from the taxonomy lexicon (and overlays), then the bundled disambiguation rules."""
    return [term.to_rule() for term in taxonomy.terms] + bundled_target_rules()


def build_pipeline(taxonomy: Taxonomy | None = None) -> Language:
    """The extraction pipeline, its rules loaded. Components are registered factories, so the same
    pipeline can be assembled from a config (see tests/extract/test_pipeline_config.py)."""
    taxonomy = taxonomy or load_taxonomy()
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "casenotes.placeholder_tokenizer.v1"}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("casenotes_target_matcher").add_rules(target_rules(taxonomy))
    nlp.add_pipe("casenotes_context").add_rules(bundled_context_rules())
    subject = nlp.add_pipe("casenotes_subject")
    subject.taxonomy = taxonomy
    subject.add_rules(bundled_subject_rules())
    return nlp


class Extractor:
    """Finds risk factors (CIN codes), needs (Supporting Families ids) and services in redacted notes.

    taxonomy (Taxonomy | None): defaults to the bundled one.
    extra_lexicon (path | None): a council overlay file (see casenotes/taxonomy/README.md).
    """

    def __init__(self, taxonomy: Taxonomy | None = None, extra_lexicon: str | Path | None = None):
        if taxonomy is not None and extra_lexicon is not None:
            raise ValueError("give a taxonomy or an extra_lexicon, not both")
        self.taxonomy = taxonomy or load_taxonomy(extra=extra_lexicon)
        self.nlp = build_pipeline(self.taxonomy)

    def extract(self, text: str) -> dict[str, Any]:
        """RETURNS (dict): factors, needs, services (sorted lists) and mentions (list of dicts)."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[dict[str, Any]]:
        """A note longer than ``MAX_SEGMENT_CHARS`` is read in segments cut at line or sentence ends (rule
        matching slows faster than length on one huge doc); its mentions are joined with their offsets."""
        texts = list(texts)
        pieces = [(note, offset, piece) for note, text in enumerate(texts)
                  for offset, piece in split_segments(text, MAX_SEGMENT_CHARS)]
        mentions: list[list[dict[str, Any]]] = [[] for _ in texts]
        docs = self.nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
        for (note, offset, _), doc in zip(pieces, docs):
            found = mentions_of(doc, self.taxonomy, DEFAULT_SPANS_KEY)
            for mention in found if offset else ():
                mention["start"] += offset
                mention["end"] += offset
            mentions[note] += found
        for found in mentions:
            yield {**note_level(found, self.taxonomy), "mentions": found}

    def result(self, doc: Doc) -> dict[str, Any]:
        mentions = mentions_of(doc, self.taxonomy, DEFAULT_SPANS_KEY)
        return {**note_level(mentions, self.taxonomy), "mentions": mentions}
