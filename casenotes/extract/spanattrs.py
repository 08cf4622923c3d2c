"""Span attributes kept per mention, not per position.

spaCy stores a Span extension under the span's character offsets only, so a service alias and a need
term over the same words ("food bank") would share their flags. These getters and setters key the
value by offsets, label and kind as well.
"""

from __future__ import annotations

from typing import Any, Callable

from spacy.tokens import Span


def _key(name: str, span: Span) -> tuple:
    return ("casenotes", name, span.start_char, span.end_char, span.label, span.kb_id)


def _accessors(name: str, default: Any) -> tuple[Callable, Callable]:
    def getter(span: Span) -> Any:
        return span.doc.user_data.get(_key(name, span), default)

    def setter(span: Span, value: Any) -> None:
        span.doc.user_data[_key(name, span)] = value

    return getter, setter


def register(name: str, default: Any) -> None:
    """Register a per-mention Span attribute once (``span._.<name>``)."""
    if not Span.has_extension(name):
        getter, setter = _accessors(name, default)
        Span.set_extension(name, getter=getter, setter=setter)
