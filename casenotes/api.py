"""The Python API: ``casenotes.redact_text``, ``casenotes.analyse`` and ``casenotes.analyse_frame``.

They run what ``casenotes run`` runs (``BatchSpec.from_options``: the redactor with the shipped tagger, the
rules, and the shipped classifier when it is there) on texts held in memory, and write nothing. The models
are loaded on the first call and kept for the next ones (a few seconds, once). Each call starts with a fresh
case memory: ``[PERSON_n]`` numbering depends only on the texts of that call, as in a fresh ``run`` over
them.

    >>> import casenotes
    >>> casenotes.redact_text("Sarah Jones (mum) rang about Tom.")
    '[PERSON_1] (mum) rang about [PERSON_2].'
    >>> casenotes.redact_text("Sarah rang about Tom.", people=[("Sarah Jones", "mother"), ("Tom Jones", "child")])
    '[MOTHER] rang about [CHILD_1].'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    import pandas as pd

#: The case id the people given to ``redact_text`` belong to (the text is that case's only note).
_ONE_CASE = "1"


def redact_text(text: str, people: Iterable[tuple[str, str]] | None = None, *, spans: bool = False,
                dates: str = "keep") -> str | tuple[str, list[dict[str, Any]]]:
    """``text`` with its personal data replaced by placeholders, as ``casenotes redact`` writes it.

    ``people``: the people this note may name, as ``(name, role)`` pairs (roles as in a people table: child,
    mother, father, carer, sibling, grandparent, partner, professional, other); they get role placeholders.
    ``spans=True`` also returns the ``pii`` spans (offsets into ``text``, no surface text).
    ``dates="month"`` generalises full dates other than dates of birth to month and year.

        >>> redact_text("Call 07700 900123 after 4pm.", spans=True)
        ('Call [PHONE] after 4pm.', [{'start': 5, 'end': 17, 'type': 'UK_PHONE', 'score': ...}])
    """
    from casenotes.redact import Finaliser
    from casenotes.runner import BatchSpec

    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    config = BatchSpec.from_options(extract=False, dates=dates).redactor_config
    known = list(people or ())
    finaliser = Finaliser(config, {_ONE_CASE: known} if known else None)
    [found] = _redactor(config).detect([text])
    result = finaliser.finalise(text, found, _ONE_CASE if known else None)
    if spans:
        return result.redacted_text, [span.to_dict() for span in result.pii]
    return result.redacted_text


def analyse(text_or_texts: str | Iterable[str], *, case_ids: Sequence[str | None] | None = None,
            people: Any = None, lexicon: str | Path | None = None, model: str | Path | None = "auto",
            precision: str = "auto") -> dict[str, Any] | list[dict[str, Any]]:
    """The record ``casenotes run`` writes for a text (a list of records for several texts, in order).

    Each record has ``note_id`` (``"1"``, ``"2"``, ... in order), ``row``, ``status``, ``error``,
    ``redacted_text``, ``pii``, ``factors`` (CIN codes), ``needs``, ``services``, ``mentions`` and
    ``provenance``. An empty text gets an error record, as in ``run``. ``case_ids`` (one per text) keep a
    case's placeholders consistent across its notes; ``people`` is a people table (a CSV path, or
    ``{case_id: [(name, role), ...]}``, as ``--people``); ``lexicon`` a council overlay (``--lexicon``);
    ``model`` a classifier folder, ``"auto"`` for the shipped one when present, None for the rules alone.

        >>> record = analyse("Dad punched mum last night in front of the children.")
        >>> record["status"], record["factors"], record["needs"]
        ('ok', ['3B'], ['domestic_abuse'])
        >>> [r["status"] for r in analyse(["Mum drinks heavily.", "  "])]
        ['ok', 'error']
    """
    single = isinstance(text_or_texts, str)
    texts = [text_or_texts] if single else list(text_or_texts)
    if case_ids is not None and len(case_ids) != len(texts):
        raise ValueError(f"{len(case_ids)} case ids for {len(texts)} texts: give one per text")
    rows = [{"note_id": str(row), "text": text} for row, text in enumerate(texts, start=1)]
    if case_ids is not None:
        for record, case_id in zip(rows, case_ids):
            record["case_id"] = case_id
    records = _analyse(rows, "note_id", "text", "case_id", people, lexicon, model, precision)
    return records[0] if single else records


def analyse_frame(frame: "pd.DataFrame", text_col: str = "text", id_col: str | None = None, case_col: str = "case_id",
                  *, people: Any = None, lexicon: str | Path | None = None, model: str | Path | None = "auto",
                  precision: str = "auto") -> "pd.DataFrame":
    """The records ``casenotes run`` writes for a pandas data frame of notes, as a data frame (same index).

    ``id_col`` names the note id column (default: the frame's index, as text); the other columns pass
    through, as in ``run``. Missing values (NaN) are read as empty.

        >>> import pandas as pd
        >>> notes = pd.DataFrame({"note_id": ["a1", "a2"], "text": ["Mum drinks heavily.", "Seen at school."],
        ...                       "team": ["East", "West"]})
        >>> out = analyse_frame(notes, id_col="note_id")
        >>> out[["note_id", "status", "factors", "team"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
        [{'note_id': 'a1', 'status': 'ok', 'factors': ['1B'], 'team': 'East'},
         {'note_id': 'a2', 'status': 'ok', 'factors': [], 'team': 'West'}]
    """
    import pandas as pd

    id_name = id_col if id_col is not None else "note_id"
    rows = []
    for index, record in zip(frame.index, frame.to_dict("records")):
        row = {key: (None if _missing(value) else value) for key, value in record.items()}
        if id_col is None:
            row = {id_name: str(index), **{k: v for k, v in row.items() if k != id_name}}
        rows.append(row)
    records = _analyse(rows, id_name, text_col, case_col, people, lexicon, model, precision)
    return pd.DataFrame.from_records(records, index=frame.index) if records else pd.DataFrame(index=frame.index)


def _analyse(rows: list[dict], id_col: str, text_col: str, case_col: str, people: Any,
             lexicon: str | Path | None, model: str | Path | None, precision: str) -> list[dict[str, Any]]:
    from casenotes.redact import Finaliser
    from casenotes.runner import BatchSpec, Stages
    from casenotes.runner.local import process_rows

    spec = BatchSpec.from_options(people=people, lexicon=lexicon, model=model, precision=precision)
    options = spec.run_options(id_col=id_col, text_col=text_col, case_col=case_col, progress=False)
    stages = Stages(_redactor(spec.redactor_config), _extractor(spec.lexicon, spec.model, spec.precision))
    # a fresh case memory (and this call's people) for every call; the models are shared
    finaliser = Finaliser(spec.redactor_config, spec.people)
    return list(process_rows(rows, options, finaliser, stages, spec.extract))


@lru_cache(maxsize=2)
def _redactor(config):
    """The redactor for these settings (without people: they only change finalising), built once."""
    from casenotes.runner import BatchSpec

    return BatchSpec(redactor_config=config, extract=False).build_redactor()


@lru_cache(maxsize=2)
def _extractor(lexicon: str | None, model: str | None, precision: str):
    from casenotes.runner import BatchSpec

    return BatchSpec(extract=True, lexicon=lexicon, model=model, precision=precision).build_extractor()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
