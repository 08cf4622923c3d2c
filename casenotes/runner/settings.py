"""Settings, assembled once: ``BatchSpec`` says what runs (redactor, rules, classifier), ``RunOptions`` how the
input is read and the output written.

``BatchSpec.from_options`` is the one place the command-line options become a pipeline: ``casenotes run``,
``redact`` and ``extract``, ``casenotes evaluate --run``, the Python API (``casenotes.analyse``) and the
analyst notebook all build their spec with it, so they all run what ``casenotes run`` runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

#: ``model="auto"``: the shipped classifier when it is there, else the rules alone.
AUTO = "auto"


@dataclass
class RunOptions:
    id_col: str = "note_id"
    text_col: str = "text"
    case_col: str = "case_id"
    input_format: str | None = None
    output_format: str = "jsonl"
    encoding: str = "utf-8"
    chunk_size: int = 128
    progress: bool = True
    provenance: dict[str, Any] | None = None  # casenotes.provenance.build_provenance: written into every record


@dataclass
class BatchSpec:
    """What each worker builds. Picklable: sent once to every spawned worker.

    ``redactor_config`` None means no redaction (the text is passed through, as ``extract`` does).
    ``model`` is a classifier folder (``casenotes train``): extraction is then rules + classifier
    (``casenotes.classify.CombinedExtractor``), its weights in ``precision`` (``casenotes.classify.PRECISIONS``).
    """

    redactor_config: Any = None  # casenotes.redact.RedactorConfig
    people: dict[str, list[tuple[str, str]]] | None = None
    extract: bool = True
    lexicon: str | None = None
    model: str | None = None
    precision: str = "auto"

    @classmethod
    def from_options(cls, *, redact: bool = True, extract: bool = True,
                     people: str | Path | Mapping[str, list[tuple[str, str]]] | None = None,
                     spacy_model: str | None = None, dates: str = "keep", hmac_key: bytes | None = None,
                     lexicon: str | Path | None = None, recognizers: str | Path | None = None,
                     model: str | Path | None = AUTO, precision: str = "auto") -> "BatchSpec":
        """The spec for ``casenotes run``'s options (``redact=False``: ``extract``; ``extract=False``: ``redact``).

        ``people`` is a people table (CSV path, or ``load_people_table``'s mapping); ``model`` a classifier
        folder, ``"auto"`` for the shipped one when present, None for the rules alone; ``precision`` the
        number format of the learned models (the redaction tagger and the classifier alike). The council
        ``lexicon`` reaches extraction and the redactor's keep-list.

            >>> spec = BatchSpec.from_options(redact=False, model=None)
            >>> (spec.redactor_config, spec.extract, spec.model)
            (None, True, None)
        """
        config = None
        if redact:
            from casenotes.redact import RedactorConfig, load_people_table

            chosen = {"dates": dates, "hmac_key": hmac_key, "precision": precision,
                      "lexicon": _path(lexicon), "recognizers": _path(recognizers)}
            if spacy_model is not None:
                chosen["spacy_model"] = spacy_model
            config = RedactorConfig(**chosen)
            if isinstance(people, (str, Path)):
                people = load_people_table(Path(people))
        # the spec's lexicon is extraction's (and names the overlay in the provenance); the redactor has its own
        return cls(redactor_config=config, people=dict(people) if redact and people else None, extract=extract,
                   lexicon=_path(lexicon) if extract else None, model=resolve_model(model) if extract else None,
                   precision=precision)

    @classmethod
    def from_objects(cls, redactor=None, extractor=None, lexicon: str | Path | None = None,
                     model: str | Path | None = None, precision: str = "auto") -> "BatchSpec":
        """The spec that rebuilds an already-built redactor/extractor (and classifier folder) in each worker."""
        return cls(
            redactor_config=None if redactor is None else redactor.config,
            people=None if redactor is None else (redactor.people or None),
            extract=extractor is not None,
            lexicon=_path(lexicon),
            model=_path(model),
            precision=precision,
        )

    @property
    def redacts(self) -> bool:
        return self.redactor_config is not None

    def run_options(self, **options: Any) -> RunOptions:
        """``RunOptions`` whose records carry this spec's provenance."""
        return RunOptions(**options, provenance=self.provenance())

    def settings(self) -> dict[str, Any]:
        """The options that decide the output, kept in the checkpoint so that a resumed run cannot mix two
        settings in one file. No key and no names: only whether a key is used and how many cases are known."""
        config = self.redactor_config
        redaction = None
        if config is not None:
            redaction = {name: getattr(config, name, None) for name in ("spacy_model", "score_threshold", "dates", "entities")}
            redaction["keyed"] = getattr(config, "hmac_key", None) is not None
            redaction["tagger"] = config.tagger_folder() if hasattr(config, "tagger_folder") else None
            redaction["precision"] = getattr(config, "precision", None) if redaction["tagger"] else None
        settings = {"redaction": redaction, "people_cases": len(self.people or {}), "extract": self.extract,
                    "lexicon": self.lexicon, "model": self.model, "precision": self.precision if self.model else None,
                    "provenance": self.provenance()}  # a resumed run refuses other weights or another version
        return json.loads(json.dumps(settings, default=str))  # as it reads back from the checkpoint

    def provenance(self) -> dict[str, Any]:
        """What these settings run, for every output record (``casenotes.provenance``)."""
        from casenotes.provenance import build_provenance

        return build_provenance(self.redactor_config, self.extract, self.lexicon, self.model, self.precision,
                                people_table=bool(self.people))

    def build_redactor(self):
        from casenotes.redact import Redactor

        return None if self.redactor_config is None else Redactor(self.redactor_config, people=self.people)

    def build_finaliser(self):
        """What finalising needs (config, people, case memory) without the spaCy model: the pool's parent."""
        if self.redactor_config is None:
            return None
        from casenotes.redact import Finaliser

        return Finaliser(self.redactor_config, self.people)

    def build_extractor(self):
        """The rules ``Extractor``, or rules + classifier when ``model`` is set; None without extraction."""
        if not self.extract:
            return None
        from casenotes.extract import Extractor

        rules = Extractor(extra_lexicon=self.lexicon)
        if self.model is None:
            return rules
        from casenotes.classify import Classifier, CombinedExtractor

        return CombinedExtractor(rules, Classifier.load(self.model, precision=self.precision))


def resolve_model(model: str | Path | None) -> str | None:
    """A classifier folder as a string; ``"auto"``: the shipped one when it is there, else None (rules only)."""
    if model is None:
        return None
    if str(model) == AUTO:
        from casenotes.classify import DEFAULT_MODEL_DIR

        return str(DEFAULT_MODEL_DIR.resolve()) if (DEFAULT_MODEL_DIR / "labels.json").is_file() else None
    return str(model)


def _path(value: str | Path | None) -> str | None:
    return None if value is None else str(value)
