"""UkInstitutionRecognizer: named schools, nurseries, GP surgeries and hospitals."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkInstitutionRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkInstitutionRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["SCHOOL", "NURSERY", "GP_SURGERY", "HOSPITAL"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_entity",
    [
        # fmt: off
        # valid: schools, including faith-school names
        ("attends Oakwood Primary School", 1, ((8, 30),), "SCHOOL"),
        ("St Mary's C of E Primary School", 1, ((0, 31),), "SCHOOL"),
        ("St. Mary's School", 1, ((0, 17),), "SCHOOL"),
        ("Our Lady of Lourdes RC Primary", 1, ((0, 30),), "SCHOOL"),
        ("Holy Trinity CE Academy", 1, ((0, 23),), "SCHOOL"),
        ("Kingsmead Academy", 1, ((0, 17),), "SCHOOL"),
        ("Leeds City College", 1, ((0, 18),), "SCHOOL"),
        ("Oakwood Pupil Referral Unit", 1, ((0, 27),), "SCHOOL"),
        ("moved to Oakwood PRU", 1, ((9, 20),), "SCHOOL"),
        # valid: lower-case names of distinctive types (weaker)
        ("oakwood primary", 1, ((0, 15),), "SCHOOL"),
        ("at kingsmead academy", 1, ((3, 20),), "SCHOOL"),
        ("st marys primary", 1, ((0, 16),), "SCHOOL"),
        # valid: nurseries, GP surgeries, hospitals
        ("Beeston Day Nursery", 1, ((0, 19),), "NURSERY"),
        ("Little Acorns Pre-School", 1, ((0, 24),), "NURSERY"),
        ("Beeston Children's Centre", 1, ((0, 25),), "NURSERY"),
        ("Park Lane Surgery", 1, ((0, 17),), "GP_SURGERY"),
        ("registered at Hillside Medical Centre", 1, ((14, 37),), "GP_SURGERY"),
        ("Leeds General Infirmary", 1, ((0, 23),), "HOSPITAL"),
        ("St James's University Hospital", 1, ((0, 30),), "HOSPITAL"),
        ("Royal Manchester Children's Hospital", 1, ((0, 36),), "HOSPITAL"),
        ("Leeds Teaching Hospitals NHS Trust", 1, ((0, 34),), "HOSPITAL"),
        # valid: leading sentence/role words trimmed
        ("At Oakwood Primary today", 1, ((3, 18),), "SCHOOL"),
        ("Head of Oakwood Academy called", 1, ((8, 23),), "SCHOOL"),
        # invalid: generic phrases with no name
        ("the school", 0, (), None),
        ("her primary school", 0, (), None),
        ("secondary school", 0, (), None),
        ("in high school", 0, (), None),
        ("the nursery", 0, (), None),
        ("GP surgery", 0, (), None),
        ("GP Surgery", 0, (), None),
        ("A&E", 0, (), None),
        ("the hospital", 0, (), None),
        ("Children's Hospital", 0, (), None),
        ("The School said", 0, (), None),
        # invalid: services that must be kept
        ("Early Help", 0, (), None),
        ("Children's Services", 0, (), None),
        ("Police", 0, (), None),
        ("CAMHS", 0, (), None),
        ("Special School", 0, (), None),
        ("the Virtual School", 0, (), None),
        ("Family Hub", 0, (), None),
        # tricky: verbs and sports before a type word
        ("left school early", 0, (), None),
        ("had surgery", 0, (), None),
        ("she left primary in 2020", 0, (), None),
        ("football academy on Saturdays", 0, (), None),
        # fmt: on
    ],
)
def test_when_institutions_in_text_then_all_institutions_found(
    text, expected_len, expected_positions, expected_entity, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
    for result in results:
        assert result.entity_type == expected_entity


def test_when_only_some_entities_requested_then_others_not_returned(recognizer):
    text = "Oakwood Primary School and Park Lane Surgery"
    results = recognizer.analyze(text, ["GP_SURGERY"])
    assert [(r.entity_type, text[r.start : r.end]) for r in results] == [
        ("GP_SURGERY", "Park Lane Surgery")
    ]


def test_when_created_then_all_four_entities_supported(recognizer):
    assert recognizer.get_supported_entities() == ["SCHOOL", "NURSERY", "GP_SURGERY", "HOSPITAL"]
