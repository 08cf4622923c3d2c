"""Helpers shared by the per-round redaction tests: is a part of a text inside (or touched by) a redacted span."""

from __future__ import annotations

from casenotes.redact import Redactor


def _start(text: str, part: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return start


def covered(redactor: Redactor, text: str, part: str, occurrence: int = 0) -> bool:
    """The ``occurrence``-th ``part`` of ``text`` lies wholly inside one redacted span."""
    start = _start(text, part, occurrence)
    return any(span.start <= start and start + len(part) <= span.end for span in redactor.redact(text).pii)


def touched(redactor: Redactor, text: str, part: str, occurrence: int = 0) -> bool:
    """Some redacted span overlaps the ``occurrence``-th ``part`` of ``text``."""
    start = _start(text, part, occurrence)
    return any(span.start < start + len(part) and start < span.end for span in redactor.redact(text).pii)


def redacted_texts(redactor: Redactor, text: str) -> list[str]:
    """The text of every span the redactor replaces in ``text``."""
    return [text[span.start:span.end] for span in redactor.redact(text).pii]
