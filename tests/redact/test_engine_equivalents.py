"""The redaction model's attribute ruler and Presidio context enhancer are faster equivalents: they set and score
exactly what spaCy's and Presidio's own do."""

from __future__ import annotations

import spacy
from spacy.attrs import LEMMA, MORPH, POS, TAG

from casenotes.redact.engine import AnchoredAttributeRuler, CasenotesNlpEngine, with_anchored_attribute_ruler
from casenotes.redact.spacy_model import DEFAULT_SPACY_MODEL

NOTES = [
    "Ain't nobody at home when we called; Mum's gonna ring back tomorrow.",
    "Visited Kofi Mensah-Owusu (14) at 3 Fir Tree Road - he's been sleeping poorly and won't eat.",
    "  SW: Ms Zhang\n\nDad wanna come to the CIN meeting but can't; he'll send his views by email.",
]


def test_same_attributes_as_spacys_attribute_ruler():
    plain = spacy.load(DEFAULT_SPACY_MODEL, exclude=["parser"])
    anchored = with_anchored_attribute_ruler(spacy.load(DEFAULT_SPACY_MODEL, exclude=["parser"]))
    assert isinstance(anchored.get_pipe("attribute_ruler"), AnchoredAttributeRuler)
    assert anchored.pipe_names == plain.pipe_names
    for text in NOTES:
        expected, found = plain(text), anchored(text)
        for attr in (POS, TAG, LEMMA, MORPH):
            assert (found.to_array([attr]) == expected.to_array([attr])).all()


def test_the_redaction_engine_loads_it():
    engine = CasenotesNlpEngine()
    engine.load()
    assert isinstance(engine.nlp["en"].get_pipe("attribute_ruler"), AnchoredAttributeRuler)


def test_context_enhancer_scores_as_presidios():
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    from casenotes.redact import Redactor, RedactorConfig
    from casenotes.redact.engine import IndexedContextEnhancer

    texts = ["NHS number 943 476 5919 and phone 07700 900123; DOB 03/04/2015, Mosaic ref 2200451.",
             "Case number MA25C01234 at family court.\nHer snapchat is kez_2009 and her mobile is 07700900456."]
    redactor = Redactor(RedactorConfig(tagger=None))
    assert isinstance(redactor.analyzer.context_aware_enhancer, IndexedContextEnhancer)
    ours = redactor.detect(texts)
    redactor.analyzer.context_aware_enhancer = LemmaContextAwareEnhancer()
    assert redactor.detect(texts) == ours
    assert any(span.score > 0 for found in ours for span in found)
