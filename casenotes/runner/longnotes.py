"""One long note over every worker: its detection and its extraction in parts, run side by side.

A worker runs one task at a time, so a note that is one task keeps one core busy however many there are: a
1 MB note took over two minutes while the other worker waited. With more than one worker, a note of
``SPREAD_CHARS`` or more is cut into ``parts_for`` stretches, each a run of the pieces its stage already reads a
long note in (``casenotes.segments.group_segments``): the same pieces are read with the same models, so the
results are those of the note read whole. Detection's parts are joined here, in the parent, in order (the spans
of a part are shifted to the note's offsets). Extraction runs in three steps: the rules on each stretch; then, with
the rules' record of the whole note, the classifier on a share of the note's windows each, stopping once more
windows cannot change the record (``Classifier.settled_at``); then ``merge_extract`` joins them in a worker, which
holds the taxonomy and the classifier's thresholds. ``casenotes.runner.stages.Stages.part``, ``classify`` and
``merge`` run them. Finalising the placeholders stays one step, in the parent, in input order.

The stretches are cut after a sentence or line end, so what looks back from a span (is this word the start of a
sentence?) sees what it saw in the whole note. Keep-list terms are matched within a stretch: the one case that
reads differently is a term of several words broken over the very line end where two stretches meet
("Early\nHelp"), found in the whole note but in neither stretch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from casenotes.segments import group_segments, split_segments

#: Notes from this length on are spread over the workers (an ordinary note is one task, as before).
SPREAD_CHARS = 40_000
#: No part shorter than this: each part tokenises the note for the classifier and starts its own batches.
MIN_PART_CHARS = 20_000


def parts_for(length: int, workers: int) -> int:
    """How many parts a note of ``length`` characters is read in: one, or up to two per worker."""
    if workers <= 1 or length < SPREAD_CHARS:
        return 1
    return max(2, min(2 * workers, length // MIN_PART_CHARS))


def sentence_stretches(text: str, limit: int, parts: int) -> list[tuple[int, int]]:
    """``group_segments``, each cut moved on to the next piece start that follows a sentence or line end, where
    there is one: a check that looks back from a word (does it start a sentence?) then answers as in the whole
    note."""
    stretches = group_segments(text, limit, parts)
    cuts = [end for _, end in stretches[:-1]]
    if all(_after_sentence_end(text, cut) for cut in cuts):
        return stretches
    starts = [offset for offset, _ in split_segments(text, limit)]
    ends = [start for start in starts if start and _after_sentence_end(text, start)]
    moved, previous = [], 0
    for cut in cuts:
        if not _after_sentence_end(text, cut):
            later = [start for start in ends if start >= cut and _reads_alone(starts, start, previous, limit)]
            cut = later[0] if later else cut
        moved.append(max(cut, previous))
        previous = moved[-1]
    bounds = [0, *moved, len(text)]
    return list(zip(bounds, bounds[1:]))


def _after_sentence_end(text: str, at: int) -> bool:
    """Whether ``at`` starts a sentence as ``casenotes.redact.resolve`` tells (a text's start always does)."""
    before = at - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return before < 0 or at >= len(text) or text[before] in ".!?:\n"


def _reads_alone(starts: list[int], cut: int, previous: int, limit: int) -> bool:
    """Whether a stretch ending at ``cut`` (a piece start) splits on its own as the whole text does there."""
    at = starts.index(cut)
    return at < 2 or starts[at - 2] < previous or cut - starts[at - 2] > limit


def shifted(found: list, offset: int) -> list:
    """Detected spans of a stretch at the note's offsets."""
    return [replace(span, start=span.start + offset, end=span.end + offset) for span in found] if offset else found


def shifted_mentions(mentions: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    """The rules' mentions in a stretch at the note's offsets."""
    for mention in mentions if offset else ():
        mention["start"] += offset
        mention["end"] += offset
    return mentions


def extraction_segment_chars() -> int:
    from casenotes.extract import extractor  # read when called: spaCy loads in workers only

    return extractor.MAX_SEGMENT_CHARS


#: The windows of the note a worker scored last: each share of a 1 MB note cut and tokenised all of it again (0.9 s of
#: CPU a share, measured), though a worker is given two or more shares of the same note.
_LAST_WINDOWS: dict[str, Any] = {}


def window_share(classifier: Any, text: str, part: int, parts: int, settled: Any = None):
    """``Classifier.predict_proba`` of one note, restricted to share ``part`` of its batches: the windows are
    cut, ordered and batched as for the whole note, so every window is scored in the batch it had there (the
    numbers are the same), and the note's probability, the maximum over windows, is the maximum over parts.
    ``settled`` (``Classifier.settled_at`` of the note's rule result): stop once every label's maximum has reached
    it, since more windows cannot change the record; a long note that names most concerns stops early. Which
    batches a share holds, and in what order, changes no number: a window's batch is the one it has in the note."""
    import numpy as np
    import torch

    from casenotes.classify import encode_chunks, sentence_spans

    if _LAST_WINDOWS.get("classifier") is not classifier or _LAST_WINDOWS.get("text") != text:
        # a worker given two shares of one note cuts its windows once
        texts = [text[a:b] for a, b in sentence_spans(text)] if classifier.unit == "sentence" else [text]
        enc = encode_chunks(classifier.tokenizer, texts, classifier.max_length, classifier.stride)
        ids = enc["input_ids"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        batches = [order[at:at + classifier.batch_size] for at in range(0, len(order), classifier.batch_size)]
        _LAST_WINDOWS.update(classifier=classifier, text=text, windows=(enc, batches))
    enc, batches = _LAST_WINDOWS["windows"]
    # every part-th batch, longest first: each share meets long sentences early, which settle labels soonest
    share = batches[part::parts][::-1]
    best = np.zeros(len(classifier.labels), dtype=np.float32)
    model = classifier.model
    device = next(model.parameters()).device if any(True for _ in model.parameters()) else "cpu"
    with torch.inference_mode():
        for batch in share:
            features = [{k: enc[k][i] for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc} for i in batch]
            padded = classifier.tokenizer.pad(features, return_tensors="pt")
            logits = model(**{k: v.to(device) for k, v in padded.items()}).logits
            best = np.maximum(best, torch.sigmoid(logits.float()).cpu().numpy().max(axis=0))
            if settled is not None and bool((best >= settled).all()):
                break
    return best


def rule_result(extractor: Any, shares: list[dict[str, Any]]) -> dict[str, Any]:
    """The rules' record of the whole note from its parts' mentions (in part order)."""
    from casenotes.extract.results import note_level

    rules = getattr(extractor, "extractor", extractor)
    mentions = [mention for share in shares for mention in share["mentions"]]
    return {**note_level(mentions, rules.taxonomy), "mentions": mentions}


def merge_extract(extractor: Any, text: str, shares: list[dict[str, Any]]) -> dict[str, Any]:
    """The shares' mentions and probabilities to the record ``extractor.pipe([text])`` gives the note whole."""
    import numpy as np

    result = rule_result(extractor, shares)
    classifier = getattr(extractor, "classifier", None)
    if classifier is None:
        return result
    from casenotes.classify import combine

    row = np.maximum.reduce([share["probs"] for share in shares])
    return combine(result, {k: float(row[j]) for j, k in enumerate(classifier.labels)}, classifier.combine_thresholds(),
                   text, classifier.may_veto)
