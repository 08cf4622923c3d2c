"""The one stage order: detect in a batch, finalise in input order, extract.

``note_stages`` is the only place that order is written. It is a generator: it yields the two pieces of
stateless, expensive work a chunk needs, a ``Stage("detect", texts)`` and then a ``Stage("extract", texts)``,
and is sent back each one's results; between the two it finalises placeholders itself (the stateful step:
a case's names keep their numbers across notes, so the caller must resume chunks in input order). What
differs between the drivers is only where a stage runs:

* in this process (``process_chunk``: ``casenotes.pipeline.process_file`` and Spark's executors),
* in worker processes (``casenotes.runner.pool.run_batch``), the finalising in the parent.

One bad note never stops the rest: a stage that fails on a batch is rerun note by note, and the note that
fails gets an error record naming its row and the stage (never its text).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Generator, Iterable, Iterator, Protocol, Sequence

from casenotes.contract import InputNote, base_record, fail
from casenotes.runner import longnotes
from casenotes.segments import OPENING_CHARS

logger = logging.getLogger("casenotes")

DETECT, EXTRACT = "detect", "extract"


class Extractor(Protocol):
    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[dict[str, Any]]: ...


class Finaliser(Protocol):
    """Placeholders for one note from its detected spans (``casenotes.redact.Finaliser``, or a ``Redactor``)."""

    def finalise(self, text: str, spans: Any, case_id: str | None) -> Any: ...


@dataclass(frozen=True)
class Stage:
    """Stateless work for one chunk: ``detect`` on original texts or ``extract`` on redacted ones.
    No texts: nothing to run (the result is an empty list)."""

    name: str
    texts: list[str]


@dataclass(frozen=True)
class Failed:
    """A stage's failure on one note: the message names the stage and error type, never the text."""

    message: str


def each_safely(items: Sequence[Any], batch: Callable[[list], list], stage: str) -> list[Any]:
    """Run a stage on a batch; if the batch fails, run it note by note so only bad notes fail."""
    try:
        return batch(list(items))
    except Exception:  # noqa: BLE001 - isolate the note that breaks, below
        pass
    results: list[Any] = []
    for item in items:
        try:
            results.extend(batch([item]))
        except Exception as error:  # noqa: BLE001 - one note must never stop the batch
            logger.debug("%s failed on one note: %s", stage, type(error).__name__)
            results.append(Failed(f"{stage} failed ({type(error).__name__}); the note was not processed"))
    return results


def note_stages(notes: list[InputNote], finaliser: Finaliser | None, extract: bool,
                case_col: str = "case_id") -> Generator[Stage, list, list[dict]]:
    """Every note of a chunk to its output record. Yields ``detect`` then ``extract`` (each sent its results),
    returns the records. ``finaliser`` None: no redaction (the text is taken as already redacted)."""
    records = [base_record(note) for note in notes]
    live = [i for i, note in enumerate(notes) if note.problem is None]
    redact = finaliser is not None
    found = yield Stage(DETECT, [notes[i].text for i in live] if redact else [])
    if redact:
        for i, spans in zip(live, found):  # in input order: finalising updates the case memory
            _record_redaction(records[i], notes[i], _finalise(finaliser, notes[i], spans, case_col))
    else:
        for i in live:
            records[i]["redacted_text"] = notes[i].text
    ready = [i for i in live if records[i]["status"] == "ok"] if extract else []
    outcomes = yield Stage(EXTRACT, [records[i]["redacted_text"] for i in ready])
    for i, outcome in zip(ready, outcomes):
        if isinstance(outcome, Failed):
            fail(records[i], f"row {notes[i].row}: {outcome.message}")
        else:
            records[i].update(outcome)
    return records


def case_id_of(note: InputNote, case_col: str) -> str | None:
    value = note.extra.get(case_col)
    return None if value in (None, "") else str(value)


def _finalise(finaliser: Finaliser, note: InputNote, spans: Any, case_col: str) -> Any:
    if isinstance(spans, Failed):
        return spans
    try:
        return finaliser.finalise(note.text, spans, case_id_of(note, case_col))
    except Exception as error:  # noqa: BLE001 - one note must never stop the batch
        return Failed(f"redaction failed ({type(error).__name__}); the note was not processed")


def _record_redaction(record: dict, note: InputNote, outcome: Any) -> None:
    if isinstance(outcome, Failed):
        fail(record, f"row {note.row}: {outcome.message}")
    else:
        record["redacted_text"] = outcome.redacted_text
        record["pii"] = [span.to_dict() for span in outcome.pii]


class Stages:
    """Runs a ``Stage``: ``detect`` with the redactor, ``extract`` with the extractor, each note isolated.

    Returns the results and the seconds spent, by stage (``classify``: a classifier's forward passes, when
    the extractor has one; ``extract`` the rest).
    """

    def __init__(self, redactor: Any = None, extractor: Extractor | None = None, timed: bool = False):
        self.redactor, self.timed = redactor, timed
        self.use_extractor(extractor)

    def use_extractor(self, extractor: Extractor | None) -> None:
        """Set the extractor once it is built (a pool's worker builds it when first needed)."""
        self.extractor = _timed(extractor) if self.timed and extractor is not None else extractor

    def __call__(self, stage: Stage) -> tuple[list, dict[str, float]]:
        if not stage.texts:
            return [], {}
        started = time.perf_counter()
        if stage.name == DETECT:
            return each_safely(stage.texts, self.redactor.detect, "redaction"), {DETECT: time.perf_counter() - started}
        timer = getattr(self.extractor, "classifier", None)
        before = timer.seconds if isinstance(timer, _TimedClassifier) else 0.0
        outcomes = each_safely(stage.texts, lambda batch: list(self.extractor.pipe(batch)), "extraction")
        classify = (timer.seconds - before) if isinstance(timer, _TimedClassifier) else 0.0
        return outcomes, {EXTRACT: time.perf_counter() - started - classify, "classify": classify}


    def part(self, name: str, text: str, part: int, parts: int) -> tuple[Any, dict[str, float]]:
        """Part ``part`` of ``parts`` of one long note's stage (``casenotes.runner.longnotes``): the spans detected in
        a stretch, which the driver joins, or the rules' mentions in a stretch, which go on to ``classify`` and
        ``merge``."""
        started = time.perf_counter()
        if name == DETECT:
            start, end = longnotes.sentence_stretches(text, self.redactor.config.max_segment_chars, parts)[part]
            found = self.redactor.detect([text[start:end]])[0] if end > start else []
            return longnotes.shifted(found, start), {DETECT: time.perf_counter() - started}
        rules = getattr(self.extractor, "extractor", self.extractor)
        start, end = longnotes.sentence_stretches(text, longnotes.extraction_segment_chars(), parts)[part]
        mentions = next(rules.pipe([text[start:end]], openings=[text[:OPENING_CHARS]]))["mentions"] if end > start else []
        return {"mentions": longnotes.shifted_mentions(mentions, start)}, {EXTRACT: time.perf_counter() - started}

    def classify(self, text: str, part: int, parts: int, shares: list[dict[str, Any]]) -> tuple[Any, dict[str, float]]:
        """The classifier's share ``part`` of a long note's windows, given the rules' parts of the whole note (which
        say when more windows cannot change the record); None without a classifier."""
        classifier = getattr(self.extractor, "classifier", None)
        if classifier is None:
            return None, {}
        started = time.perf_counter()
        settled = classifier.settled_at(longnotes.rule_result(self.extractor, shares))
        return longnotes.window_share(classifier, text, part, parts, settled), {"classify": time.perf_counter() - started}

    def merge(self, text: str, shares: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, float]]:
        """A long note's extraction shares to the record the whole note gets (``longnotes.merge_extract``)."""
        started = time.perf_counter()
        return longnotes.merge_extract(self.extractor, text, shares), {EXTRACT: time.perf_counter() - started}


def run_inline(steps: Generator[Stage, list, list[dict]], stages: Callable[[Stage], tuple[list, dict]]) -> list[dict]:
    """Drive ``note_stages`` to its records, running every stage here."""
    stage = next(steps)
    while True:
        try:
            stage = steps.send(stages(stage)[0])
        except StopIteration as done:
            return done.value


def process_chunk(notes: list[InputNote], options: Any, redactor=None, extractor: Extractor | None = None) -> list[dict]:
    """Every note of a chunk to its output record, in this process. ``redactor`` detects and finalises
    (a ``casenotes.redact.Redactor``); None passes the text through, as ``casenotes extract`` does."""
    return run_inline(note_stages(notes, redactor, extractor is not None, options.case_col), Stages(redactor, extractor))


class _TimedClassifier:
    """Wraps a ``Classifier`` so the seconds spent in its forward passes can be told apart from the rules."""

    def __init__(self, classifier):
        self._classifier, self.seconds = classifier, 0.0

    def __getattr__(self, name):
        value = getattr(self._classifier, name)
        if name not in ("predict_proba", "predict"):
            return value

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def _timed(extractor):
    """Time the classifier of a ``CombinedExtractor`` (a no-op for the rules ``Extractor``)."""
    classifier = getattr(extractor, "classifier", None)
    if classifier is not None and not isinstance(classifier, _TimedClassifier):
        extractor.classifier = _TimedClassifier(classifier)
    return extractor
