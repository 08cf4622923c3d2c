"""Tests of round factors19 that need more than a sentence and a code (its invented sentences are data in
``tests/extract/wording/factors19.py``, run by ``test_factor_wording.py``)."""

from __future__ import annotations

from tests.extract.conftest import concern


def test_partner_violence_outranks_the_violence_route(extractor):
    """One mention, the domestic abuse one: the violence verb inside it is not also physical abuse of the child."""
    mentions = concern(extractor.extract("[PERSON_1] (16) told her tutor her boyfriend grabbed her by the throat in the car."))
    assert ("3A", "current", "child") in mentions
    assert not any(label.startswith("18") for label, _, _ in mentions)
