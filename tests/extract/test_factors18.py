"""Tests of round factors18 that need more than a sentence and a code (its invented sentences are data in
``tests/extract/wording/factors18.py``, run by ``test_factor_wording.py``)."""

from __future__ import annotations

from tests.extract.conftest import concern


def test_possessive_victim_is_the_person_not_the_pronoun(extractor):
    mentions = concern(extractor.extract("[PERSON_1] (10) said dad hit her mum on Sunday."))
    assert ("3B", "current", "parent_carer") in mentions
