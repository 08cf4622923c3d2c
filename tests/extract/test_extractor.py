"""End-to-end extraction on the hard cases the issue pins down, and the result contract."""

from __future__ import annotations

import json

import pytest

from casenotes.extract import Extractor

# fmt: off
HARD_CASES = [
    # text,                                                          factors, mention label, status,         subject
    ("No concerns re alcohol.",                                       [],      "1B",  "negated",       "parent_carer"),
    ("Mum denies DA.",                                                [],      "3B",  "negated",       "parent_carer"),
    ("If dad returns to the home the DA may start again.",           [],      "3B",  "hypothetical",  "parent_carer"),
    ("Dad has historic heroin use, abstinent since 2015.",            [],      "2B",  "historical",    "parent_carer"),
    ("MGM drinks heavily.",                                           ["1C"],  "1C",  "current",       "household_member"),
    ("YP smoking cannabis daily.",                                    ["2A"],  "2A",  "current",       "child"),
    ("Dad hit mum in front of the children.",                         ["3B"],  "3B",  "current",       "parent_carer"),
    ("[PERSON_1] (15) says her boyfriend controls her phone.",        ["3A"],  "3A",  "current",       "child"),
    ("Mum ([PERSON_2]) said [PERSON_1] (7) had a bruise to cheek.",   ["18C"], "18C", "current",       "child"),
    ("[PERSON_1] (8) was hit by an older sibling.",                   ["18B"], "18B", "current",       "child"),
    ("Mum said dad hits [CHILD_1] with a belt.",                      ["18C"], "18C", "current",       "child"),
    ("Uncle (does not live at the property) uses cocaine.",           [],      "drug_misuse", "current", "outside_household"),
    ("Mum's partner [PERSON_3] smelt of alcohol at 11am.",            ["1B"],  "1B",  "current",       "parent_carer"),
    ("[PERSON_2] (mum) has depression but dad says YP is anxious.",   ["4A", "4B"], "4B", "current",   "parent_carer"),
]
# fmt: on


@pytest.mark.parametrize("text, factors, label, status, subject", HARD_CASES)
def test_extractor_hard_cases(extractor, text, factors, label, status, subject):
    result = extractor.extract(text)
    assert result["factors"] == factors
    assert (label, status, subject) in [(m["label"], m["status"], m["subject"]) for m in result["mentions"]]


# fmt: off
@pytest.mark.parametrize("text, service, status", [
    ("[PERSON_1] is not known to CAMHS.",                  "Child and Adolescent Mental Health Services", "mentioned"),
    ("Referral to Early Help declined by mum.",            "Early Help",                                  "declined"),
    ("Mum declined the referral to Early Help.",           "Early Help",                                  "declined"),
    ("GP has referred her to CAMHS.",                      "Child and Adolescent Mental Health Services", "referred"),
    ("Case closed to CAMHS in 2022.",                      "Child and Adolescent Mental Health Services", "closed"),
    ("Previously known to YOS.",                           "Youth Justice Service",                       "closed"),
    ("IDVA supporting mum.",                               "Independent Domestic Violence Advocate",      "involved"),
    ("NFA.",                                               "Children's social care",                      "closed"),
    ("Advised to contact Citizens Advice.",                "Welfare benefits and debt advice",            "mentioned"),
])
# fmt: on
def test_extractor_service_status(extractor, text, service, status):
    result = extractor.extract(text)
    assert (service, status) in [(m["label"], m["status"]) for m in result["mentions"] if m["kind"] == "service"]
    assert (service in result["services"]) == (status in ("involved", "referred"))


# fmt: off
@pytest.mark.parametrize("text, absent", [
    ("Mum has CP and uses a wheelchair.",      "Children's social care"),   # CP = cerebral palsy here
    ("[CHILD_1] has SN and an EHCP.",          "School nurse"),             # SN = special needs here
])
# fmt: on
def test_extractor_ambiguous_abbreviations_resolved_by_context(extractor, text, absent):
    assert absent not in {m["label"] for m in extractor.extract(text)["mentions"]}


def test_extractor_cp_as_child_protection(extractor):
    result = extractor.extract("Child is subject to a CP plan.")
    assert any(m["label"] == "Children's social care" for m in result["mentions"])  # found ...
    assert "Children's social care" not in result["services"]  # ... never counted: the notes' own service (the guide)


def test_extractor_missing_education_is_not_going_missing(extractor):
    result = extractor.extract("[PERSON_1] (12) is missing education.")
    assert "10A" not in result["factors"] and "education" in result["needs"]


def test_extractor_terminate_ends_negation_scope(extractor):
    result = extractor.extract("Dad denies any cannabis use, however the flat smelt strongly of weed.")
    assert [m["status"] for m in result["mentions"] if m["kind"] == "factor"] == ["negated", "current"]
    assert result["factors"] == ["2B"]


def test_extractor_mentions_point_into_the_text(extractor):
    text = "Family in TA with rent arrears; MGM drinks heavily."
    result = extractor.extract(text)
    spans = {text[m["start"]:m["end"]] for m in result["mentions"]}
    assert {"in TA", "rent arrears", "drinks heavily"} <= spans
    assert result["needs"] == ["financial", "housing", "substance_use"]


def test_extractor_result_is_json_serialisable_with_contract_keys(extractor):
    result = extractor.extract("Mum ([PERSON_2]) has bipolar and is under the CMHT.")
    json.dumps(result)
    assert set(result) == {"factors", "needs", "services", "mentions"}
    assert set(result["mentions"][0]) == {"kind", "label", "start", "end", "negated", "hypothetical", "historical",
                                          "subject", "status", "source"}


def test_extractor_pipe_matches_extract(extractor):
    texts = ["MGM drinks heavily.", "", "Mum denies DA."]
    assert list(extractor.pipe(texts, batch_size=2)) == [extractor.extract(t) for t in texts]


def test_extractor_overlay_lexicon_finds_council_terms(tmp_path):
    overlay = tmp_path / "sometown.yaml"
    overlay.write_text("factors:\n  drug_misuse: [bags of spice]\n"
                       "services:\n  new_services:\n    - {service: Sometown Family Hub Plus, aliases: [SFHP]}\n",
                       encoding="utf-8")
    result = Extractor(extra_lexicon=overlay).extract("Dad found with bags of spice. Referred to SFHP.")
    assert result["factors"] == ["2B"]
    assert result["services"] == ["Sometown Family Hub Plus"]


def test_extractor_mentions_on_the_same_words_keep_their_own_status():
    # "food bank" is both a service alias and a financial-need term: the service is declined, the need is current
    from casenotes.extract import Extractor

    result = Extractor().extract("Referral to food bank declined by mum.")
    statuses = {(m["kind"], m["label"]): m["status"] for m in result["mentions"]}
    assert statuses[("service", "Food bank and crisis support")] == "declined"
    assert statuses[("need", "financial")] == "current"
    assert result["services"] == [] and result["needs"] == ["financial"]
