"""Stage 1: remove personal data from case notes (Presidio, extended for UK identifiers and names)."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from casenotes.redact.people import PeopleTableError, load_people_table  # noqa: E402
from casenotes.redact.redactor import PiiSpan, RedactionResult, Redactor, RedactorConfig  # noqa: E402

__all__ = ["Redactor", "RedactorConfig", "RedactionResult", "PiiSpan", "load_people_table", "PeopleTableError"]
