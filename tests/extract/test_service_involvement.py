"""Services count by involvement, not mention (issue 15): an alias in another sense is not the service.

Each row: an invented sentence, services that must be in the note-level set, services that must not be.
The rules live in casenotes/extract/rules/service_rules.json and service_context_rules.json.
"""

from __future__ import annotations

import pytest

from casenotes.extract.context import bundled_context_rules
from casenotes.extract.target import bundled_target_rules

HV, MARAC, SCHOOL, POLICE, PRISON = ("Health visitor", "Multi-Agency Risk Assessment Conference", "School", "Police", "Prison")
HOSPITAL, HOUSING, AE = "Hospital / paediatrics", "Local authority housing options", "Accident and emergency"
YOUNG_CARERS, FAITH = "Young carers service", "Faith and community groups"

# fmt: off
INVOLVEMENT = [
    # --- an abbreviation in another sense --------------------------------------------------------
    ("HV not applicable at this stage.",                                    [],             [HV]),
    ("HV (home visit) completed with both parents present.",               [],             [HV]),
    ("Unannounced HV to the flat, nobody answered.",                       [],             [HV]),
    ("HV 12/03/25 - seen dad and the twins in the lounge.",                [],             [HV]),
    ("HV 3 March, mum and baby seen.",                                     [],             [HV]),
    ("Baby weighed by the HV today, gaining well.",                        [HV],           []),
    ("DASH completed with mum - medium risk.",                             [],             [MARAC]),
    ("Risk: DASH 14, high, and the case has been referred to MARAC.",      [MARAC],        []),
    # --- a venue or a time of day, not the service ------------------------------------------------
    ("Met the young person at the library after school.",                  [],             [SCHOOL]),
    ("Dad does the school run most mornings.",                             [],             [SCHOOL]),
    ("Seen in the clinic at King's College Hospital about his knee.",      [],             [SCHOOL]),
    ("She has not been in school since the move.",                         [],             [SCHOOL]),
    ("School reports his attendance is 82% this term.",                    [SCHOOL],       []),
    ("His teacher says he is much calmer in class.",                       [SCHOOL],       []),
    ("The housing association fitted a new boiler last week.",             [],             [HOUSING]),
    ("Housing options have placed the family in temporary accommodation.", [HOUSING],      []),
    ("Friend from church collects the children on Tuesdays.",              [],             [FAITH]),
    ("The vicar visits grandad every fortnight.",                          [FAITH],        []),
    # --- involvement written without the service's name -------------------------------------------
    ("Officers attended at 22:10 and spoke to both adults.",               [POLICE],       []),
    ("Neighbour rang 101 about the shouting.",                             [POLICE],       []),
    ("Dad was held in custody overnight and interviewed in the morning.",  [POLICE],       [PRISON]),
    ("Uncle was remanded in custody until the trial.",                     [PRISON],       []),
    ("Toddler taken to A&E.",                                              [AE],           []),
    ("Seen at the Royal ED overnight with a cut head.",                    [AE],           []),
    ("She is under cardiology for a heart murmur.",                        [HOSPITAL],     []),
    ("Admitted to the children's ward for fluids.",                        [HOSPITAL],     []),
    ("He admitted to Mum that he took the money.",                         [],             [HOSPITAL]),
    ("Goes to the young carers group on Thursdays.",                       [YOUNG_CARERS], []),
    # --- negated, declined, hypothetical ----------------------------------------------------------
    ("Mum won't involve police in this.",                                  [],             [POLICE]),
    ("She knows to ring the police if he comes back.",                     [],             [POLICE]),
    ("Police intel has nothing on him this year.",                         [],             [POLICE]),
    ("The young carers referral was declined by dad.",                     [],             [YOUNG_CARERS]),
    ("Not known to the school nurse.",                                     [],             ["School nurse"]),
]
# fmt: on


@pytest.mark.parametrize("text, present, absent", INVOLVEMENT)
def test_service_counts_by_involvement(expect_labels, text, present, absent):
    expect_labels("services", text, present, absent)


def test_negation_inside_a_need_reaches_the_service_named_in_it(extractor):
    # "not in school" is an education need; its "not" also says the school is not involved
    result = extractor.extract("[CHILD_1] not in school since arriving.")
    assert "education" in result["needs"]
    assert ("School", "mentioned") in [(m["label"], m["status"]) for m in result["mentions"] if m["kind"] == "service"]
    # ...but does not reach a service outside the need's words ("not brought to" is the need)
    assert "General practitioner" in extractor.extract("[CHILD_1] was not brought to the GP appointment.")["services"]


def test_service_rule_files_are_loaded_with_the_bundled_rules():
    targets = bundled_target_rules()
    assert any(rule["category"] == HV and rule["kind"] == "exclude" for rule in targets)
    assert any(rule.get("allowed_types") == ["service"] and rule["literal"] == "knows to" for rule in bundled_context_rules())
