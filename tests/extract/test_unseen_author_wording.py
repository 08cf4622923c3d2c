"""Wording of authors the rules never saw (issue 15, round three): contracted negation, ended concerns named
after the mention, and everyday evidence of missing, trafficking, offending and sexual abuse.

Every sentence is invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

F = "factors"

# fmt: off
PRESENT = [
    # going missing: the interview after an episode, nights out, hours past a curfew
    ("Return home interview booked with [PERSON_1] for Thursday.", "10A"),
    ("RHI done at the library, she would not say where she stayed.", "10A"),
    ("[PERSON_1] (15) was out overnight again at the weekend.", "10A"),
    ("Nan rang at midnight: [PERSON_1] is three hours past curfew.", "10A"),
    # trafficking: the NRM referral and its decisions
    ("NRM submitted by the duty team on Monday.", "12A"),
    ("Conclusive grounds decision received for [PERSON_1] (16).", "12A"),
    # socially unacceptable behaviour in plain words
    ("[PERSON_1] (14) is on bail for a robbery at the bus station.", "14A"),
    ("[PERSON_1] (13) spat at a lunchtime supervisor.", "14A"),
    ("Arrested for possession of a knife outside the arcade.", "14A"),
    ("[PERSON_1] (12) threw a chair in the nurture room.", "14A"),
    # sexual abuse by an adult
    ("[PERSON_1] (14) says she has had sex with the 24-year-old twice.", "19C"),
    ("Police have charged the man with sexual activity with a child.", "19C"),
]

NOT_PRESENT = [
    # contracted and whole-clause negation
    ("[PERSON_1] (15) hasn't gone missing since the summer.", "10A"),
    ("[PERSON_1] (16) doesn't use drugs, he says.", "2A"),
    ("Nobody at home hits him, he told me.", "18C"),
    ("Neither parent uses drugs.", "2B"),
    # ended concerns, the ending written after the concern
    ("Mum had depression after the divorce, better now.", "4B"),
    ("Dad had postnatal depression after the twins and is well now.", "4B"),
    ("Her low mood has lifted since she started the coffee mornings.", "4B"),
    ("Police were called to DV incidents between 2011 and 2013.", "3B"),
    # 'missing' in other senses
    ("Referral made to the Missing Children Team for advice.", "10A"),
    ("[PERSON_1] (11) keeps missing insulin doses at school.", "10A"),
    ("[PERSON_1] (9) was upset about missing the school play.", "10A"),
    # crying alone is not a mental-health concern
    ("Mum was tearful when we talked about the move.", "4B"),
]
# fmt: on


@pytest.mark.parametrize("text,code", PRESENT, ids=[row[0][:40] for row in PRESENT])
def test_everyday_evidence_counts(extractor, text, code):
    assert code in extractor.extract(text)[F]


@pytest.mark.parametrize("text,code", NOT_PRESENT, ids=[row[0][:40] for row in NOT_PRESENT])
def test_negated_ended_or_other_senses_stay_out(extractor, text, code):
    assert code not in extractor.extract(text)[F]


@pytest.mark.parametrize("text,label,status", [
    ("He hasn't gone missing this month.", "10A", "negated"),
    ("Mum had anxiety in her twenties, long resolved.", "4B", "historical"),
    ("Dad used cocaine in his 20s.", "2B", "historical"),
])
def test_the_mention_stays_as_evidence_with_its_context(extractor, text, label, status):
    """Kept-out mentions are still written, with their context, so a reviewer sees why they do not count."""
    mentions = {(m["label"], m["status"]) for m in extractor.extract(text)["mentions"] if m["kind"] == "factor"}
    assert (label, status) in mentions
