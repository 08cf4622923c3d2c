"""A long note over several workers (casenotes.runner.longnotes): its parts give the records of the note read whole."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from casenotes.runner import longnotes
from casenotes.runner.stages import DETECT, EXTRACT, Stages
from casenotes.segments import group_segments, split_segments

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "data" / "redaction_gold.jsonl"


def long_text(chars: int) -> str:
    """Fictional gold notes, one after another, to ``chars`` characters."""
    rows = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    parts, size = [], 0
    while size < chars:
        parts.append(rows[len(parts) % len(rows)])
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)[:chars]


def random_text(rng: random.Random) -> str:
    words = ["word ", "Sentence. ", "\n", "Mary Smith ", "x" * rng.randint(1, 40)]
    return "".join(rng.choice(words) for _ in range(rng.randint(0, 1500)))


@pytest.mark.parametrize("cut", [group_segments, longnotes.sentence_stretches])
def test_each_stretch_read_alone_splits_into_the_pieces_of_the_whole_text(cut):
    rng = random.Random(7)
    for _ in range(400):
        text, limit, parts = random_text(rng), rng.randint(20, 300), rng.randint(1, 8)
        stretches = cut(text, limit, parts)
        assert len(stretches) == parts and stretches[0][0] == 0 and stretches[-1][1] == len(text)
        assert all(stretches[i][1] == stretches[i + 1][0] for i in range(parts - 1))
        alone = [(start + offset, piece) for start, end in stretches if end > start
                 for offset, piece in split_segments(text[start:end], limit)]
        assert alone == (split_segments(text, limit) if text else [])


def test_stretches_start_after_a_sentence_end_where_the_text_has_one():
    text = long_text(60_000)
    stretches = longnotes.sentence_stretches(text, 5_000, 4)
    assert all(longnotes._after_sentence_end(text, end) for _, end in stretches[:-1])
    assert all(end - start > 5_000 for start, end in stretches)  # about equal, none empty


def test_only_long_notes_with_several_workers_are_spread():
    assert longnotes.parts_for(1_000_000, 1) == 1
    assert longnotes.parts_for(longnotes.SPREAD_CHARS - 1, 4) == 1
    assert longnotes.parts_for(1_000_000, 2) == 4
    assert longnotes.parts_for(longnotes.SPREAD_CHARS, 8) == 2


@dataclass
class _Config:
    max_segment_chars: int = 500


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


class _CapitalsRedactor:
    """A stand-in detector: capitalised words, read in the redactor's pieces as ``Redactor.detect`` reads them."""

    config = _Config()

    def detect(self, texts):
        return [[_Span(offset + m.start(), offset + m.end())
                 for offset, piece in split_segments(text, self.config.max_segment_chars)
                 for m in re.finditer(r"\b[A-Z][a-z]+", piece)] for text in texts]


def test_detection_parts_joined_in_order_are_the_whole_notes_spans():
    redactor, text = _CapitalsRedactor(), long_text(8_000)
    stages = Stages(redactor)
    joined = [span for part in range(5) for span in stages.part(DETECT, text, part, 5)[0]]
    assert joined == redactor.detect([text])[0] and len(joined) > 100


@pytest.fixture(scope="module")
def rules():
    from casenotes.extract import Extractor

    return Extractor()


@pytest.fixture
def short_segments(monkeypatch):
    """Extraction's segments at 2,000 characters, so that a short text is read in several (and the test is quick)."""
    from casenotes.extract import extractor

    monkeypatch.setattr(extractor, "MAX_SEGMENT_CHARS", 2_000)


def test_extraction_parts_merged_are_the_whole_notes_record(rules, short_segments):
    text = long_text(9_000)
    stages = Stages(extractor=rules)
    shares = [stages.part(EXTRACT, text, part, 3)[0] for part in range(3)]
    assert all(share["mentions"] for share in shares)  # each part found something
    assert stages.merge(text, shares)[0] == next(rules.pipe([text]))


def _shares(stages: Stages, text: str, parts: int) -> list[dict]:
    """A long note's extraction as the pool runs it: the rules' parts, the classifier's shares, joined."""
    shares = [stages.part(EXTRACT, text, part, parts)[0] for part in range(parts)]
    return [{**share, "probs": stages.classify(text, part, parts, shares)[0]} for part, share in enumerate(shares)]


def test_the_classifiers_shares_give_the_probabilities_of_the_whole_note(rules, tiny_classifier_dir, short_segments):
    import numpy as np

    from casenotes.classify import Classifier, CombinedExtractor

    classifier = Classifier.load(tiny_classifier_dir)  # may add every label: no share can stop early
    extractor = CombinedExtractor(rules, classifier)
    text = long_text(5_000)
    shares = _shares(Stages(extractor=extractor, timed=True), text, 4)
    assert np.array_equal(np.maximum.reduce([share["probs"] for share in shares]), classifier.predict_proba([text])[0])
    assert Stages(extractor=extractor).merge(text, shares)[0] == next(extractor.pipe([text]))


def test_a_worker_cuts_a_notes_windows_once_for_all_its_shares(rules, tiny_classifier_dir, short_segments, monkeypatch):
    """Each share of a long note used to tokenise the whole note again; a worker now reuses the windows of the note
    it scored last, and a different note (or an edited one) is cut afresh."""
    import casenotes.classify as classify
    from casenotes.classify import Classifier, CombinedExtractor
    from casenotes.runner import longnotes

    calls = []
    real = classify.encode_chunks
    monkeypatch.setattr(classify, "encode_chunks", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    monkeypatch.setattr(longnotes, "_LAST_WINDOWS", {})
    extractor = CombinedExtractor(rules, Classifier.load(tiny_classifier_dir))
    text = long_text(5_000)
    first = _shares(Stages(extractor=extractor), text, 4)
    assert len(calls) == 1
    edited = text[:-1] + ("." if text[-1] != "." else ",")
    assert len(_shares(Stages(extractor=extractor), edited, 4)) == 4 and len(calls) == 2
    again = _shares(Stages(extractor=extractor), text, 4)
    assert len(calls) == 3
    assert all((a["probs"] == b["probs"]).all() for a, b in zip(first, again))


class _CountingModel:
    """Counts the forward passes of the model it wraps."""

    def __init__(self, model):
        self.model, self.calls = model, 0

    def __call__(self, **inputs):
        self.calls += 1
        return self.model(**inputs)

    def parameters(self):
        return self.model.parameters()


def test_shares_stop_once_more_windows_cannot_change_the_record(rules, tiny_classifier_dir, short_segments):
    """A classifier that may only veto labels the rules report: each share stops at the first batch that keeps them
    all, and the record is still the one the whole note gets from a full scan."""
    from dataclasses import replace

    from casenotes.classify import Classifier, CombinedExtractor

    loaded = Classifier.load(tiny_classifier_dir)
    text = long_text(6_000)
    found = next(rules.pipe([text]))
    ruled = [key for key in loaded.labels if key.split(":", 1)[1] in found[{"factor": "factors", "need": "needs",
                                                                           "service": "services"}[key.split(":")[0]]]]
    assert ruled, "the text must give the rules some of the tiny classifier's labels"
    full, early = (replace(loaded, model=_CountingModel(loaded.model), may_add={}, may_veto={key: 0.0 for key in ruled},
                           batch_size=2) for _ in range(2))
    full_record = next(CombinedExtractor(rules, full).pipe([text]))  # nothing to change: the model is not run ...
    assert full.model.calls == 0
    full.predict_proba([text])  # ... so count the batches of a full scan directly
    shares = _shares(Stages(extractor=CombinedExtractor(rules, early)), text, 2)
    assert Stages(extractor=CombinedExtractor(rules, early)).merge(text, shares)[0] == full_record
    assert early.model.calls == 2 < full.model.calls  # one batch per share, against every batch of the note

    unsettled = replace(early, model=_CountingModel(loaded.model), may_veto={key: 2.0 for key in ruled})  # never kept
    vetoed = _shares(Stages(extractor=CombinedExtractor(rules, unsettled)), text, 2)
    assert unsettled.model.calls == full.model.calls  # a label not yet kept: every window is scored
    merged = Stages(extractor=CombinedExtractor(rules, unsettled)).merge(text, vetoed)[0]
    assert merged == next(CombinedExtractor(rules, unsettled).pipe([text]))


def _vetoing_classifier(folder: Path, into: Path) -> str:
    """A copy of the tiny classifier that may add nothing and may veto every label below 0: each share of a long
    note stops at its first batch."""
    import shutil

    shutil.copytree(folder, into)
    saved = json.loads((into / "thresholds.json").read_text())
    labels = json.loads((into / "labels.json").read_text())["labels"]
    saved.update(model_may_add={}, model_vetoes={item["key"]: 0.0 for item in labels})
    (into / "thresholds.json").write_text(json.dumps(saved))
    return str(into)


@pytest.mark.slow
@pytest.mark.parametrize("with_model", [False, True])
def test_two_workers_give_a_long_notes_record_byte_for_byte(tmp_path, tiny_classifier_dir, with_model):
    from casenotes.batch import BatchSpec, run_batch
    from casenotes.pipeline import RunOptions
    from casenotes.redact import RedactorConfig

    rows = [{"note_id": "short1", "case_id": "C1", "text": long_text(600)},
            {"note_id": "long", "case_id": "C1", "text": long_text(45_000)},
            {"note_id": "short2", "case_id": "C1", "text": long_text(900)}]
    notes = tmp_path / "notes.jsonl"
    notes.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert longnotes.parts_for(len(rows[1]["text"]), 2) > 1  # the long note is spread over the two workers
    model = _vetoing_classifier(tiny_classifier_dir, tmp_path / "model") if with_model else None
    spec = BatchSpec(RedactorConfig(tagger=None), extract=True, model=model)
    options = RunOptions(chunk_size=8, progress=False)
    run_batch(notes, tmp_path / "w1.jsonl", options, spec, workers=1)
    summary = run_batch(notes, tmp_path / "w2.jsonl", options, spec, workers=2)
    assert summary.ok == 3
    assert (tmp_path / "w2.jsonl").read_bytes() == (tmp_path / "w1.jsonl").read_bytes()
