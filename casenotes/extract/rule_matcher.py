"""What the three extraction components share: matching rules, and keeping rules as data.

``RuleMatcher`` is the Matcher/PhraseMatcher plumbing each component needs: a token ``pattern``
(spaCy's ``Matcher``, tried only around the words a pattern must contain: ``AnchoredMatcher``), or phrases matched lower-cased (``PhraseMatcher`` on LOWER) or exactly as written
(on ORTH). Every pattern is keyed by the index of the thing it finds (a rule, a role), so a match gives
that thing back.

``RuleComponent`` keeps a component's rules as data, as medspaCy's ConText keeps its rules: they are
written by ``nlp.to_disk`` and read back by ``spacy.load``, so a saved pipeline finds what the one
that was saved found. A component called with no rules fails loudly instead of finding nothing.

DOCS: https://spacy.io/usage/processing-pipelines#component-data
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Iterable, Sequence, TypeVar

import srsly
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path
from spacy.vocab import Vocab
from wordfreq import zipf_frequency

Payload = TypeVar("Payload")

NOT_READY = ("{name} has no rules: build the pipeline with casenotes.extract.build_pipeline(), load a saved "
             "one with spacy.load(path), or call nlp.initialize() on a pipeline assembled from a config")


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


def pattern_anchor(pattern: list[dict]) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` contains (lower-cased), or None when no token spec
    both must match and names its words. Of several, the set of the least frequent words (fewest windows)."""
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
    """One key's patterns: its own Matcher, the words a match must contain (LOWER hashes; None: any) and how
    many tokens a match can span (None: no limit)."""

    matcher: Matcher
    anchors: frozenset[int] | None
    width: int | None


class AnchoredMatcher:
    """spaCy's token ``Matcher``, tried only where a pattern can match.

    spaCy tries every pattern at every token, so matching costs patterns x tokens: with a few hundred rule
    patterns it was a quarter of a note's processing time. A token spec that must match and names its words
    ("LOWER": "mum", or IN a list) is the pattern's *anchor*: a match contains one of those words. Each
    pattern runs only on the windows around its anchor's occurrences, as wide as its longest match; since a
    match depends on its own tokens alone, it finds what spaCy's Matcher finds over the whole doc. Patterns
    with no anchor or no length limit run over the whole doc. Matches come back ordered by end, start and the
    order keys were added (spaCy's order, except among one key's matches that end on the same token).
    """

    def __init__(self, vocab: Vocab, validate: bool = True):
        self.vocab = vocab
        self.validate = validate
        self._keys: list[_Anchored] = []
        self._by_anchor: dict[int, list[int]] = defaultdict(list)

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Add ``patterns`` under ``key`` (raises ValueError for an invalid pattern, as spaCy's Matcher does)."""
        matcher = Matcher(self.vocab, validate=self.validate)
        matcher.add(key, patterns)
        words = [pattern_anchor(pattern) for pattern in patterns]
        widths = [pattern_width(pattern) for pattern in patterns]
        anchors = None if None in words else frozenset(self.vocab.strings.add(w) for found in words for w in found)
        width = None if None in widths else max(widths)
        index = len(self._keys)
        self._keys.append(_Anchored(matcher, anchors, width))
        for anchor in anchors or ():
            self._by_anchor[anchor].append(index)

    def __len__(self) -> int:
        return len(self._keys)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` for every match in ``doc``, as spaCy's ``Matcher(doc)`` gives them."""
        positions: dict[int, list[int]] = defaultdict(list)
        for position, word in enumerate(doc.to_array(LOWER).tolist()):
            positions[word].append(position)
        active = {index for word in positions for index in self._by_anchor.get(word, ())}
        active.update(index for index, key in enumerate(self._keys) if key.anchors is None)
        found: list[tuple[int, int, int, int]] = []
        for index in sorted(active):
            key = self._keys[index]
            if key.anchors is None or key.width is None:
                found.extend((end, start, index, match_id) for match_id, start, end in key.matcher(doc))
                continue
            at = sorted(position for word in key.anchors for position in positions.get(word, ()))
            for first, last in _windows(at, key.width, len(doc)):
                found.extend((end + first, start + first, index, match_id)
                             for match_id, start, end in key.matcher(doc[first:last]))
        return [(match_id, start, end) for end, start, _, match_id in sorted(found)]


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


class RuleMatcher(Generic[Payload]):
    """Where payloads (rules, roles, cue names) are found in a doc.

    Matches come back token patterns first, then lower-cased phrases, then exact phrases, each in
    spaCy's order, so a pipeline rebuilt from the same rules finds the same spans in the same order.
    """

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.payloads: list[Payload] = []
        self._tokens = AnchoredMatcher(nlp.vocab, validate=True)
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")

    def add(self, payload: Payload, *, pattern: Sequence[dict[str, Any]] | None = None,
            phrases: Iterable[str] = (), exact: bool = False) -> None:
        """Find ``payload`` by a token ``pattern`` or by ``phrases`` (tokenized as given; lower-case them
        for a case-insensitive match). Raises ValueError for an invalid pattern."""
        key = str(len(self.payloads))
        if pattern is not None:
            self._tokens.add(key, [list(pattern)])
        else:
            docs = [self.nlp.make_doc(phrase) for phrase in phrases]
            if docs:
                (self._exact if exact else self._lower).add(key, docs)
        self.payloads.append(payload)

    def __call__(self, doc: Doc) -> list[tuple[Payload, int, int]]:
        strings = self.nlp.vocab.strings
        return [(self.payloads[int(strings[key])], start, end)
                for matcher in (self._tokens, self._lower, self._exact) if len(matcher)  # an empty one warns (W036)
                for key, start, end in matcher(doc)]

    def __len__(self) -> int:
        return len(self.payloads)


class RuleComponent:
    """Base of the rule components: a spans key, rules as data (to/from disk and bytes), a readiness check.

    A subclass names the data it keeps in ``data_names`` (one JSON file each on disk) and implements
    ``clear`` and ``add_rules``; the defaults below keep a list of rule objects with ``to_dict`` in ``rules``
    (the target matcher and ConText), and a component with other data overrides them (the subject resolver).
    """

    data_names: tuple[str, ...] = ("rules",)
    rules: list[Any]

    def __init__(self, nlp: Language, name: str, spans_key: str):
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key

    # -- to implement ------------------------------------------------------------------------------

    def clear(self) -> None:
        raise NotImplementedError

    def add_rules(self, rules: Any) -> None:
        raise NotImplementedError

    # -- defaults for a list of rules --------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data, keyed by ``data_names``."""
        return {"rules": [rule.to_dict() for rule in self.rules]}

    def from_data(self, data: dict[str, Any]) -> None:
        self.clear()
        self.add_rules(data["rules"])

    @property
    def is_ready(self) -> bool:
        return bool(self.rules)

    # -- shared ------------------------------------------------------------------------------------

    def check_ready(self) -> None:
        if not self.is_ready:
            raise ValueError(NOT_READY.format(name=self.name))

    def targets(self, doc: Doc) -> list[Span]:
        return list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self.to_data())

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        self.from_data(srsly.msgpack_loads(bytes_data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, value in self.to_data().items():
            srsly.write_json(path / f"{name}.json", value)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        path = ensure_path(path)
        missing = [name for name in self.data_names if not (path / f"{name}.json").is_file()]
        if missing:
            raise ValueError(f"{self.name}: {path} has no {', '.join(f'{name}.json' for name in missing)}; "
                             "was it saved with nlp.to_disk()?")
        self.from_data({name: srsly.read_json(path / f"{name}.json") for name in self.data_names})
        return self
