"""Needs, issue 15 round needs24: wording families learnt from training and development authors (2+ authors each).

Each row: an invented sentence (no corpus text), needs that must be in the note-level set, needs that must not be.
Every family has a near miss beside it. The rules live in the needs section of casenotes/taxonomy/data/lexicon.yaml
and in ``service_needs`` of casenotes/taxonomy/data/taxonomy.yaml.
"""

from __future__ import annotations

import pytest

FAMILY = "family_relationships"

# fmt: off
NEEDS = [
    # --- family relationships --------------------------------------------------------------------------------------
    ("Her father says he will not have her back while she keeps going out.",   [FAMILY],        []),
    ("Mum isn't ready to have him home yet.",                                  [FAMILY],        []),
    ("Mum will have him on Saturdays as usual.",                               [],              [FAMILY]),
    ("His stepmum kicked him out on Sunday night.",                            [FAMILY],        []),
    ("He kicked out at the door when he was told no.",                         [],              [FAMILY]),
    ("She and her brother can't be in the same room anymore.",                 [FAMILY],        []),
    ("She is in the same room as her sister at nan's.",                        [],              [FAMILY]),
    ("Grandad told him he has broken this family.",                            [FAMILY],        []),
    ("The family broke the journey at a service station.",                     [],              [FAMILY]),
    ("[PERSON_2] is scared of going home tonight.",                            [FAMILY],        []),
    ("He is refusing to go home after school.",                                [FAMILY],        []),
    ("She went home after school and had tea.",                                [],              [FAMILY]),
    ("The twins fight every day over the tablet.",                             [FAMILY],        []),
    ("Mum and her partner argue constantly about the kids.",                   [FAMILY],        []),
    ("He plays football every day after school.",                              [],              [FAMILY]),
    # --- crime: police process words about someone outside the family are not the family's crime need ------------------
    ("The man who attacked her was remanded and is due in court.",          [],              ["crime"]),
    ("A neighbour was charged with ABH after the fight in the street.",        [],              ["crime"]),
    ("Dad is in prison until next spring.",                                    ["crime"],       []),
    # --- education: a pupil suspended, not contact or a placement -----------------------------------------------------
    ("He was suspended for two days for fighting.",                            ["education"],   []),
    ("[PERSON_4] has been suspended again this term.",                         ["education"],   []),
    ("Contact with dad is suspended pending the review.",                      [],              ["education"]),
    ("The placement is suspended while the LADO looks into it.",               [],              ["education"]),
    # --- financial: household debt, not a drug or journey debt --------------------------------------------------------
    ("Mum has council tax debt and bailiff letters.",                          ["financial"],   []),
    ("She has an appointment with a debt adviser on Monday.",                  ["financial"],   []),
    ("The older boys say he owes them a debt for the lost phone.",             [],              ["financial"]),
    # --- health: a DNA test is not a health need ----------------------------------------------------------------------
    ("The court ordered a DNA test to confirm paternity.",                     [],              ["health"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), NEEDS)
def test_needs24_wording(expect_labels, text, present, absent):
    expect_labels("needs", text, present, absent)


def test_alternative_provision_evidences_education(extractor):
    """A pupil placed at alternative provision has an education need, traced to the service mention."""
    result = extractor.extract("He goes to alternative provision three mornings a week.")
    assert "Alternative provision" in result["services"], result["services"]
    assert "education" in result["needs"]
    needs = [m for m in result["mentions"] if m["kind"] == "need" and m["label"] == "education"]
    services = [m for m in result["mentions"] if m["kind"] == "service" and m["label"] == "Alternative provision"]
    assert any((n["start"], n["end"]) == (s["start"], s["end"]) for n in needs for s in services)


def test_alternative_provision_not_involved_gives_no_need(extractor):
    result = extractor.extract("Alternative provision was not needed in the end.")
    assert "education" not in result["needs"]
