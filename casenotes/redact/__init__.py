"""Stage 1: remove personal data from case notes (Presidio, extended for UK identifiers and names)."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from casenotes.redact.config import RedactorConfig  # noqa: E402
from casenotes.redact.finaliser import Finaliser, PiiSpan, RedactionResult  # noqa: E402
from casenotes.redact.people import PeopleTableError, load_people_table  # noqa: E402
from casenotes.redact.redactor import Redactor  # noqa: E402

__all__ = ["Finaliser", "Redactor", "RedactorConfig", "RedactionResult", "PiiSpan", "load_people_table",
           "PeopleTableError"]
