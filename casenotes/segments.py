"""Long notes in pieces: every stage reads a long note a segment at a time, so time and memory grow with
its length, not faster (a 1 MB note is a few hundred segments, each the size of an ordinary note)."""

from __future__ import annotations


def split_segments(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut a long text at line or sentence ends into pieces of at most ``limit`` characters."""
    if len(text) <= limit:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n"), window.rfind(". "))
            if cut < limit // 2:
                cut = window.rfind(" ")
            if cut > 0:
                end = start + cut + 1
        pieces.append((start, text[start:end]))
        start = end
    return pieces
