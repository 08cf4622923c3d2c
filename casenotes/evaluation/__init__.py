"""Evaluation in one place: extraction labels, mention context, redaction, fairness, TAB, comparisons.

Returns data and prints nothing; ``casenotes evaluate`` and ``casenotes.evaluation.report`` present it.

    >>> from casenotes.evaluation import evaluate, load_jsonl
    >>> result = evaluate(load_jsonl("eval/data/extraction_gold.jsonl"), load_jsonl("out/pred.jsonl"))  # doctest: +SKIP

Modules: ``metrics`` (the one metrics core: scikit-learn P/R/F1, bootstrap and paired-bootstrap intervals),
``labels`` (note-level labels, mention context, typical errors), ``redaction`` (every-letter span recall,
character precision, keep survival, TAB), ``fairness`` (names swapped, descriptions inserted),
``predictions`` (reading, joining and making predictions), ``evaluator`` (one whole evaluation),
``compare`` (two systems on the same notes), ``report`` (Markdown and the F1 chart), ``baselines``
(Presidio's default analyzer, for the ``eval/`` benchmarks).

**Privacy.** Nothing here returns original note text. Leaks are note id, type and offsets; per-note results
are note ids, label codes and identifier types. Evidence for typical errors is cut from ``redacted_text``
(or from a gold text that is itself redacted), and is withheld for any note with a known leak.
"""

from casenotes.evaluation.compare import compare, compare_files, intervals, paired_intervals
from casenotes.evaluation.evaluator import evaluate, evaluate_all, evaluate_files, per_note_results
from casenotes.evaluation.fairness import (
    DEMOGRAPHIC_INSERTS,
    fairness,
    fairness_from_runs,
    fairness_variants,
    insert_description,
    label_changes,
    name_pools,
    swap_names,
)
from casenotes.evaluation.labels import (
    CODE,
    CONTEXT_CLASSES,
    EVIDENCE_CHARS,
    FIELD_KIND,
    NO_LETTER,
    NOTE_FIELDS,
    code_letter,
    evaluate_extraction,
    kept_out,
    label_sort_key,
    match_mentions,
    score_context,
    score_labels,
    score_mentions,
    score_notes,
    snippet,
    subject_confusion,
    typical_errors,
)
from casenotes.evaluation.metrics import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    METRICS,
    bootstrap_indices,
    bootstrap_prf,
    difference_interval,
    multilabel_scores,
    percentile_interval,
    prf,
    prf_from_counts,
)
from casenotes.evaluation.predictions import gold_is_redacted, join_predictions, load_jsonl, run_predictions, system_extractor, system_spec
from casenotes.evaluation.redaction import (
    casenotes_spans,
    character_scores,
    keep_survival,
    leaks_by_type,
    score_pii,
    score_redaction,
    score_tab,
    score_tab_folder,
)
from casenotes.evaluation.report import render_compare, render_markdown, write_report

__all__ = [
    "CODE", "CONTEXT_CLASSES", "DEFAULT_RESAMPLES", "DEFAULT_SEED", "DEMOGRAPHIC_INSERTS", "EVIDENCE_CHARS", "FIELD_KIND",
    "METRICS", "NOTE_FIELDS", "NO_LETTER", "bootstrap_indices", "bootstrap_prf", "casenotes_spans", "character_scores",
    "code_letter", "compare", "compare_files", "difference_interval", "evaluate", "evaluate_all", "evaluate_extraction",
    "evaluate_files", "fairness", "fairness_from_runs", "fairness_variants", "gold_is_redacted", "insert_description",
    "intervals", "join_predictions", "keep_survival", "kept_out", "label_changes", "label_sort_key", "leaks_by_type",
    "load_jsonl", "match_mentions", "multilabel_scores", "name_pools", "paired_intervals", "per_note_results",
    "percentile_interval", "prf", "prf_from_counts", "render_compare", "render_markdown", "run_predictions",
    "score_context", "score_labels", "score_mentions", "score_notes", "score_pii", "score_redaction", "score_tab",
    "score_tab_folder", "snippet", "subject_confusion", "swap_names", "system_extractor", "system_spec", "typical_errors",
    "write_report",
]
