"""Leak check: look for identifiers that survived redaction, reporting note ids, types and offsets, never text.

Re-running the redactor's own recognizers (``Redactor.scan``) cannot see what the redactor misses, so the check
takes the union of three differently built detectors, and labels every finding with the ones that found it:

* ``rules``: the redactor's own scan (Presidio recognizers, spaCy, the tagger at its normal threshold);
* ``tagger``: the learned tagger (``casenotes.redact.tagger``) at a much lower threshold, where it flags spans it
  is only weakly sure of;
* ``dictionary``: no model at all: every capitalised word that is not an English word (wordfreq), not a kept
  term (the keep-list) and not inside a placeholder is a suspected name, as is a listed unambiguous name.

A finding is a character span of the redacted text; the report holds its offsets, never the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterator, Sequence

from casenotes.contract import PLACEHOLDER
from casenotes.io import read_records
from casenotes.redact.lexicons import COMMON_WORD_ZIPF, KeepList, english_zipf, keep_list_for, name_lexicon
from casenotes.redact.normalise import char_before, fold

CHECK_BATCH = 64
RULES, TAGGER, DICTIONARY = "rules", "tagger", "dictionary"
DETECTORS = (RULES, TAGGER, DICTIONARY)
#: The tagger's threshold for the check: under the redactor's own (the shipped tagger's ``tagger.json``, 0.2 since
#: it was chosen by recall on the development authors), so the check sees what the redactor let through; a check
#: should rather over-report. Measured in eval/leakcheck_recall.py.
CHECK_TAGGER_THRESHOLD = 0.1
#: A capital at the start of a sentence says nothing, so there a word must be rarer than this to be suspected
#: (Zipf scale; mid-sentence the bar is ``COMMON_WORD_ZIPF``): "Discussed" (4.5), "Safeguarding" (3.2) pass.
SENTENCE_START_ZIPF = 2.5
#: All-capital words this short are abbreviations far more often than names ("WNB", "TAC"); initials are
#: beyond a dictionary's reach.
MAX_ABBREVIATION_LENGTH = 3
SUSPECTED_NAME = "PERSON"

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_END = frozenset(".!?\n")


@dataclass(frozen=True)
class Finding:
    """A suspected residue: offsets into the redacted text, a type, and the detectors that found it."""

    start: int
    end: int
    type: str
    detectors: tuple[str, ...]

    @property
    def detector(self) -> str:
        """The first detector that found it, in ``DETECTORS`` order."""
        return self.detectors[0]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "type": self.type, "detector": self.detector,
                "detectors": list(self.detectors)}


@dataclass
class LeakReport:
    notes_checked: int = 0
    by_type: Counter = field(default_factory=Counter)
    note_ids_by_type: dict[str, list[str]] = field(default_factory=dict)
    #: Findings each detector took part in (a finding two detectors agree on counts for both).
    by_detector: Counter = field(default_factory=Counter)
    by_type_and_detector: dict[str, Counter] = field(default_factory=dict)
    #: note id -> its findings as offsets, type and detectors (never text).
    findings_by_note: dict[str, list[dict]] = field(default_factory=dict)
    detectors: list[str] = field(default_factory=list)

    @property
    def leaks(self) -> int:
        return sum(self.by_type.values())

    def add(self, note_id: str, findings: Sequence[Finding]) -> None:
        self.notes_checked += 1
        for finding in findings:
            self.by_type[finding.type] += 1
            ids = self.note_ids_by_type.setdefault(finding.type, [])
            if note_id not in ids:
                ids.append(note_id)
            for detector in finding.detectors:
                self.by_detector[detector] += 1
                self.by_type_and_detector.setdefault(finding.type, Counter())[detector] += 1
            self.findings_by_note.setdefault(note_id, []).append(finding.to_dict())

    def to_dict(self) -> dict:
        return {
            "notes_checked": self.notes_checked,
            "residual_identifiers": self.leaks,
            "by_type": dict(self.by_type),
            "note_ids_by_type": self.note_ids_by_type,
            "detectors": self.detectors,
            "by_detector": dict(self.by_detector),
            "by_type_and_detector": {kind: dict(counts) for kind, counts in self.by_type_and_detector.items()},
            "findings_by_note": self.findings_by_note,
        }


def _overlaps(start: int, end: int, intervals: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in intervals)


def _inside(start: int, end: int, intervals: Sequence[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in intervals)


def _sentence_start(text: str, at: int) -> bool:
    before = char_before(text, at, " \t\"“'‘(*•>-–")
    return not before or before in _SENTENCE_END


def dictionary_findings(text: str, keep: KeepList | None = None) -> list[tuple[int, int, str]]:
    """Capitalised words that are not English words, kept terms or placeholders: suspected names."""
    keep = keep or keep_list_for(None)
    placeholders = [m.span() for m in PLACEHOLDER.finditer(text)]
    kept = keep.intervals(text)
    names = name_lexicon()
    found = []
    for match in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group())
        start, end = match.start(), match.start() + len(word)
        if not word[0].isupper() or _overlaps(start, end, placeholders) or _inside(start, end, kept):
            continue
        if word.isupper() and len(word) <= MAX_ABBREVIATION_LENGTH:
            continue
        initial = _sentence_start(text, start)
        rare = english_zipf(word) < (SENTENCE_START_ZIPF if initial else COMMON_WORD_ZIPF)
        listed = not initial and names.is_unambiguous_name(word)  # common names are English words to wordfreq
        if rare or listed:
            found.append((start, end, SUSPECTED_NAME))
    return found


def tagger_for_check(redactor=None, folder: str | Path | None = None):
    """The learned tagger at ``CHECK_TAGGER_THRESHOLD``: the redactor's own loaded model when it has one (one
    copy in memory), else loaded from ``folder`` (default: the shipped one); None when there is none."""
    from casenotes.redact.tagger import DEFAULT_TAGGER_DIR, PiiTagger

    learned = getattr(redactor, "_learned", None)
    if learned is not None:
        base = learned.tagger
    else:
        folder = Path(folder or DEFAULT_TAGGER_DIR)
        if not (folder / "tagger.json").is_file():
            return None
        base = PiiTagger.load(folder)
    return PiiTagger(base.model, base.tokenizer, CHECK_TAGGER_THRESHOLD, base.max_length, base.stride)


def tagger_findings(texts: Sequence[str], tagger, keep: KeepList | None = None) -> list[list[tuple[int, int, str]]]:
    """The tagger's spans outside placeholders and kept terms, as casenotes entity types."""
    from casenotes.redact.tagger import TAG_ENTITIES

    keep = keep or keep_list_for(None)
    out = []
    for text, spans in zip(texts, tagger.predict([fold(t) for t in texts])):
        placeholders = [m.span() for m in PLACEHOLDER.finditer(text)]
        kept = keep.intervals(text)
        out.append([(start, end, TAG_ENTITIES[tag]) for start, end, tag, _ in spans
                    if text[start:end].strip() and not _overlaps(start, end, placeholders)
                    and not _inside(start, end, kept)])
    return out


def merge_findings(per_detector: dict[str, Sequence[tuple[int, int, str]]]) -> list[Finding]:
    """Overlapping spans from any detectors become one finding (the outer offsets; the type of the first
    detector in ``DETECTORS`` order that found it)."""
    spans = sorted((start, end, DETECTORS.index(name), kind)
                   for name, found in per_detector.items() for start, end, kind in found)
    merged: list[list] = []  # [start, end, {rank: type}]
    for start, end, rank, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].setdefault(rank, kind)
        else:
            merged.append([start, end, {rank: kind}])
    return [Finding(start, end, kinds[min(kinds)], tuple(DETECTORS[r] for r in sorted(kinds)))
            for start, end, kinds in merged]


def find_residues(texts: Sequence[str], redactor=None, tagger=None,
                  detectors: Sequence[str] = DETECTORS) -> list[list[Finding]]:
    """Suspected residues in redacted ``texts``, per text. ``rules`` needs ``redactor``, ``tagger`` a tagger
    (``tagger_for_check``); a detector without what it needs is skipped."""
    texts = list(texts)
    keep = redactor.keep_list if redactor is not None else keep_list_for(None)
    per_detector: dict[str, list[list[tuple[int, int, str]]]] = {}
    if RULES in detectors and redactor is not None:
        per_detector[RULES] = [[(s.start, s.end, s.type) for s in spans] for spans in redactor.scan(texts)]
    if TAGGER in detectors and tagger is not None:
        per_detector[TAGGER] = tagger_findings(texts, tagger, keep)
    if DICTIONARY in detectors:
        per_detector[DICTIONARY] = [dictionary_findings(text, keep) for text in texts]
    return [merge_findings({name: found[i] for name, found in per_detector.items()}) for i in range(len(texts))]


def _batches(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while batch := list(islice(records, size)):
        yield batch


def check_output(path: Path, redactor, tagger="auto") -> LeakReport:
    """Check the ``redacted_text`` of every ok record; never returns or prints the text found.

    ``tagger``: "auto" (the redactor's own, or the shipped one, at ``CHECK_TAGGER_THRESHOLD``), a tagger, or
    None (no tagger detector)."""
    if tagger == "auto":
        tagger = tagger_for_check(redactor)
    report = LeakReport(detectors=[d for d in DETECTORS if (d != RULES or redactor is not None)
                                   and (d != TAGGER or tagger is not None)])
    ok_records = (r for r in read_records(path) if r.get("status") == "ok" and r.get("redacted_text"))
    for batch in _batches(ok_records, CHECK_BATCH):
        texts = [r["redacted_text"] for r in batch]
        for record, findings in zip(batch, find_residues(texts, redactor, tagger)):
            report.add(str(record.get("note_id")), findings)
    return report
