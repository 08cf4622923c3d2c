"""Factor wording of unseen authors, fifth round (issue 15, factors19).

Families mined from many training authors' gold spans (each family used by at least two authors): a child's distress
in everyday words (night wetting, worry aches, panic in places, waking in fear, hiding, feeling numb: 4A); self-injury
where and how (cuts to a body part, fresh cuts, a counted overdose, head-banging, biting a hand: 15A); more verbs of
harm for the violence route (held down, jumped, stabbed: the victim and harmer decide 18B/18C/3B); a partner's
violence and control (3A in a young person's own relationship, 3B for a parent). Every sentence is invented for this
file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

from tests.extract.conftest import concern


def test_partner_violence_outranks_the_violence_route(extractor):
    """One mention, the domestic abuse one: the violence verb inside it is not also physical abuse of the child."""
    mentions = concern(extractor.extract("[PERSON_1] (16) told her tutor her boyfriend grabbed her by the throat in the car."))
    assert ("3A", "current", "child") in mentions
    assert not any(label.startswith("18") for label, _, _ in mentions)
