"""The extraction stage: redacted note text in, factors, needs, services and their evidence out.

    >>> from casenotes.extract import Extractor
    >>> Extractor().extract("MGM drinks heavily.")["factors"]
    ['1C']

The pipeline is a spaCy pipeline assembled from ``casenotes/extract/config.cfg``: a placeholder-aware
tokenizer, a sentencizer and three rule components; no statistical model runs, because redaction
already ran one on the original text. It can be saved and loaded like any spaCy pipeline:

    >>> import spacy, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> Extractor().to_disk(folder)                 # or build_pipeline().to_disk(folder)
    >>> Extractor(nlp=spacy.load(folder)).extract("MGM drinks heavily.")["factors"]
    ['1C']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_model_from_config, registry

from casenotes.extract.components import PIPE_NAMES, assemble_pipeline
from casenotes.extract.results import mentions_of, note_level, settle_subtypes
from casenotes.extract.rule_matcher import RuleComponent
from casenotes.extract.subject import NOTE_OPENING, SubjectResolver
from casenotes.extract.target import bundled_target_rules, taxonomy_rules
from casenotes.segments import OPENING_CHARS, split_segments
from casenotes.taxonomy import Taxonomy

#: Notes longer than this are read in segments (see ``Extractor.pipe``); ordinary notes are one segment.
MAX_SEGMENT_CHARS = 20_000

__all__ = ["Extractor", "build_pipeline", "target_rules", "PIPE_NAMES", "MAX_SEGMENT_CHARS"]


def target_rules(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Rules generated from the taxonomy lexicon (and overlays), then the bundled disambiguation rules."""
    return taxonomy_rules(taxonomy) + bundled_target_rules()


def build_pipeline(taxonomy: Taxonomy | None = None, *, lexicon: str | Path | None = None) -> Language:
    """The extraction pipeline from the shipped ``config.cfg``, initialized: its rules loaded.

    taxonomy (Taxonomy | None): use this taxonomy object instead of the one the config loads.
    lexicon (path | None): a council overlay on the bundled taxonomy (the config's ``[paths] lexicon``).
    """
    if taxonomy is not None and lexicon is not None:
        raise ValueError("give a taxonomy or a lexicon, not both")
    nlp = assemble_pipeline(lexicon)
    if taxonomy is None:
        nlp.initialize()
        return nlp
    # an object cannot travel through a config: the configured settings, with this taxonomy as the loader's result
    settings = registry.resolve(nlp.config.interpolate()["initialize"]["components"])
    for name, component_settings in settings.items():
        if "taxonomy" in component_settings:
            component_settings["taxonomy"] = lambda: taxonomy
        nlp.get_pipe(name).initialize(nlp=nlp, **component_settings)
    return nlp


def pipeline_taxonomy(nlp: Language) -> Taxonomy:
    """The taxonomy the pipeline's subject component keeps (labels and codes of its mentions come from it)."""
    subject = next((pipe for _, pipe in nlp.pipeline if isinstance(pipe, SubjectResolver)), None)
    if subject is None or subject.taxonomy is None:
        raise ValueError("not a casenotes extraction pipeline: no initialized casenotes_subject component")
    return subject.taxonomy


class Extractor:
    """Finds risk factors (CIN codes), needs (Supporting Families ids) and services in redacted notes.

    taxonomy (Taxonomy | None): defaults to the bundled one.
    extra_lexicon (path | None): a council overlay file (see casenotes/taxonomy/README.md).
    nlp (Language | None): an extraction pipeline already built, e.g. ``spacy.load`` of a saved one.
    """

    def __init__(self, taxonomy: Taxonomy | None = None, extra_lexicon: str | Path | None = None, *,
                 nlp: Language | None = None):
        if taxonomy is not None and extra_lexicon is not None:
            raise ValueError("give a taxonomy or an extra_lexicon, not both")
        if nlp is not None and (taxonomy is not None or extra_lexicon is not None):
            raise ValueError("a pipeline given as nlp keeps its own taxonomy: give nlp alone")
        self.nlp = nlp if nlp is not None else build_pipeline(taxonomy, lexicon=extra_lexicon)
        self.taxonomy = pipeline_taxonomy(self.nlp)
        self.spans_key = next(pipe.spans_key for _, pipe in self.nlp.pipeline if isinstance(pipe, SubjectResolver))

    @classmethod
    def load(cls, path: str | Path) -> "Extractor":
        """An extractor over a pipeline saved with ``Extractor.to_disk`` (or ``nlp.to_disk``)."""
        return cls(nlp=spacy.load(path))

    def to_disk(self, path: str | Path) -> None:
        """Save the pipeline, rules and taxonomy included; ``spacy.load(path)`` reads it back.

        Saved from a fresh copy: spaCy's vocabulary keeps every word of every note a pipeline has read,
        and a model file must hold none (``nlp.to_disk`` after reading notes would write them out).
        """
        clean = load_model_from_config(self.nlp.config, auto_fill=True)
        clean.tokenizer.from_bytes(self.nlp.tokenizer.to_bytes(exclude=["vocab"]), exclude=["vocab"])
        for name, pipe in self.nlp.pipeline:
            if isinstance(pipe, RuleComponent):
                clean.get_pipe(name).from_bytes(pipe.to_bytes())
        clean.to_disk(path)

    def extract(self, text: str) -> dict[str, Any]:
        """RETURNS (dict): factors, needs, services (sorted lists) and mentions (list of dicts)."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64, openings: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """A note longer than ``MAX_SEGMENT_CHARS`` is read in segments cut at line or sentence ends (rule
        matching slows faster than length on one huge doc); its mentions are joined with their offsets.
        Every segment reads the note's opening (whose note it is); ``openings`` gives it where a text is itself a
        stretch of a longer note."""
        texts = list(texts)
        openings = [text[:OPENING_CHARS] for text in texts] if openings is None else list(openings)
        pieces = [(note, offset, piece) for note, text in enumerate(texts)
                  for offset, piece in split_segments(text, MAX_SEGMENT_CHARS)]
        mentions: list[list[dict[str, Any]]] = [[] for _ in texts]
        docs = self.nlp.pipe((self._doc_of(piece, openings[note]) for note, _, piece in pieces), batch_size=batch_size)
        for (note, offset, _), doc in zip(pieces, docs):
            found = mentions_of(doc, self.taxonomy, self.spans_key)
            for mention in found if offset else ():
                mention["start"] += offset
                mention["end"] += offset
            mentions[note] += found
        for found in mentions:
            found = settle_subtypes(found, self.taxonomy)
            yield {**note_level(found, self.taxonomy), "mentions": found}

    def _doc_of(self, text: str, opening: str) -> Doc:
        doc = self.nlp.make_doc(text)
        doc.user_data[NOTE_OPENING] = opening
        return doc

    def result(self, doc: Doc) -> dict[str, Any]:
        mentions = settle_subtypes(mentions_of(doc, self.taxonomy, self.spans_key), self.taxonomy)
        return {**note_level(mentions, self.taxonomy), "mentions": mentions}
