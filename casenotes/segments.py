"""Long notes in pieces: every stage reads a long note a segment at a time, so time and memory grow with
its length, not faster (a 1 MB note is a few hundred segments, each the size of an ordinary note)."""

from __future__ import annotations

import bisect


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


def group_segments(text: str, limit: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous stretches of ``text`` of about equal length (some empty when there are fewer pieces
    than parts), each a run of whole ``split_segments`` pieces that ``split_segments`` cuts into the same pieces
    on its own: a stretch can then be read by itself with the results of reading the whole text there."""
    starts = [offset for offset, _ in split_segments(text, limit)]
    cuts = [0]
    for part in range(1, parts):
        goal = len(text) * part // parts
        at = max(1, bisect.bisect_left(starts, goal))  # the piece start nearest the goal
        if at < len(starts) and starts[at] - goal > goal - starts[at - 1] and starts[at - 1] > cuts[-1]:
            at -= 1
        # a stretch's last two pieces must not fit in one: on its own it would read them as one
        while at < len(starts) and at >= 2 and starts[at - 2] >= cuts[-1] and starts[at] - starts[at - 2] <= limit:
            at += 1
        cuts.append(max(cuts[-1], starts[at] if at < len(starts) else len(text)))
    cuts.append(len(text))
    return list(zip(cuts, cuts[1:]))


#: How much of a note's start a stretch of it is read with (``Extractor.pipe(openings=...)``): whose note it is
#: can be said once, at the top ("Return interview with [PERSON_1] (15)").
OPENING_CHARS = 5_000
