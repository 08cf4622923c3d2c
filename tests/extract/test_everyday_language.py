"""Concerns written in everyday words, and who they are about (issue 15).

Each sentence is invented for this file (fictional people, placeholders as the redactor writes them).
Rows: text, labels that must be among the note-level results, labels that must not be.
"""

from __future__ import annotations

import pytest

F, N = "factors", "needs"

# fmt: off
EVERYDAY = [
    # --- young carer: caring tasks, not the words "young carer" -------------------------------------
    ("[CHILD_1] (12) does the shopping and collects her mum's prescriptions.", {F: ["7A"], N: ["health"]}, []),
    ("[CHILD_1] (10) interprets for mum at the housing office.", {F: ["7A"]}, []),
    ("[CHILD_1] (9) helps Grandad with his oxygen before school.", {F: ["7A"]}, []),
    ("[CHILD_1] (14) gets [CHILD_2] dressed and minds her little brother after school.", {F: ["7A"]}, []),
    # the same tasks done by an adult are no concern, and no need either
    ("Dad does the shopping on Saturdays and cooks most nights.", {}, ["7A", "health"]),
    # --- everyday illness and disability, with the subject letter -------------------------------------
    ("Mother: [PERSON_1] (31). [PERSON_2] (4). [PERSON_1] has a learning disability.", {F: ["5B"]}, ["5A"]),
    ("[PERSON_2] (3) and [PERSON_3] (1) seen at home. [PERSON_4] has epilepsy.", {F: ["6B"]}, ["6A"]),
    ("Mum [PERSON_1] (29). [PERSON_1]'s mum [PERSON_3] lives with them and has Parkinson's.", {F: ["6C"]}, ["6B"]),
    ("Po Po had a stroke in the spring and needs help with washing.", {F: ["6C"]}, ["6A"]),
    ("Babcia is on home oxygen now.", {F: ["6C"]}, []),
    ("Mum needs her letters in easy read and the CLDT nurse visits.", {F: ["5B"]}, ["5A"]),
    # --- mental health: screening scores and plain words ---------------------------------------------
    ("EPDS 16 at the visit today.", {F: ["4B"]}, []),
    ("EPDS 6 at the visit today.", {}, ["4B"]),
    ("Uncle was detained under section 3 on Friday.", {F: ["4C"]}, []),
    # --- alcohol in slang ---------------------------------------------------------------------------
    ("Grandad is at the pub every afternoon.", {F: ["1C"]}, ["1B"]),
    ("MGM had a skinful on Sunday and was legless by teatime.", {F: ["1C"]}, []),
    # --- emotional harm ----------------------------------------------------------------------------
    ("Stepdad calls him useless and says he is caught in the middle.", {F: ["17A"]}, []),
    # --- needs -------------------------------------------------------------------------------------
    ("ASQ-3 communication below cut-off; very few words for his age.", {N: ["early_years"]}, []),
    ("Five of them in a two-bed flat, bidding on a bigger place.", {N: ["housing"]}, []),
    ("[CHILD_1] has missed 12 days this term and is late to school most days.", {N: ["education"]}, []),
    ("Rows about money are getting worse.", {N: ["family_relationships"]}, []),
]
# fmt: on


@pytest.mark.parametrize("text,expected,absent", EVERYDAY, ids=[row[0][:40] for row in EVERYDAY])
def test_everyday_language(extractor, text, expected, absent):
    result = extractor.extract(text)
    for field, labels in expected.items():
        assert set(labels) <= set(result[field]), (field, result[field])
    found = set(result[F]) | set(result[N])
    assert not set(absent) & found, found


@pytest.mark.parametrize("text,label,status", [
    ("Dad used to be on the vodka years ago but has been sober since 2019.", "1B", "historical"),
    ("No concerns about panic attacks.", "4B", "negated"),
])
def test_everyday_terms_keep_their_context(extractor, text, label, status):
    result = extractor.extract(text)
    assert (label, status) in {(m["label"], m["status"]) for m in result["mentions"] if m["kind"] == "factor"}
    assert label not in result[F]


def test_a_parent_doing_household_tasks_leaves_no_mention_behind(extractor):
    """The young-carer span stays as evidence about the adult, with no census code and no need."""
    result = extractor.extract("Mum does the shopping and makes tea most nights.")
    factor = [m for m in result["mentions"] if m["kind"] == "factor"]
    assert factor and all(m["label"] == "young_carer" and m["subject"] == "parent_carer" for m in factor)
    assert not [m for m in result["mentions"] if m["kind"] == "need"]
