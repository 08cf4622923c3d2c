"""eval/leakcheck_recall.py --real: where the redactor's real misses sit in its own output, and how they are scored."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

from leakcheck_recall import VARIANTS, real_misses, redacted_offsets, score, variant_scores  # noqa: E402

from casenotes.redact.leakcheck import DICTIONARY, RULES, Finding  # noqa: E402


def span(text: str, surface: str, kind: str) -> dict:
    start = text.index(surface)
    return {"start": start, "end": start + len(surface), "type": kind}


def test_redacted_offsets_follow_the_placeholders():
    text = "Tom met Ann Lee today."
    redacted = "[PERSON_1] met [PERSON_2] today."
    where = redacted_offsets([(0, 3), (8, 15)], redacted, text)
    assert where[0] == -1 and where[8] == -1
    assert all(redacted[where[i]] == text[i] for i in range(len(text)) if where[i] >= 0)
    assert redacted[where[text.index("today")]:].startswith("today")


def test_real_misses_are_the_characters_left_of_partly_and_wholly_missed_identifiers():
    text = "Mr Tom Bell and Ann met at Leeds on 3 May."
    gold = [span(text, "Mr Tom Bell", "PERSON"), span(text, "Ann", "PERSON"), span(text, "Leeds", "LOCATION"),
            span(text, "3 May", "DATE")]
    replaced = [(3, 6)]  # only "Tom": "Bell", "Ann" and "Leeds" stay; the date is kept by design
    redacted = "Mr [PERSON_1] Bell and Ann met at Leeds on 3 May."
    misses = real_misses(text, gold, replaced, redacted)
    assert [(m["type"], [redacted[a:b] for a, b in m["intervals"]], m["partly_redacted"]) for m in misses] == [
        ("PERSON", ["Bell"], True), ("PERSON", ["Ann"], False), ("LOCATION", ["Leeds"], False)]


def test_a_title_or_punctuation_left_behind_is_not_a_miss():
    text = "Ms Ann Lee lives at 4 High St, Leeds."
    gold = [span(text, "Ms Ann Lee", "PERSON"), span(text, "4 High St, Leeds", "UK_ADDRESS")]
    replaced = [(3, 10), (20, 29), (31, 36)]
    redacted = "Ms [PERSON_1] lives at [UK_ADDRESS_1], [LOCATION_1]."
    assert real_misses(text, gold, replaced, redacted) == []


def test_score_counts_a_miss_found_when_a_finding_touches_what_is_left_and_other_findings_as_false_alarms():
    leaks = [[{"type": "PERSON", "intervals": [[10, 14]]}, {"type": "LOCATION", "intervals": [[30, 35]]}]]
    findings = [[Finding(12, 14, "PERSON", (DICTIONARY,)), Finding(40, 44, "PERSON", (RULES,))]]
    found, support, false_alarms = score(findings, leaks, (DICTIONARY,))
    assert found == {"PERSON": 1, "LOCATION": 0} and support == {"PERSON": 1, "LOCATION": 1} and false_alarms == 0
    assert score(findings, leaks, (RULES, DICTIONARY))[2] == 1
    scores = variant_scores(findings, leaks, notes=1, with_type_intervals=True)
    assert set(scores) == set(VARIANTS)
    union = scores["union (new check)"]
    assert union["recall"] == 0.5 and union["false_alarms_per_100_notes"] == 100.0
    assert union["by_type"]["PERSON"]["interval"] == (0.207, 1.0)  # Wilson 95% interval of 1 in 1
