"""Private fostering subtypes (8B-8E, else 8F) and words that say whose concern it is (issue 15, second round).

Each sentence is invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

from casenotes.extract.results import settle_subtypes
from casenotes.taxonomy import TaxonomyError, load_taxonomy

F, N = "factors", "needs"


def pf_codes(result: dict) -> list[str]:
    return [code for code in result[F] if code.startswith("8")]


# fmt: off
SUBTYPES = [
    # overseas, going home
    ("[PERSON_1] (16) is privately fostered while on a two-term exchange; she flies home to [LOCATION] at Easter.", "8B"),
    ("[PERSON_1] (15) lives with a homestay family found by an education agent until his exams.", "8B"),
    # overseas, here to stay
    ("[PERSON_1] (13) is privately fostered by her mother's friend; her parents want her to remain in the UK for good.", "8C"),
    ("[PERSON_1] (11) is not a relative of Mrs [PERSON_2]; the plan is for him to stay here permanently.", "8C"),
    # UK child away from home for school or training
    ("[PERSON_1] (14) boards with her swimming coach's family in term time so she can train before school.", "8D"),
    ("PF visit: [PERSON_1] (15) remains with the [PERSON_2] family for his football academy place.", "8D"),
    # UK child in another family arrangement
    ("[PERSON_1] (15) is privately fostered at her best friend's house since mum kicked her out.", "8E"),
    ("[PERSON_1] (14) has been staying at his mate's house for six weeks after rows at home.", "8E"),
    # the note does not say which kind: 8F
    ("[PERSON_1] (12) is privately fostered by a family friend; the PF assessment is under way.", "8F"),
]
# fmt: on


@pytest.mark.parametrize("text,code", SUBTYPES, ids=[row[0][:40] for row in SUBTYPES])
def test_private_fostering_takes_the_subtype_the_note_makes_clear(extractor, text, code):
    assert pf_codes(extractor.extract(text)) == [code]


def test_a_subtype_cue_without_private_fostering_is_no_factor(extractor):
    """A flight home or a football academy says nothing of fostering by itself."""
    result = extractor.extract("[PERSON_1] (15) flies home to [LOCATION] after his football academy trial.")
    assert pf_codes(result) == []
    assert not [m for m in result["mentions"] if m["kind"] == "factor" and m["label"].startswith("8")]


def test_a_negated_cue_does_not_choose_the_subtype(extractor):
    result = extractor.extract("[PERSON_1] (13) is privately fostered by Ms [PERSON_2]. She is not going home to [LOCATION].")
    assert pf_codes(result) == ["8F"]


def test_the_group_mentions_take_the_chosen_subtype_and_no_need(extractor):
    """Every current private fostering mention carries the subtype (review finds them consistent);
    private fostering is an arrangement, so it brings no abuse_exploitation need with it."""
    result = extractor.extract("[PERSON_1] (16) lives with a host family and flies back to [LOCATION] in July.")
    labels = {m["label"] for m in result["mentions"] if m["kind"] == "factor"}
    assert labels == {"8B"} and result[F] == ["8B"]
    assert "abuse_exploitation" not in result[N]


def test_settle_subtypes_takes_the_most_named_subtype():
    taxonomy = load_taxonomy()

    def mention(label, start, status="current"):
        return {"kind": "factor", "label": label, "start": start, "end": start + 1, "status": status, "subject": "child"}

    mentions = [mention("8F", 0), mention("8D", 5), mention("8B", 9), mention("8D", 12), mention("8C", 20, "negated")]
    settled = settle_subtypes(mentions, taxonomy)
    assert [m["label"] for m in settled] == ["8D", "8D", "8D"]
    assert settle_subtypes([mention("8B", 3)], taxonomy) == []  # no private fostering: the cue goes


def test_subtype_cues_are_data_an_overlay_can_extend(tmp_path):
    overlay = tmp_path / "ours.yaml"
    overlay.write_text("subtypes:\n  8D:\n    - county youth orchestra\n", encoding="utf-8")
    taxonomy = load_taxonomy(overlay)
    assert any(t.kind == "subtype" and t.category == "8D" and t.literal == "county youth orchestra" for t in taxonomy.terms)
    overlay.write_text("subtypes:\n  8Z:\n    - somewhere\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="8Z"):
        load_taxonomy(overlay)


def test_a_term_subject_is_for_factor_terms_only(tmp_path):
    overlay = tmp_path / "ours.yaml"
    overlay.write_text("needs:\n  housing:\n    - {literal: sofa surfing, subject: child}\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="subject"):
        load_taxonomy(overlay)
    overlay.write_text("factors:\n  alcohol_misuse:\n    - {literal: on the sherry, subject: grandparent}\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="subject"):
        load_taxonomy(overlay)


# fmt: off
WHOSE = [
    # adult learning-disability services: the parent's, when the sentence names nobody
    ("[PERSON_1] (6) seen at school. Letters to go in easy read; PAMS assessment booked.", ["5B"], ["5A"]),
    # young people's drinking and drug words: the child's
    ("Found drinking Frosty Jack's in the park on Friday.", ["1A"], ["1B"]),
    ("Smoking weed most days and sniffing ket at weekends.", ["2A"], ["2B"]),
    # a named parent still decides
    ("Dad smokes weed in the garden every evening.", ["2B"], ["2A"]),
    # a child's low mood, panic, sleep and hopelessness in everyday words
    ("Not sleeping, nightmares most nights since the fire.", ["4A"], ["4B"]),
    ("Says nobody cares and she is a burden on everyone.", ["4A"], ["4B"]),
    ("Panic before lessons; can't switch her head off at night.", ["4A"], ["4B"]),
    # a baby's sleep is no mental health concern
    ("Baby not sleeping through yet, feeds 3-hourly.", [], ["4A", "4B"]),
    ("No nightmares since the move.", [], ["4A"]),
]
# fmt: on


@pytest.mark.parametrize("text,present,absent", WHOSE, ids=[row[0][:40] for row in WHOSE])
def test_words_that_say_whose_concern_it_is(extractor, text, present, absent):
    factors = set(extractor.extract(text)[F])
    assert set(present) <= factors, factors
    assert not set(absent) & factors, factors


def test_a_saved_pipeline_keeps_subtypes_and_term_subjects(extractor, tmp_path):
    import spacy

    from casenotes.extract import Extractor

    extractor.to_disk(tmp_path / "pipeline")
    loaded = Extractor(nlp=spacy.load(tmp_path / "pipeline"))
    assert pf_codes(loaded.extract(SUBTYPES[4][0])) == ["8D"]
    assert "1A" in loaded.extract(WHOSE[1][0])[F]
