"""Fixtures shared by the redaction tests."""

from __future__ import annotations

import pytest

from casenotes.redact import Redactor, RedactorConfig


@pytest.fixture(scope="module")
def rules_redactor() -> Redactor:
    """The rules without the learned tagger (the tests build no model), one per test module as before."""
    return Redactor(RedactorConfig(tagger=None))
