"""spaCy's token ``Matcher``, tried only where a pattern can match (``AnchoredMatcher``).

spaCy's Matcher tries every pattern at every token, so it costs patterns x tokens: the extraction rules (about 400
token patterns) took a quarter of a note's processing time, and the small English model's attribute ruler (179
patterns) more than its tagger. Both the extraction components and the redaction model use this one instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab
from wordfreq import zipf_frequency

#: Token specs that name words outright: a match has one of these words there (compared lower-cased).
_WORD_ATTRS = ("LOWER", "ORTH", "TEXT")
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


def _repeats(op: str | None) -> tuple[int, int | None]:
    """How many tokens a spec with this ``OP`` takes: (at least, at most; None for no limit)."""
    if op in (None, "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    low, comma, high = _QUANTIFIER.fullmatch(op).groups()
    if not comma:
        return int(low), int(low)
    return int(low or 0), int(high) if high else None


def pattern_width(pattern: list[dict]) -> int | None:
    """The most tokens a match of ``pattern`` can span; None when a quantifier has no limit."""
    total = 0
    for spec in pattern:
        most = _repeats(spec.get("OP"))[1]
        if most is None:
            return None
        total += most
    return total


def _values(spec: dict[str, Any], attr: str) -> list[str] | None:
    """The values a spec requires of ``attr``: one ("LOWER": "mum") or a list ({"IN": [...]}); else None."""
    value = spec.get(attr)
    values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
    return values if values and all(isinstance(item, str) for item in values) else None


def pattern_anchor(pattern: list[dict]) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` contains (lower-cased): those of a token spec that must
    match and names its words, the least frequent such (fewest windows); None when no spec does."""
    best: tuple[float, frozenset[str]] | None = None
    for spec in pattern:
        if spec.get("OP") == "!" or _repeats(spec.get("OP"))[0] == 0:
            continue
        for attr in _WORD_ATTRS:
            value = spec.get(attr)
            words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
            if words and all(isinstance(word, str) for word in words):
                lowered = frozenset(word.lower() for word in words)
                cost = sum(10 ** _zipf(word) for word in lowered)
                if best is None or cost < best[0]:
                    best = (cost, lowered)
    return best[1] if best else None


def _zipf(word: str) -> float:
    """How common ``word`` is (wordfreq's Zipf scale); punctuation and numbers count as everywhere."""
    return zipf_frequency(word, "en") if any(char.isalpha() for char in word) else 8.0


@dataclass(frozen=True)
class _Anchored:
    """An anchored key's patterns: their own Matcher, the LOWER hashes of the words a match contains and the
    most tokens a match can span."""

    matcher: Matcher
    anchors: frozenset[int]
    width: int


class AnchoredMatcher:
    """spaCy's token ``Matcher``, tried only where a pattern can match.

    spaCy tries every pattern at every token, so matching costs patterns x tokens. A token spec that must match
    and names its words ("LOWER": "mum", or IN a list) is the pattern's *anchor*: every match contains one of
    those words. A key whose patterns all have anchors and a length limit runs only on the windows around its
    anchors' occurrences, as wide as its longest match; since a match depends on its own tokens alone, that
    finds what spaCy's Matcher finds over the whole doc. The other keys share one spaCy Matcher over the whole
    doc. Matches come back ordered by end, start and the order keys were added (spaCy's order, except among
    one key's matches that end on the same token). Add each key once.
    """

    def __init__(self, vocab: Vocab, validate: bool = True):
        self.vocab = vocab
        self.validate = validate
        self._everywhere = Matcher(vocab, validate=validate)
        self._anchored: list[tuple[int, _Anchored]] = []
        self._by_anchor: dict[int, list[int]] = defaultdict(list)
        self._order: dict[int, int] = {}  # match id -> the order its key was added

    def add(self, key: str | int, patterns: list[list[dict[str, Any]]]) -> None:
        """Add ``patterns`` under ``key`` (raises ValueError for an invalid pattern, as spaCy's Matcher does)."""
        match_id = self.vocab.strings.add(key) if isinstance(key, str) else key
        if match_id in self._order:
            raise ValueError(f"key {key!r} was added already: add each key's patterns at once")
        words = [pattern_anchor(pattern) for pattern in patterns]
        widths = [pattern_width(pattern) for pattern in patterns]
        if None in words or None in widths:
            self._everywhere.add(key, patterns)
        else:
            matcher = Matcher(self.vocab, validate=self.validate)
            matcher.add(key, patterns)
            anchors = frozenset(self.vocab.strings.add(word) for found in words for word in found)
            for anchor in anchors:
                self._by_anchor[anchor].append(len(self._anchored))
            self._anchored.append((match_id, _Anchored(matcher, anchors, max(widths))))
        self._order[match_id] = len(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __call__(self, doc: Doc, *, allow_missing: bool = False, as_spans: bool = False) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` for every match in ``doc``, as spaCy's ``Matcher(doc)`` gives them
        (``allow_missing`` as there; ``as_spans`` is not offered)."""
        if as_spans:
            raise ValueError("AnchoredMatcher gives (match_id, start, end) tuples only")
        found = list(self._everywhere(doc, allow_missing=allow_missing)) if len(self._everywhere) else []
        positions: dict[int, list[int]] = defaultdict(list)
        for position, word in enumerate(doc.to_array(LOWER).tolist()):
            positions[word].append(position)
        for index in sorted({index for word in positions for index in self._by_anchor.get(word, ())}):
            _, key = self._anchored[index]
            at = sorted(position for anchor in key.anchors for position in positions.get(anchor, ()))
            for first, last in _windows(at, key.width, len(doc)):
                found.extend((match_id, start + first, end + first)
                             for match_id, start, end in key.matcher(doc[first:last], allow_missing=allow_missing))
        return sorted(found, key=lambda match: (match[2], match[1], self._order[match[0]]))


def _windows(positions: list[int], width: int, length: int) -> list[tuple[int, int]]:
    """The token ranges within ``width`` tokens of each position (sorted), overlapping ranges joined."""
    windows: list[list[int]] = []
    for position in positions:
        first, last = max(0, position - width + 1), min(length, position + width)
        if windows and first <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], last)
        else:
            windows.append([first, last])
    return [(first, last) for first, last in windows]
