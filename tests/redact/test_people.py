"""Known people: role placeholders for every written form of a listed name."""

from __future__ import annotations

import pytest

from casenotes.redact.people import KnownPeople, PeopleTableError, assign_placeholders, load_people_table

FAMILY = [("Jade Marie Smith", "child"), ("Tyler Smith", "child"), ("Kerry Smith", "mother"),
          ("Will Dobbs", "father"), ("Oluwaseun Adeyemi", "partner"), ("Nadia Begum", "professional")]


def test_assign_placeholders_numbers_roles_in_table_order():
    labels = [p.placeholder for p in assign_placeholders(FAMILY)]
    assert labels == ["CHILD_1", "CHILD_2", "MOTHER", "FATHER", "PARTNER_1", "PROFESSIONAL_1"]


def test_assign_placeholders_numbers_a_second_mother():
    labels = [p.placeholder for p in assign_placeholders([("A B", "mother"), ("C D", "mother")])]
    assert labels == ["MOTHER_1", "MOTHER_2"]


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.placeholder) for m in KnownPeople(FAMILY).find(text)]


# fmt: off
@pytest.mark.parametrize("text, expected", [
    # full name, first name, middle name, lower case
    ("Jade Marie Smith attended",           [("Jade Marie Smith", "CHILD_1")]),
    ("spoke to jade and tyler",             [("jade", "CHILD_1"), ("tyler", "CHILD_2")]),
    ("Marie was upset",                     [("Marie", "CHILD_1")]),
    # misspelt by one letter
    ("Jayde said she was hungry",           [("Jayde", "CHILD_1")]),
    ("Oluwaseun visited",                   [("Oluwaseun", "PARTNER_1")]),
    ("SW Nadia Begum",                      [("Nadia Begum", "PROFESSIONAL_1")]),
    # a shared surname alone means the first adult holding it
    ("Ms Smith reports rent arrears",       [("Smith", "MOTHER")]),
    # a name that is also a word: capitalised only
    ("Will said he will not return",        [("Will", "FATHER")]),
])
# fmt: on
def test_known_people_find_every_written_form(text, expected):
    assert found(text) == expected


def test_known_people_do_not_fuzzy_match_common_words():
    assert found("she was seen at home with the family") == []


def test_load_people_table_reports_row_not_name(tmp_path):
    table = tmp_path / "people.csv"
    table.write_text("case_id,name,role\nC1,Jade Smith,child\nC1,Secret Person,aunt\n")
    with pytest.raises(PeopleTableError) as error:
        load_people_table(table)
    assert "row 3" in str(error.value) and "Secret" not in str(error.value)


def test_load_people_table_groups_by_case(tmp_path):
    table = tmp_path / "people.csv"
    table.write_text("case_id,name,role\nC1,Jade Smith,child\nC2,Amir Khan,father\nC1,Kerry Smith,Mother\n")
    assert load_people_table(table) == {"C1": [("Jade Smith", "child"), ("Kerry Smith", "mother")],
                                        "C2": [("Amir Khan", "father")]}


def test_known_people_possessive_keeps_its_s():
    assert found("Kerry's mobile") == [("Kerry", "MOTHER")]


# fmt: off
@pytest.mark.parametrize("text, expected", [
    # a case system's "SURNAME, Given" order, in the table and in the note, is one person and one mention
    ("From: Okonkwo, Chidera (SW)",          [("Okonkwo, Chidera", "PROFESSIONAL_1")]),
    ("Chidera Okonkwo rang",                 [("Chidera Okonkwo", "PROFESSIONAL_1")]),
    ("Chidera rang; Okonkwo to follow up",   [("Chidera", "PROFESSIONAL_1"), ("Okonkwo", "PROFESSIONAL_1")]),
    # near miss: a list of two listed people stays two mentions
    ("Okonkwo, Tamsin and Chidera attended", [("Okonkwo", "PROFESSIONAL_1"), ("Tamsin", "CHILD_1"),
                                              ("Chidera", "PROFESSIONAL_1")]),
])
# fmt: on
def test_surname_comma_given_order(text, expected):
    people = KnownPeople([("Tamsin Greaves", "child"), ("OKONKWO, Chidera", "professional")])
    assert [(text[m.start:m.end], m.placeholder) for m in people.find(text)] == expected
