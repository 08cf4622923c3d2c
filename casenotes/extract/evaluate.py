"""Moved to ``casenotes.evaluation.labels``; this name stays so existing imports keep working."""

from casenotes.evaluation.labels import CONTEXT_CLASSES, NOTE_FIELDS, match_mentions, score_mentions, score_notes  # noqa: F401
from casenotes.evaluation.labels import evaluate_extraction as evaluate  # noqa: F401
