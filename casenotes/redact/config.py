"""``RedactorConfig``: how to redact. Read by the ``Finaliser`` (placeholders) and the ``Redactor`` (detection)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from casenotes.redact.entities import ENTITIES
from casenotes.redact.spacy_model import DEFAULT_SPACY_MODEL

DateHandling = Literal["keep", "month"]
#: The shipped learned tagger. Here, not in ``tagger`` (which imports Presidio and, through it, transformers): the
#: batch parent asks for it to record provenance, and that import took it 4-8 s before it started the workers.
DEFAULT_TAGGER_DIR = Path(__file__).resolve().parents[2] / "models" / "casenotes-pii-tagger"


@dataclass(frozen=True)
class RedactorConfig:
    """How to redact. ``hmac_key`` is held in memory only and never printed."""

    spacy_model: str = DEFAULT_SPACY_MODEL
    score_threshold: float = 0.4
    dates: DateHandling = "keep"
    hmac_key: bytes | None = field(default=None, repr=False)
    entities: tuple[str, ...] = ENTITIES
    #: spaCy slows and its memory grows on very long texts; longer notes are analysed in pieces.
    max_segment_chars: int = 5_000  # a long note in pieces: memory stays flat (20,000 peaked at 2.7 GB for 1 MB)
    batch_size: int = 32
    batch_chars: int = 100_000  # fewer notes per spaCy batch when they are long (results do not depend on it)
    max_cases_remembered: int = 20_000
    #: The learned tagger's folder ("auto": the shipped models/casenotes-pii-tagger when present; None: rules only).
    tagger: str | None = "auto"
    #: The tagger's number format (casenotes.classify.PRECISIONS): "auto" is bf16 where the CPU has native bf16
    #: (3.7x faster on the dev authors, same recall: 14 of 2,565 spans differ), else fp32.
    precision: str = "auto"
    #: A council lexicon overlay (``--lexicon``): its services and aliases join the keep-list, as they join extraction.
    lexicon: str | None = None
    #: Extra recognizers in Presidio's recognizer-registry YAML (``--recognizers``), added to the shipped ones;
    #: the entities they find are redacted too.
    recognizers: str | None = None

    def tagger_folder(self) -> str | None:
        if self.tagger != "auto":
            return self.tagger
        return str(DEFAULT_TAGGER_DIR) if (DEFAULT_TAGGER_DIR / "tagger.json").is_file() else None
