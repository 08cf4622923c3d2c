"""Evaluation in one place: extraction labels, mention context, redaction, fairness, TAB, comparisons.

Returns data and prints nothing; ``casenotes evaluate`` and ``casenotes.evaluate_report`` present it.
The two stage scorers are reused, not copied: ``casenotes.extract.evaluate`` (note-level labels and
mention matching) and ``casenotes.evaluate_redaction`` (every-letter span recall, character
precision, keep survival, TAB). Every figure is computed with ``sklearn.metrics``.

**Confidence intervals.** Notes are resampled with replacement (``resamples`` times, seeded
``numpy`` RNG) and the sklearn metric is recomputed on each resample; the interval is the 2.5th and
97.5th percentile. All resamples are scored in one ``precision_recall_fscore_support`` call: each
resample's scored cells (a note x label pair where the gold or the prediction says yes, or a gold
identifier span) become rows of a sparse multilabel matrix whose column is (resample, label), so
sklearn's per-column counts are the per-resample counts. A label absent from a resample (no gold,
no prediction) is undefined there (``zero_division=nan``) and left out of that label's percentiles.
Macro averages per resample are the mean over the gold labels present in that resample
(precision 0 when a label is never predicted), as sklearn's ``average="macro"`` on those columns.

**Privacy.** Nothing here returns original note text. Leaks are note id, type and offsets.
Evidence for typical errors is cut from ``redacted_text`` (or from a gold text that is itself
redacted), and is withheld for any note with a known leak.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from casenotes.evaluate_redaction import score_redaction, score_tab
from casenotes.extract.evaluate import NOTE_FIELDS, match_mentions, score_mentions, score_notes
from casenotes.io import read_records
from casenotes.redact.entities import DIRECT_IDENTIFIERS, PERSON

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 0
METRICS = ("precision", "recall", "f1")
FIELD_KIND = {"factors": "factor", "needs": "need", "services": "service"}
#: the letter of a CIN code says who: A child, B parent/carer, C other household member
CODE = re.compile(r"(\d+)([A-Z]?)")
NO_LETTER = "-"
EVIDENCE_CHARS = 60
#: Descriptions inserted after a note's first name for the fairness check (name -> inserted text).
DEMOGRAPHIC_INSERTS = {
    "black_british": ", who is Black British,",
    "muslim_family": ", from a Muslim family,",
    "polish_speaking": ", who is Polish-speaking,",
    "wheelchair_user": ", who is a wheelchair user,",
    "gay": ", who is gay,",
}


# -- loading and joining ------------------------------------------------------------------------
def load_jsonl(path: Path | str, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of a JSONL or Parquet file (gold set or casenotes output), the first ``limit`` if given."""
    records = []
    for record in read_records(path):
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records


def join_predictions(gold: Sequence[Mapping], predicted: Iterable[Mapping]) -> tuple[list[dict], list[str], list[str]]:
    """Predictions aligned to gold by ``note_id``.

    RETURNS: (aligned predictions, ids missing from the predictions, ids whose prediction is an
        error record). A missing or failed note becomes an empty prediction, so it counts as all missed.
    """
    by_id = {str(record.get("note_id")): dict(record) for record in predicted}
    aligned, missing, failed = [], [], []
    for record in gold:
        note_id = str(record["note_id"])
        found = by_id.get(note_id)
        if found is None or found.get("status", "ok") != "ok":
            (missing if found is None else failed).append(note_id)
            found = {"note_id": note_id}
        aligned.append({"pii": [], "mentions": [], **{field: [] for field in NOTE_FIELDS}, "redacted_text": "",
                        **{k: v for k, v in found.items() if v is not None}})
    return aligned, missing, failed


# -- bootstrap ----------------------------------------------------------------------------------
def bootstrap_indices(n_notes: int, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> np.ndarray:
    """(resamples, n_notes) note indices drawn with replacement by a seeded generator."""
    return np.random.default_rng(seed).integers(0, n_notes, size=(resamples, n_notes))


def bootstrap_prf(note: np.ndarray, group: np.ndarray, truth: np.ndarray, guess: np.ndarray, n_groups: int,
                  indices: np.ndarray) -> dict[str, np.ndarray]:
    """Per-resample precision, recall, F1 and support of each group, in one sklearn call.

    note, group, truth, guess (arrays, one entry per scored cell): the note a cell belongs to, its
        group (a label, or an average), and the gold and predicted 0/1. A cell may be repeated
        with another group.
    indices (array): ``bootstrap_indices`` output.
    RETURNS: ``{"precision", "recall", "f1", "support"}``, each shaped (resamples, n_groups);
        undefined values are nan.
    """
    resamples, n_notes = indices.shape
    order = np.argsort(note, kind="stable")
    group, truth, guess = group[order], truth[order], guess[order]
    per_note = np.bincount(note, minlength=n_notes)
    starts = np.concatenate([[0], np.cumsum(per_note)[:-1]])
    drawn = indices.ravel()
    lengths = per_note[drawn]
    total = int(lengths.sum())
    if total == 0:
        nan = np.full((resamples, n_groups), np.nan)
        return {"precision": nan, "recall": nan, "f1": nan, "support": np.zeros((resamples, n_groups))}
    offsets = np.cumsum(lengths) - lengths
    cells = np.repeat(starts[drawn] - offsets, lengths) + np.arange(total)
    resample = np.repeat(np.repeat(np.arange(resamples), n_notes), lengths)
    columns = resample * n_groups + group[cells]
    shape = (total, resamples * n_groups)

    def matrix(values: np.ndarray) -> sparse.csr_matrix:
        rows = np.flatnonzero(values[cells])
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, columns[rows])), shape=shape)

    precision, recall, f1, support = precision_recall_fscore_support(
        matrix(truth), matrix(guess), average=None, zero_division=np.nan)
    shaped = lambda values: np.asarray(values, dtype=float).reshape(resamples, n_groups)  # noqa: E731
    return {"precision": shaped(precision), "recall": shaped(recall), "f1": shaped(f1), "support": shaped(support)}


def _interval(values: np.ndarray) -> list[float] | None:
    values = values[~np.isnan(values)]
    if not len(values):
        return None
    low, high = np.percentile(values, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


def _intervals(scores: Mapping[str, np.ndarray], column: int) -> dict[str, list[float] | None]:
    return {metric: _interval(scores[metric][:, column]) for metric in METRICS}


def _macro(scores: Mapping[str, np.ndarray], columns: Sequence[int]) -> dict[str, list[float] | None]:
    """Per-resample macro over the given label columns present in the resample (precision nan -> 0)."""
    if not len(columns):
        return {metric: None for metric in METRICS}
    present = scores["support"][:, columns] > 0
    result = {}
    for metric in METRICS:
        values = np.nan_to_num(scores[metric][:, columns], nan=0.0)
        counts = present.sum(axis=1)
        means = np.where(counts > 0, (values * present).sum(axis=1) / np.maximum(counts, 1), np.nan)
        result[metric] = _interval(means)
    return result


# -- note-level labels --------------------------------------------------------------------------
def _label_cells(gold: Sequence[Mapping], predicted: Sequence[Mapping], labels: Sequence[str]):
    """Cells (note, label column, gold 0/1, predicted 0/1) where gold or prediction says yes."""
    column = {label: i for i, label in enumerate(labels)}
    note, group, truth, guess = [], [], [], []
    for i, (g, p) in enumerate(zip(gold, predicted)):
        wanted = {f"{field}:{label}" for field in NOTE_FIELDS for label in g.get(field) or []}
        found = {f"{field}:{label}" for field in NOTE_FIELDS for label in p.get(field) or []}
        for label in sorted(wanted | found):
            note.append(i), group.append(column[label]), truth.append(label in wanted), guess.append(label in found)
    return (np.array(note, dtype=int), np.array(group, dtype=int), np.array(truth, dtype=bool), np.array(guess, dtype=bool))


def score_labels(gold: Sequence[Mapping], predicted: Sequence[Mapping], resamples: int = DEFAULT_RESAMPLES,
                 seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Per-label and averaged P/R/F1 of factors, needs and services, each with a bootstrap 95% CI.

    RETURNS: ``per_label`` (``"factors:4B"`` -> precision, recall, f1, support, predicted, ci) and
        ``averages`` (``all``, ``factors``, ``needs``, ``services`` -> ``micro`` and ``macro``; macro
        is over labels with gold support, the honest figure when a label is only ever predicted).
    """
    notes = score_notes(gold, predicted)
    labels = sorted(notes["per_label"])
    per_label = {label: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in notes["per_label"][label].items()}
                 for label in labels}
    averages: dict[str, Any] = {}
    for scope in ("all", *NOTE_FIELDS):
        fields = NOTE_FIELDS if scope == "all" else (scope,)
        if scope != "all" and not any(g.get(scope) or p.get(scope) for g, p in zip(gold, predicted)):
            continue
        scored = score_notes(gold, predicted, fields)
        averages[scope] = {"micro": _rounded(scored["micro"]), "macro": _rounded(scored["macro_gold_labels"]),
                           "macro_all_labels": _rounded(scored["macro"])}
    if resamples and labels and gold:
        note, group, truth, guess = _label_cells(gold, predicted, labels)
        scopes = list(averages)
        # micro: the same cells again, grouped by scope instead of by label
        in_scope = [(s, i) for s, scope in enumerate(scopes) for i, g in enumerate(group)
                    if scope == "all" or labels[g].startswith(scope + ":")]
        micro_rows = np.array([i for _, i in in_scope], dtype=int)
        micro_group = np.array([len(labels) + s for s, _ in in_scope], dtype=int)
        scores = bootstrap_prf(np.concatenate([note, note[micro_rows]]), np.concatenate([group, micro_group]),
                               np.concatenate([truth, truth[micro_rows]]), np.concatenate([guess, guess[micro_rows]]),
                               len(labels) + len(scopes), bootstrap_indices(len(gold), resamples, seed))
        for i, label in enumerate(labels):
            per_label[label]["ci"] = _intervals(scores, i)
        for s, scope in enumerate(scopes):
            averages[scope]["micro"]["ci"] = _intervals(scores, len(labels) + s)
            gold_columns = [i for i, label in enumerate(labels) if per_label[label]["support"] > 0
                            and (scope == "all" or label.startswith(scope + ":"))]
            averages[scope]["macro"]["ci"] = _macro(scores, gold_columns)
    return {"notes": len(gold), "per_label": per_label, "averages": averages}


def _rounded(scores: Mapping[str, float]) -> dict[str, Any]:
    return {metric: round(float(scores[metric]), 4) for metric in METRICS}


# -- mention context ----------------------------------------------------------------------------
def code_letter(code: str) -> str:
    """'4B' -> 'B'; a code without a subject letter ('20') -> '-'."""
    match = CODE.fullmatch(code)
    return (match.group(2) or NO_LETTER) if match else NO_LETTER


def subject_confusion(gold: Sequence[Mapping], predicted: Sequence[Mapping], taxonomy) -> dict[str, Any]:
    """Confusion between the A/B/C letters of factor mentions matched on group and overlap, per factor group."""
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for g_note, p_note in zip(gold, predicted):
        factors = lambda note: [m for m in note.get("mentions") or [] if m["kind"] == "factor"]  # noqa: E731
        matched, _, _ = match_mentions(factors(g_note), factors(p_note), taxonomy)
        for g, p in matched:
            group = taxonomy.group_of(g["label"])
            pairs[group.id if group else g["label"]].append((code_letter(g["label"]), code_letter(p["label"])))
    result = {}
    for group_id in sorted(pairs):
        truth, guess = zip(*pairs[group_id])
        letters = sorted(set(truth) | set(guess))
        with warnings.catch_warnings():  # one letter only: a 1x1 matrix is the right answer
            warnings.simplefilter("ignore", UserWarning)
            matrix = confusion_matrix(truth, guess, labels=letters)
        result[group_id] = {"letters": letters, "matrix": matrix.tolist(), "matched": len(truth),
                            "agreement": round(float(np.trace(matrix) / matrix.sum()), 4)}
    return result


def kept_out(gold: Sequence[Mapping], predicted: Sequence[Mapping]) -> dict[str, Any]:
    """How often a label the gold note evidences only as negated, hypothetical or historical (so it is not in the
    gold note-level set) stays out of the predicted set: the share of such (note, label) pairs, by class."""
    field_of = {"factor": "factors", "need": "needs", "service": "services"}
    outcomes: dict[str, list[bool]] = defaultdict(list)
    for g, p in zip(gold, predicted):
        for mention in g.get("mentions") or []:
            field = field_of.get(mention.get("kind"))
            classes = [c for c in ("negated", "hypothetical", "historical") if mention.get(c)]
            if field and classes and mention["label"] not in g.get(field, []):
                outcomes[classes[0]].append(mention["label"] not in (p.get(field) or []))
    every = [kept for values in outcomes.values() for kept in values]
    summary = {cls: {"kept_out": round(sum(v) / len(v), 4), "n": len(v)} for cls, v in sorted(outcomes.items())}
    summary["all"] = {"kept_out": round(sum(every) / len(every), 4) if every else None, "n": len(every)}
    return summary


def score_context(gold: Sequence[Mapping], predicted: Sequence[Mapping], taxonomy) -> dict[str, Any]:
    """Mention detection, context classes, subject and service status (``score_mentions``) plus the A/B/C confusion."""
    predicted = [{**p, "mentions": p.get("mentions") or []} for p in predicted]
    result = score_mentions(gold, predicted, taxonomy)
    result["subject_confusion"] = subject_confusion(gold, predicted, taxonomy)
    return result


# -- redaction ----------------------------------------------------------------------------------
def _pii_spans(record: Mapping) -> list[tuple[int, int, str]]:
    return [(int(s["start"]), int(s["end"]), str(s.get("type", ""))) for s in record.get("pii") or []]


def score_pii(gold: Sequence[Mapping], predicted: Sequence[Mapping], resamples: int = DEFAULT_RESAMPLES,
              seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """``score_redaction`` on the predictions' ``pii`` offsets, with CIs on overall, direct and PERSON recall."""
    spans = [_pii_spans(p) for p in predicted]
    result = score_redaction(gold, spans)
    if resamples and gold:
        leaked = {(leak["note_id"], leak["start"], leak["end"], leak["type"]) for leak in result["leaks"]}
        scopes = ("overall", "direct_identifiers", PERSON)
        note, group, caught = [], [], []
        for i, record in enumerate(gold):
            for span in record.get("pii") or []:
                hit = (str(record["note_id"]), int(span["start"]), int(span["end"]), span["type"]) not in leaked
                for s, scope in enumerate(scopes):
                    if scope == "overall" or (scope == PERSON and span["type"] == PERSON) or (
                            scope == "direct_identifiers" and span["type"] in DIRECT_IDENTIFIERS):
                        note.append(i), group.append(s), caught.append(hit)
        if note:
            scores = bootstrap_prf(np.array(note), np.array(group), np.ones(len(note), dtype=bool), np.array(caught),
                                   len(scopes), bootstrap_indices(len(gold), resamples, seed))
            for s, scope in enumerate(scopes):
                target = result["per_type"].get(PERSON) if scope == PERSON else result[scope]
                if target and target.get("support"):
                    target["recall_ci"] = _interval(scores["recall"][:, s])
    return result


def leaks_by_type(leaks: Sequence[Mapping]) -> dict[str, dict[str, Any]]:
    """Missed identifiers counted per type, with the note ids (never the text)."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for leak in leaks:
        grouped[leak["type"]].append(leak["note_id"])
    return {kind: {"count": len(ids), "note_ids": sorted(set(ids))} for kind, ids in sorted(grouped.items())}


# -- typical errors -----------------------------------------------------------------------------
def snippet(text: str, start: int, end: int, width: int = EVIDENCE_CHARS) -> str:
    """A window of already-redacted text around ``[start, end)``, the mention marked with ``**``."""
    left, right = max(0, start - width), min(len(text), end + width)
    before = text[left:start].split(" ", 1)[-1] if left > 0 else text[left:start]
    after = text[end:right].rsplit(" ", 1)[0] if right < len(text) else text[end:right]
    flat = lambda s: " ".join(s.split())  # noqa: E731
    return ("..." if left > 0 else "") + flat(before) + " **" + flat(text[start:end]) + "** " + flat(after) + (
        "..." if right < len(text) else "")


def typical_errors(gold: Sequence[Mapping], predicted: Sequence[Mapping], per_label: Mapping[str, Mapping],
                   worst: int = 5, examples: int = 3, gold_text_redacted: bool = True,
                   withheld: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The ``worst`` labels by F1 (support or predictions > 0) with their false negatives and positives.

    Each error is a note id, plus up to ``examples`` evidence snippets per label: a false positive
    from the prediction's ``redacted_text`` around its mention, a false negative from the gold
    text around the gold mention only when ``gold_text_redacted``. Notes in ``withheld`` (a known
    leak) give ids but no evidence.
    """
    withheld = set(withheld)
    ranked = sorted((label for label, s in per_label.items() if s["support"] or s["predicted"]),
                    key=lambda label: (per_label[label]["f1"], -per_label[label]["support"], label))
    result = []
    for label in ranked[:worst]:
        field, name = label.split(":", 1)
        kind = FIELD_KIND[field]
        entry: dict[str, Any] = {"label": label, "f1": per_label[label]["f1"], "support": per_label[label]["support"],
                                 "false_negatives": [], "false_positives": [], "evidence": []}
        for g, p in zip(gold, predicted):
            note_id = str(g["note_id"])
            missed, extra = name in (g.get(field) or []), name in (p.get(field) or [])
            if missed == extra:
                continue
            source, text = (g, g.get("text", "")) if missed else (p, p.get("redacted_text", ""))
            entry["false_negatives" if missed else "false_positives"].append(note_id)
            usable = note_id not in withheld and text and (gold_text_redacted or not missed)
            mention = next((m for m in source.get("mentions") or [] if m["kind"] == kind and m["label"] == name), None)
            if usable and mention and len(entry["evidence"]) < examples:
                entry["evidence"].append({"note_id": note_id, "error": "missed" if missed else "false positive",
                                          "redacted_evidence": snippet(text, mention["start"], mention["end"])})
        result.append(entry)
    return result


# -- whole evaluation ---------------------------------------------------------------------------
def gold_is_redacted(gold: Sequence[Mapping]) -> bool:
    """A gold set holds redacted text (extraction gold) when it has no ``pii`` and its texts carry casenotes
    placeholders; with ``pii``, or with neither, it is taken as original text: redacted before it is run,
    and never quoted in a report (a file of original notes without ``pii`` must not leak names)."""
    from casenotes.redact.redactor import PLACEHOLDER_PATTERN

    if any("pii" in record for record in gold):
        return False
    return any(PLACEHOLDER_PATTERN.search(str(record.get("text") or "")) for record in gold)


def evaluate(gold: Sequence[Mapping], predicted: Iterable[Mapping], resamples: int = DEFAULT_RESAMPLES,
             seed: int = DEFAULT_SEED, taxonomy=None) -> dict[str, Any]:
    """Score predictions (casenotes output records) against a gold set, joined on ``note_id``.

    Scores whatever the gold set holds: ``factors``/``needs``/``services`` -> ``labels``; ``mentions``
    in a redacted gold text -> ``context``; ``pii`` in an original text -> ``redaction``. Sections
    that cannot be scored carry a ``skipped`` reason.
    """
    aligned, missing, failed = join_predictions(gold, predicted)
    result: dict[str, Any] = {"notes": len(gold), "missing_predictions": missing, "failed_predictions": failed,
                              "bootstrap": {"resamples": resamples, "seed": seed, "interval": "2.5-97.5 percentile"}}
    redacted_gold = gold_is_redacted(gold)
    withheld: set[str] = set()
    if any("pii" in record for record in gold):
        redaction = score_pii(gold, aligned, resamples, seed)
        redaction["leaks_by_type"] = leaks_by_type(redaction["leaks"])
        withheld = {leak["note_id"] for leak in redaction["leaks"]}
        result["redaction"] = redaction
    else:
        result["redaction"] = {"skipped": "the gold set has no pii spans"}
        if not redacted_gold:  # original text with no pii spans: no way to know a prediction is clean, quote none
            withheld = {str(record.get("note_id")) for record in gold}
    if any(field in record for record in gold for field in NOTE_FIELDS):
        labels = score_labels(gold, aligned, resamples, seed)
        labels["worst"] = typical_errors(gold, aligned, labels["per_label"], gold_text_redacted=redacted_gold,
                                         withheld=withheld)
        if any(record.get("mentions") for record in gold):
            labels["kept_out"] = kept_out(gold, aligned)
        result["labels"] = labels
    else:
        result["labels"] = {"skipped": "the gold set has no factors, needs or services"}
    if not any("mentions" in record for record in gold):
        result["context"] = {"skipped": "the gold set has no mention spans"}
    elif not redacted_gold:
        result["context"] = {"skipped": "gold mention offsets point into original text, predictions into redacted text"}
    else:
        if taxonomy is None:
            from casenotes.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        result["context"] = score_context(gold, aligned, taxonomy)
    return result


def evaluate_files(gold_path: Path, pred_path: Path, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                   limit: int | None = None) -> dict[str, Any]:
    gold = load_jsonl(gold_path, limit)
    result = evaluate(gold, load_jsonl(pred_path), resamples, seed)
    result["gold"], result["predictions"] = str(gold_path), str(pred_path)
    return result


# -- running casenotes --------------------------------------------------------------------------
def system_extractor(model: str | Path | None = None, precision: str = "auto"):
    """The extraction ``casenotes run`` ships: the rules, plus the classifier in ``model`` when one is given."""
    from casenotes.extract import Extractor

    rules = Extractor()
    if model is None:
        return rules
    from casenotes.classify import Classifier, CombinedExtractor

    return CombinedExtractor(rules, Classifier.load(model, precision=precision))


def run_predictions(gold: Sequence[Mapping], output: Path, redactor=None, extractor=None) -> list[dict[str, Any]]:
    """Run casenotes on the gold texts (``process_file``), writing its output to ``output``.

    A gold set holding original text (with ``pii``) goes through the redactor then the extractor;
    one holding redacted text goes through the extractor only. The input is a temporary file,
    deleted afterwards.
    """
    import json

    from casenotes.pipeline import RunOptions, process_file

    if redactor is None and not gold_is_redacted(gold):
        from casenotes.redact import Redactor

        redactor = Redactor()
    if extractor is None:
        from casenotes.extract import Extractor

        extractor = Extractor()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "gold_texts.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for record in gold:
                row = {"note_id": record["note_id"], "text": record["text"], "case_id": record.get("case_id")}
                handle.write(json.dumps(row) + "\n")
        process_file(source, output, RunOptions(progress=False), redactor=redactor, extractor=extractor)
    return load_jsonl(output)


def score_tab_folder(folder: Path, redactor=None, limit: int | None = None) -> dict[str, Any]:
    """casenotes recall per TAB entity type on a folder in the TAB layout (``texts.json``, ``manual_mentions.json``).

    Leaks are counted per type; offsets are not kept (TAB has thousands).
    """
    import json

    from casenotes.evaluate_redaction import casenotes_spans

    texts = json.loads((Path(folder) / "texts.json").read_text(encoding="utf-8"))
    mentions = json.loads((Path(folder) / "manual_mentions.json").read_text(encoding="utf-8"))
    doc_ids = list(texts)[:limit] if limit is not None else list(texts)
    texts = {doc_id: texts[doc_id] for doc_id in doc_ids}
    if redactor is None:
        from casenotes.redact import Redactor

        redactor = Redactor()
    spans = casenotes_spans([texts[d] for d in doc_ids], redactor)
    result = score_tab(texts, mentions, dict(zip(doc_ids, spans)))
    result["leaks"] = dict(Counter(leak["type"] for leak in result["leaks"]))
    result["folder"] = str(folder)
    return result


# -- fairness -----------------------------------------------------------------------------------
def _stable(value: str) -> int:
    return int(hashlib.sha256(value.encode("utf-8")).hexdigest()[:8], 16)


def _edit(record: Mapping, edits: Sequence[tuple[int, int, str]], **changes) -> dict[str, Any]:
    """Apply non-overlapping (start, end, replacement) edits to a gold record, moving its span offsets."""
    text, pieces, cursor = record["text"], [], 0
    for start, end, replacement in sorted(edits):
        pieces += [text[cursor:start], replacement]
        cursor = end
    pieces.append(text[cursor:])

    def moved(position: int, is_end: bool) -> int:
        # an edit ending at or before the position moves it, except an insertion right at a span's end
        return position + sum(len(replacement) - (end - start) for start, end, replacement in edits
                              if end < position or (end == position and not (is_end and start == end)))

    out = {**record, "text": "".join(pieces), **changes}
    for key in ("pii", "keep"):
        if key in record:
            out[key] = [{**s, "start": moved(int(s["start"]), False), "end": moved(int(s["end"]), True)}
                        for s in record[key]]
    return out


def name_pools(gold: Sequence[Mapping]) -> dict[str, dict[str, list[str]]]:
    """The gold set's own PERSON strings by origin and form (held in memory only, never written)."""
    pools: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for record in gold:
        for span in record.get("pii") or []:
            if span["type"] == PERSON and span.get("origin"):
                pools[span["origin"]][span.get("form") or "any"].add(record["text"][span["start"]:span["end"]])
    return {origin: {form: sorted(names) for form, names in forms.items()} for origin, forms in sorted(pools.items())}


def swap_names(gold: Sequence[Mapping], shift: int = 1) -> list[dict[str, Any]]:
    """Each note with every PERSON span replaced by a name of another origin (the ``shift``-th next, sorted).

    The replacement has the same form (given, surname, full...) where that origin has one, is
    lower-cased when the original was, and is picked deterministically. The span's ``origin``
    becomes the new origin, so recall per origin can be compared.
    """
    pools = name_pools(gold)
    origins = sorted(pools)
    variants = []
    for record in gold:
        edits, spans = [], []
        for span in record.get("pii") or []:
            origin = span.get("origin")
            if span["type"] != PERSON or origin not in pools or len(origins) < 2:
                spans.append(span)
                continue
            target = origins[(origins.index(origin) + shift) % len(origins)]
            form = span.get("form") or "any"
            names = pools[target].get(form) or sorted({n for names in pools[target].values() for n in names})
            original = record["text"][span["start"]:span["end"]]
            name = names[_stable(f"{record['note_id']}:{span['start']}") % len(names)]
            edits.append((span["start"], span["end"], name.lower() if original.islower() else name))
            spans.append({**span, "origin": target})
        variants.append(_edit({**record, "pii": spans}, edits))
    return variants


def insert_description(gold: Sequence[Mapping], inserted: str) -> tuple[list[dict[str, Any]], int]:
    """Each note with ``inserted`` (", who is gay,") placed after its first PERSON span.

    RETURNS: (variants, how many notes had a name to insert after; the others are unchanged).
    """
    variants, changed = [], 0
    for record in gold:
        people = sorted((s for s in record.get("pii") or [] if s["type"] == PERSON), key=lambda s: s["start"])
        if not people:
            variants.append(dict(record))
            continue
        end = int(people[0]["end"])
        variants.append(_edit(record, [(end, end, inserted)]))
        changed += 1
    return variants, changed


def fairness_variants(gold: Sequence[Mapping]) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """Named variants of a redaction gold set: names swapped across origins, and each demographic insert."""
    swapped = swap_names(gold)
    changed = sum(a["text"] != b["text"] for a, b in zip(gold, swapped))
    variants = {"names_swapped": (swapped, changed)}
    for name, inserted in DEMOGRAPHIC_INSERTS.items():
        variants[f"inserted_{name}"] = insert_description(gold, inserted)
    return variants


def label_changes(original: Sequence[Mapping], variant: Sequence[Mapping]) -> list[dict[str, Any]]:
    """Notes whose factors, needs or services differ between two runs: note id and label codes only."""
    changes = []
    for a, b in zip(original, variant):
        diff = {}
        for field in NOTE_FIELDS:
            before, after = set(a.get(field) or []), set(b.get(field) or [])
            if before != after:
                diff[field] = {"added": sorted(after - before), "removed": sorted(before - after)}
        if diff:
            changes.append({"note_id": str(a.get("note_id")), **diff})
    return changes


def _recall_summary(scores: Mapping) -> dict[str, Any]:
    pick = lambda cell: None if not cell else cell.get("recall")  # noqa: E731
    return {"overall": pick(scores["overall"]), "direct_identifiers": pick(scores["direct_identifiers"]),
            "person": pick(scores["per_type"].get(PERSON)), "char_precision": scores["char"]["precision"],
            "person_by_origin": {origin: cell["recall"] for origin, cell in scores["person_by_origin"].items()}}


def fairness_from_runs(runs: Mapping[str, tuple[Sequence[Mapping], Sequence[Mapping], int]]) -> dict[str, Any]:
    """Compare each variant's run with the original's: redaction recall and changed labels.

    runs: ``{"original": (gold, predictions, n), "names_swapped": (gold, predictions, changed), ...}``;
        predictions aligned with gold.
    """
    base_gold, base_pred, _ = runs["original"]
    result: dict[str, Any] = {}
    for name, (gold, predicted, changed) in runs.items():
        scores = score_redaction(gold, [_pii_spans(p) for p in predicted])
        entry = {"notes_changed": changed, "redaction": _recall_summary(scores)}
        if name != "original":
            entry["label_changes"] = label_changes(base_pred, predicted)
            entry["recall_change"] = {k: (None if v is None or entry["redaction"][k] is None else
                                          round(entry["redaction"][k] - v, 4))
                                      for k, v in result["original"]["redaction"].items() if k != "person_by_origin"}
        result[name] = entry
    return result


def fairness(gold: Sequence[Mapping], folder: Path, redactor=None, extractor=None) -> dict[str, Any]:
    """Run casenotes on the gold notes and on every variant, and compare (see ``fairness_from_runs``).

    Variant predictions are written under ``folder`` (redacted output only); each variant gets its
    own case ids, so the redactor's case memory never carries names across variants.
    """
    runs = {"original": (list(gold), len(gold))}
    runs.update(fairness_variants(gold))
    results = {}
    for name, (records, changed) in runs.items():
        tagged = [{**r, "case_id": f"{r['case_id']}#{name}" if r.get("case_id") else None} for r in records]
        predicted = run_predictions(tagged, Path(folder) / f"fairness_{name}.jsonl", redactor, extractor)
        results[name] = (records, join_predictions(records, predicted)[0], changed)
    return fairness_from_runs(results)


# -- comparing two runs -------------------------------------------------------------------------
def intervals(result: Mapping, path: str = "") -> Iterable[tuple[str, float, list[float]]]:
    """Every (metric path, value, [low, high]) in an evaluation result that carries a CI."""
    if not isinstance(result, Mapping):
        return
    for key, value in result.items():
        here = f"{path}.{key}" if path else str(key)
        if key == "ci" and isinstance(value, Mapping):
            for metric, ci in value.items():
                if ci is not None and result.get(metric) is not None:
                    yield f"{path}.{metric}", float(result[metric]), ci
        elif key == "recall_ci" and value is not None and result.get("recall") is not None:
            yield f"{path}.recall", float(result["recall"]), value
        elif isinstance(value, Mapping) and key not in ("fairness",):
            yield from intervals(value, here)


def compare(a: Mapping, b: Mapping) -> dict[str, Any]:
    """Side by side: every metric with a CI in both runs, flagged significant when the CIs do not overlap.

    Non-overlapping 95% intervals is a conservative rule (a difference can be real with
    overlapping intervals); it is the one stated in the report.
    """
    first = {path: (value, ci) for path, value, ci in intervals(a)}
    rows = []
    for path, value, ci in intervals(b):
        if path not in first:
            continue
        value_a, ci_a = first[path]
        significant = ci_a[1] < ci[0] or ci[1] < ci_a[0]
        rows.append({"metric": path, "a": value_a, "a_ci": ci_a, "b": value, "b_ci": ci,
                     "difference": round(value - value_a, 4), "significant": significant})
    return {"rule": "significant when the two 95% bootstrap intervals do not overlap", "rows": rows,
            "only_in_a": sorted(set(first) - {r["metric"] for r in rows}),
            "significant": sum(r["significant"] for r in rows)}


# -- one call for the command -------------------------------------------------------------------
def evaluate_all(folder: Path, gold_path: Path | None = None, pred_path: Path | None = None, run: bool = False,
                 with_fairness: bool = False, tab: Path | None = None, resamples: int = DEFAULT_RESAMPLES,
                 seed: int = DEFAULT_SEED, limit: int | None = None, model: str | Path | None = None,
                 precision: str = "auto") -> dict[str, Any]:
    """What ``casenotes evaluate`` does: score a gold set (predictions given or made with ``run``),
    optionally the fairness variants and a TAB folder. Predictions made here go in ``folder``; with ``run``
    they come from the same system ``casenotes run`` uses: the rules, plus the classifier in ``model``.
    """
    if gold_path is None and tab is None:
        raise ValueError("give --gold (with --pred or --run) or --tab")
    if gold_path is not None and pred_path is None and not run and not with_fairness:
        raise ValueError("give --pred with the predictions to score, or --run to make them")
    result: dict[str, Any] = {}
    redactor = None
    if gold_path is not None:
        gold = load_jsonl(gold_path, limit)
        if not with_fairness or pred_path is not None or run:
            if run:
                pred_path = Path(folder) / "predictions.jsonl"
                if not gold_is_redacted(gold):
                    from casenotes.redact import Redactor

                    redactor = Redactor()
                run_predictions(gold, pred_path, redactor, system_extractor(model, precision))
            result = evaluate(gold, load_jsonl(pred_path), resamples, seed)
            result["gold"], result["predictions"] = str(gold_path), str(pred_path)
            if run:
                result["system"] = {"extraction": "rules + model" if model else "rules only",
                                    "model": None if model is None else Path(model).name,
                                    "precision": precision if model else None}
        if with_fairness:
            if gold_is_redacted(gold):
                raise ValueError("--fairness needs a gold set with original text and pii spans (a redaction gold set)")
            if redactor is None:
                from casenotes.redact import Redactor

                redactor = Redactor()
            result["fairness"] = fairness(gold, folder, redactor)
    if tab is not None:
        if not (Path(tab) / "texts.json").is_file() or not (Path(tab) / "manual_mentions.json").is_file():
            raise ValueError(f"{tab} is not a TAB folder: it needs texts.json and manual_mentions.json")
        result["tab"] = score_tab_folder(Path(tab), redactor, limit)
    return result


def compare_files(path_a: Path, path_b: Path) -> dict[str, Any]:
    """``compare`` on two ``evaluation.json`` files."""
    import json

    return compare(json.loads(Path(path_a).read_text(encoding="utf-8")), json.loads(Path(path_b).read_text(encoding="utf-8")))
