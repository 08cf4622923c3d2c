"""Shared fixtures. The spaCy model loads once per session; every note here is fictional."""

from __future__ import annotations

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def redactor():
    from casenotes.redact import Redactor

    return Redactor()


@pytest.fixture()
def fresh_redactor(redactor):
    """The session redactor with empty case memory and no people table, so tests don't leak state."""
    from casenotes.redact.resolve import CaseMemory

    redactor.memory = CaseMemory()
    redactor.people = {}
    redactor._known.clear()
    return redactor
