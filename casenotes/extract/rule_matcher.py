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

from pathlib import Path
from typing import Any, Generic, Iterable, Sequence, TypeVar

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from casenotes.matching import AnchoredMatcher

Payload = TypeVar("Payload")

NOT_READY = ("{name} has no rules: build the pipeline with casenotes.extract.build_pipeline(), load a saved "
             "one with spacy.load(path), or call nlp.initialize() on a pipeline assembled from a config")


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
