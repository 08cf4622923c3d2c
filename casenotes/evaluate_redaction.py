"""Moved to ``casenotes.evaluation.redaction`` (and ``.baselines``); this name stays so existing imports keep working."""

from casenotes.evaluation.baselines import DEFAULT_SPACY_MODEL, presidio_default_analyzer, presidio_spans  # noqa: F401
from casenotes.evaluation.redaction import (  # noqa: F401
    TITLE_PATTERN,
    UNSPECIFIED,
    GoldSpan,
    Span,
    casenotes_spans,
    character_scores,
    coverage_mask,
    fully_covered,
    keep_survival,
    leaks,
    non_space_mask,
    score_redaction,
    score_tab,
    touched,
)
