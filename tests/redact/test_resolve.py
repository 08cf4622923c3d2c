"""Span resolution: merging, keep-list trimming, propagation and consistent person placeholders."""

from __future__ import annotations

from casenotes.redact.resolve import (
    CaseMemory,
    Found,
    PersonIndex,
    join_adjacent_names,
    merge_overlapping,
    propagate_names,
    trim_keep_words,
)


def test_merge_overlapping_unions_and_keeps_strongest_type():
    spans = [Found(0, 10, "UK_ADDRESS", 0.9), Found(5, 15, "UK_POSTCODE", 0.6), Found(20, 25, "PERSON", 0.5)]
    assert merge_overlapping(spans) == [Found(0, 15, "UK_ADDRESS", 0.9), Found(20, 25, "PERSON", 0.5)]


def test_merge_overlapping_known_person_keeps_its_placeholder():
    spans = [Found(0, 10, "PERSON", 0.85), Found(0, 4, "PERSON", 1.0, "CHILD_1")]
    assert merge_overlapping(spans)[0].person == "CHILD_1"


def test_join_adjacent_names_joins_first_name_and_surname():
    text = "Kacper Nowak attended"
    assert join_adjacent_names(text, [Found(0, 6, "PERSON", 0.7), Found(7, 12, "PERSON", 0.5)]) == [Found(0, 12, "PERSON", 0.7)]


def test_trim_keep_words_drops_role_words_and_titles():
    text = "Mum Sarah said"
    assert trim_keep_words(text, Found(0, 9, "PERSON", 0.85)) == Found(4, 9, "PERSON", 0.85)
    assert trim_keep_words("CAMHS", Found(0, 5, "PERSON", 0.85)) is None


def test_trim_keep_words_leaves_identifiers_alone():
    span = Found(0, 5, "UK_POSTCODE", 0.9)
    assert trim_keep_words("Mum 1", span) == span


def test_propagate_names_finds_other_forms_but_not_the_verb():
    text = "Will arrived. will was upset? He will call. WILL left."
    found = [(text[s.start:s.end]) for s in propagate_names(text, {"will"})]
    assert found == ["Will", "will", "WILL"]  # lower-case "will was": the person; "will call": the verb
    text = "Kayden cried; later kayden laughed"
    assert [text[s.start:s.end] for s in propagate_names(text, {"kayden"})] == ["Kayden", "kayden"]


def test_person_index_reuses_placeholder_for_first_name_and_surname():
    index = PersonIndex()
    assert index.placeholder_for(["jade", "smith"]) == "PERSON_1"
    assert index.placeholder_for(["kyle", "smith"]) == "PERSON_2"
    assert index.placeholder_for(["jade"]) == "PERSON_1"
    assert index.placeholder_for(["kyle"]) == "PERSON_2"
    assert index.placeholder_for(["smith"]) == "PERSON_1"


def test_case_memory_is_bounded():
    memory = CaseMemory(max_cases=2)
    memory.index_for("a").placeholder_for(["x"])
    memory.index_for("b")
    memory.index_for("c")
    assert memory.index_for("a").count == 0  # forgotten, so starts again


def test_finaliser_warm_up_changes_no_case_and_no_result():
    """The pool's parent warms its finaliser up while workers start: no case is remembered and later notes
    read exactly as without it."""
    from casenotes.redact.finaliser import Finaliser
    from casenotes.redact.resolve import Found

    text = "Tamsin Orley (12) said Tamsin's brother Cal was at home. Cal agreed."
    spans = [Found(0, 12, "PERSON", 0.9), Found(40, 43, "PERSON", 0.9)]
    cold, warm = Finaliser(), Finaliser()
    warm.warm_up()
    assert warm.export_state() == []
    assert warm.finalise(text, spans, "case-1") == cold.finalise(text, spans, "case-1")
    assert warm.export_state() == cold.export_state()


def test_char_before_reads_as_the_stripped_prefix_does():
    """``char_before`` scans back instead of copying the prefix; it must answer as ``text[:at].rstrip(skip)[-1:]``."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from casenotes.redact.normalise import char_before

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=" \t.a\n:\"(", max_size=30), st.data(), st.sampled_from([" \t", " \t\"(", ""]))
    def check(text, data, skip):
        at = data.draw(st.integers(0, len(text)))
        assert char_before(text, at, skip) == text[:at].rstrip(skip)[-1:]

    check()


def test_sentence_start_checks_do_not_copy_the_text_before_each_span():
    """Placeholders for a long note: a name beside a name on every line of 1.4 MB must not cost a copy of the text
    before each one (that was quadratic: 2 s of a 1 MB note's serial finalising)."""
    import time

    from casenotes.redact.resolve import Found, names_beside_names

    line = "Seen with Odhran and Lorcan today 🙂\n"  # an emoji: four bytes a character, as real notes can be
    text = line * 40_000
    spans = [Found(i * len(line) + 10, i * len(line) + 16, "PERSON", 0.9) for i in range(40_000)]
    started = time.process_time()
    found = names_beside_names(text, spans)
    assert len(found) == 40_000
    assert time.process_time() - started < 3.0  # about 0.8 s here; the copying version took about 6 s
