"""The learned tagger's training and threshold choice, with a tiny model built here (one encoder layer, a few
fictional notes): the folder it writes loads with the same cut, and the threshold is chosen from probabilities."""

from __future__ import annotations

import pytest

import json
from pathlib import Path

import numpy as np

from casenotes.redact import tagger as tagger_module
from casenotes.redact.tagger import LABELS, PiiTagger, TaggerConfig, choose_threshold

NOTES = [
    {"text": "Visited Tamsin Okafor-Reyes at home; Tamsin said the school run is hard.",
     "pii": [{"start": 8, "end": 26, "type": "PERSON"}, {"start": 37, "end": 43, "type": "PERSON"}]},
    {"text": "Call from Dariusz Wenner about court case ZX24C00871, hearing next week.",
     "pii": [{"start": 10, "end": 24, "type": "PERSON"}, {"start": 42, "end": 52, "type": "CASE_REFERENCE"}]},
    {"text": "Bryony at 14 Pelham Crescent said nothing had changed since the review.",
     "pii": [{"start": 0, "end": 6, "type": "PERSON"}, {"start": 10, "end": 27, "type": "UK_ADDRESS"}]},
]


def test_a_tagger_cut_to_one_layer_trains_saves_and_loads_with_that_cut(tmp_path: Path):
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(note) + "\n" for note in NOTES))
    config = TaggerConfig(data=[str(data)], validation=str(data), out=str(tmp_path / "tagger"), max_length=32, stride=8,
                          epochs=1, batch_size=8, num_hidden_layers=1)
    summary = tagger_module.train(config, progress=False)

    folder = Path(config.out)
    settings = json.loads((folder / "tagger.json").read_text())
    assert settings["num_hidden_layers"] == 1 and settings["threshold"] == summary["threshold"]
    assert set(summary["validation_recall_at_threshold"]) == {str(t) for t in tagger_module.THRESHOLDS}
    assert "first 1 encoder layers" in (folder / "README.md").read_text()
    loaded = PiiTagger.load(folder)
    assert len(loaded.model.bert.encoder.layer) == 1
    spans = loaded.predict([note["text"] for note in NOTES])
    assert len(spans) == len(NOTES) and all(0 <= s < e <= len(n["text"]) for n, found in zip(NOTES, spans) for s, e, _, _ in found)


class _FixedProbabilities:
    """A stand-in tagger: every character of the note is a token, PERSON at probability ``p`` on the gold span."""

    threshold = 0.5

    def __init__(self, p: float):
        self.p = p

    def window_probs(self, texts, batch_size: int = 32):
        for index, text in enumerate(texts):
            probs = np.zeros((len(text), len(LABELS)), dtype=np.float32)
            probs[:, LABELS.index("O")] = 1.0
            probs[0:6] = 0.0
            probs[0, LABELS.index("B-PERSON")], probs[0, LABELS.index("O")] = self.p, 1 - self.p
            probs[1:6, LABELS.index("I-PERSON")], probs[1:6, LABELS.index("O")] = self.p, 1 - self.p
            yield index, [(i, i + 1) for i in range(len(text))], probs


def test_the_threshold_is_the_highest_that_keeps_the_best_recall():
    note = {"text": "Bryony was seen.", "pii": [{"start": 0, "end": 6, "type": "PERSON"}]}
    chosen, recalls = choose_threshold(_FixedProbabilities(0.35), [note])
    assert recalls == {"0.2": 1.0, "0.3": 1.0, "0.4": 0.0, "0.5": 0.0}
    assert chosen == 0.3


class _Scores:
    """A stand-in tagger that returns fixed spans."""

    def __init__(self, spans):
        self.spans = spans

    def predict(self, texts):
        return [self.spans for _ in texts]


def test_a_single_letter_needs_the_single_letter_score_other_spans_the_threshold():
    from casenotes.redact.tagger import SINGLE_LETTER_SCORE, LearnedPiiRecognizer

    text = "Plan B was agreed with Oluwaseun."
    recognizer = LearnedPiiRecognizer(_Scores([(5, 6, "PERSON", SINGLE_LETTER_SCORE - 0.1), (23, 32, "PERSON", 0.25)]))
    assert [(r.start, r.end) for r in recognizer.analyze(text, ["PERSON"])] == [(23, 32)]
    sure = LearnedPiiRecognizer(_Scores([(5, 6, "PERSON", SINGLE_LETTER_SCORE)]))
    assert [(r.start, r.end) for r in sure.analyze("Told B he was safe.", ["PERSON"])] == [(5, 6)]


@pytest.mark.parametrize(("text", "kept"), [("Plan B was agreed.", False), ("She got a C in maths.", False),
                                            ("Flat D, second floor.", False), ("Mr B was seen.", True),
                                            ("Told B he was safe.", True)])
def test_a_sure_single_letter_after_a_word_that_numbers_things_is_not_a_person(text, kept):
    from casenotes.redact.tagger import LearnedPiiRecognizer

    letter = next(i for i, c in enumerate(text) if c.isupper() and (i + 1 == len(text) or not text[i + 1].isalpha()))
    recognizer = LearnedPiiRecognizer(_Scores([(letter, letter + 1, "PERSON", 0.99)]))
    assert bool(recognizer.analyze(text, ["PERSON"])) is kept


def test_a_rule_names_the_type_of_text_the_tagger_also_tags():
    from casenotes.redact.resolve import Found, merge_overlapping

    phone = Found(5, 17, "UK_PHONE", 0.6)
    tagged = Found(5, 17, "CASE_REFERENCE", 0.62, learned=True)
    assert [(s.type, s.learned) for s in merge_overlapping([tagged, phone])] == [("UK_PHONE", False)]
    both_learned = merge_overlapping([Found(0, 4, "PERSON", 0.7, learned=True), Found(2, 9, "PERSON", 0.8, learned=True)])
    assert [(s.start, s.end, s.learned) for s in both_learned] == [(0, 9, True)]


def test_a_learned_name_does_not_run_on_into_the_next_everyday_word():
    from casenotes.redact.resolve import Found, trim_learned_tail

    text = "Kacper Nowak tearful but agreed; Marek kowalczyk rang."
    assert trim_learned_tail(text, Found(0, 20, "PERSON", 0.99, learned=True)).end == 12
    assert trim_learned_tail(text, Found(33, 47, "PERSON", 0.99, learned=True)).end == 47  # a lower-case surname stays
    assert trim_learned_tail(text, Found(0, 20, "PERSON", 0.99)).end == 20  # the rules' spans are trimmed elsewhere


def test_the_names_the_batch_parent_uses_for_presidio_are_presidio_s():
    from presidio_analyzer import RecognizerResult

    from casenotes.redact.resolve import LEARNED_RECOGNIZER, RECOGNIZER_NAME_KEY
    from casenotes.redact.tagger import LearnedPiiRecognizer

    assert RECOGNIZER_NAME_KEY == RecognizerResult.RECOGNIZER_NAME_KEY
    assert LearnedPiiRecognizer(_Scores([])).name == LEARNED_RECOGNIZER


def test_tagger_trains_on_each_file_capped_in_turn(tmp_path):
    import json

    from casenotes.redact.tagger import TaggerConfig, training_records

    paths = []
    for name, count in (("template.jsonl", 5), ("authors.jsonl", 3)):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"note_id": f"{name}-{i}", "text": "x", "pii": []}) + "\n" for i in range(count)))
        paths.append(str(path))
    assert len(training_records(TaggerConfig(data=paths, notes_per_file=[2, 0]))) == 5
    assert len(training_records(TaggerConfig(data=paths, max_train_notes=2))) == 4
    with pytest.raises(ValueError, match="2 training files"):
        training_records(TaggerConfig(data=paths, notes_per_file=[1, 1, 1]))
