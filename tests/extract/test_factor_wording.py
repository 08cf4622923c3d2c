"""Every round's invented factor wording (``tests/extract/wording/``), run by one set of tests.

Each round's module holds three tables: ``PRESENT`` (a sentence, the code it must give and, where the letter is the
point, a code it must not give), ``ABSENT`` (another sense of the wording: the code must not be given) and
``NOT_CURRENT`` (negated, hypothetical or historical wording: the code stays out of the note-level set while its
mention is kept as evidence). A new round adds a module and its name to ``ROUNDS``.
"""

from __future__ import annotations

from importlib import import_module

import pytest

from tests.extract.conftest import assert_kept_out

ROUNDS = ("factors18", "factors19", "factors21", "factors23", "factors24", "factorsA27", "factorsB27", "factorsB28", "factorsA28", "factors29", "factorsB29")


def _cases(table: str) -> list:
    """``pytest.param`` per row of ``table`` in every round, with the round and row number as its id."""
    cases = []
    for name in ROUNDS:
        rows = getattr(import_module(f"tests.extract.wording.{name}"), table)
        cases += [pytest.param(*row, id=f"{name}-{number}") for number, row in enumerate(rows)]
    return cases


@pytest.mark.parametrize("row", [pytest.param(case.values, id=case.id) for case in _cases("PRESENT")])
def test_wording_gives_factor(expect_labels, row):
    text, expected, *not_expected = row
    expect_labels("factors", text, [expected], [code for code in not_expected if code])


@pytest.mark.parametrize(("text", "absent"), _cases("ABSENT"))
def test_other_senses_give_no_factor(expect_labels, text, absent):
    expect_labels("factors", text, [], [absent])


@pytest.mark.parametrize(("text", "absent"), _cases("NOT_CURRENT"))
def test_negated_hypothetical_or_historical_wording_is_kept_out(extractor, text, absent):
    assert_kept_out(extractor, text, absent)
