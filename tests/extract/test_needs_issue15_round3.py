"""Needs, third round of issue 15: needs evidenced by a service's involvement, the crime need, everyday health needs.

Each row: an invented sentence (no corpus text), needs that must be in the note-level set, needs that must not be.
The rules live in casenotes/taxonomy/data/taxonomy.yaml (`service_needs`) and the needs section of lexicon.yaml.
"""

from __future__ import annotations

import pytest

from casenotes.taxonomy import TaxonomyError, load_taxonomy
from casenotes.taxonomy.loader import _with_service_needs

# fmt: off
NEEDS = [
    # --- a service whose work is one need, involved or referred now, evidences it -------------------
    ("Mum is meeting her IDVA weekly and has a safety plan.",              ["domestic_abuse"],     []),
    ("Referral made to CAMHS today; GP supports it.",                       ["health"],             []),
    ("Dad attends the drug and alcohol team every Tuesday.",               ["substance_use"],      []),
    ("[CHILD_1] has a YOT worker since the summer.",                       ["crime"],              []),
    ("Seen at the SARC on Saturday with the police.",                      ["abuse_exploitation"], []),
    # --- ... but not when it is negated, an option, or a service of many needs -----------------------
    ("Not known to CAMHS.",                                                [],                     ["health"]),
    ("Could consider a referral to CAMHS if this continues.",              [],                     ["health"]),
    ("Mum declined the offer of an IDVA referral.",                        [],                     ["domestic_abuse"]),
    ("The school rang mum about the trip money.",                          [],                     ["education"]),
    ("Police attended to return a lost bike.",                             [],                     ["crime"]),
    ("Taken to A&E after falling off the trampoline, no fracture.",        [],                     ["health"]),
    # --- the crime need: a child's offending or a parent in prison, not the police process alone ---------
    ("Mum's ex-partner was arrested and is on bail not to come to the house.", [],                 ["crime"]),
    ("He was charged after the incident at mum's and released under investigation.", [],          ["crime"]),
    ("[CHILD_1] was caught shoplifting from the corner shop again.",       ["crime"],              []),
    ("Dad is in prison until next spring; the children write to him.",     ["crime"],              []),
    # --- everyday health needs that are no census factor -------------------------------------------------
    ("Failed her eye test at school and now needs glasses.",               ["health"],             []),
    ("On antibiotics for a chest infection since Monday.",                 ["health"],             []),
    ("Three teeth with visible decay; dentist booked.",                    ["health"],             []),
    ("Fitted with hearing aids last month, wearing them in class.",        ["health"],             []),
    ("Weekly play therapy starts after half term.",                        ["health"],             []),
    ("Eats well, sleeps through, growing along her centile.",              [],                     ["health"]),
    ("No infection, the wound has healed well.",                           [],                     ["health"]),
    # --- a small child's words counted -------------------------------------------------------------------
    ("At 2 he has about 15 single words and points for the rest.",          ["early_years"],        []),
    ("No words; she pulls mum to what she wants.",                         ["early_years"],        []),
    ("He said a few words to the nurse and then hid.",                     [],                     ["early_years"]),
]

CARE = "Children in care / fostering / adoption"
SERVICES = [
    # --- FC is a foster carer, unless a club's name stands before it ---------------------------------------
    ("FC [PERSON_2] rang to say he is settled after the move.",            [CARE],  []),
    ("Visit to FCs [PERSON_1] and [PERSON_2] this afternoon.",             [CARE],  []),
    ("With FC [PERSON_3] at the review.",                                  [CARE],  []),
    ("He trains with Westbury Rovers FC on Thursdays.",                    [],      [CARE]),
    ("Trials at [LOCATION] FC academy next month.",                        [],      [CARE]),
    # --- foster care, kinship care, a children's home by name ---------------------------------------------
    ("She has been in foster care since the spring.",                      [CARE],  []),
    ("The kinship placement with her aunt is going well.",                 [CARE],  []),
    ("Meeting at Birchwood residential with the manager and key worker.",  [CARE],  []),
    ("Kids stay home with mum, no need for foster care.",                  [],      [CARE]),
    ("Mum hopes to start a residential rehab in June.",                    [],      [CARE]),
]
# fmt: on


@pytest.mark.parametrize("text, present, absent", SERVICES)
def test_third_round_services(expect_labels, text, present, absent):
    expect_labels("services", text, present, absent)


@pytest.mark.parametrize("text, present, absent", NEEDS)
def test_third_round_needs(expect_labels, text, present, absent):
    expect_labels("needs", text, present, absent)


def test_a_service_need_is_a_traceable_need_mention_on_the_service_words(extractor):
    text = "Mum is meeting her IDVA weekly."
    result = extractor.extract(text)
    service = [m for m in result["mentions"] if m["kind"] == "service"]
    need = [m for m in result["mentions"] if m["kind"] == "need" and m["label"] == "domestic_abuse"]
    assert [text[m["start"]:m["end"]] for m in service] == ["IDVA"]
    assert [(text[m["start"]:m["end"]], m["status"]) for m in need] == [("IDVA", "current")]


def test_a_closed_service_evidences_no_need_now(extractor):
    result = extractor.extract("CAMHS closed the case in the spring.")
    statuses = {m["status"] for m in result["mentions"] if m["kind"] == "service"}
    assert statuses == {"closed"}
    assert "health" not in result["needs"]


def test_service_needs_are_loaded_for_the_named_services_only():
    taxonomy = load_taxonomy()
    assert taxonomy.services["Independent Domestic Violence Advocate"].need == "domestic_abuse"
    assert taxonomy.services["Youth Justice Service"].need == "crime"
    assert taxonomy.services["School"].need is None
    assert taxonomy.services["Police"].need is None


def test_service_needs_name_known_services_and_needs():
    taxonomy = load_taxonomy()
    services, needs = dict(taxonomy.services), dict(taxonomy.needs)
    with pytest.raises(TaxonomyError, match="unknown service"):
        _with_service_needs(services, {"The Moon Team": "health"}, needs)
    with pytest.raises(TaxonomyError, match="unknown need"):
        _with_service_needs(services, {"NSPCC": "happiness"}, needs)


def test_a_saved_pipeline_keeps_the_service_needs(extractor, tmp_path):
    from casenotes.extract import Extractor

    extractor.to_disk(tmp_path / "pipeline")
    loaded = Extractor.load(tmp_path / "pipeline")
    assert "substance_use" in loaded.extract("Referred to the substance misuse service today.")["needs"]
