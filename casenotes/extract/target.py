"""casenotes_target_matcher: find candidate mentions of factors, needs, routes and services.

Rules follow medspaCy's TargetRule: a ``literal`` phrase or a token ``pattern``, filed under a
``category`` that is a taxonomy id (factor group, need, route or service name) and a ``kind``.
Most rules come from the taxonomy lexicon; ``rules/target_rules.json`` adds context-bearing rules
that settle ambiguous abbreviations ("has CP", "SN needs"). Found spans go to ``doc.spans[spans_key]``
with ``label_`` = category, ``kb_id_`` = kind and ``id_`` = a status the rule carries ("NFA": closed).
The factory is registered in ``casenotes.extract.components``; the rules are saved with the pipeline.

DOCS: https://spacy.io/api/spanruler (same shape); medspaCy target_matcher/target_rule.py
"""

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from casenotes.extract.rule_matcher import RuleComponent, RuleMatcher
from casenotes.extract.spanattrs import register
from casenotes.taxonomy import Taxonomy

DEFAULT_SPANS_KEY = "casenotes_targets"
#: ``exclude`` rules find nothing themselves: they remove lower-priority spans of their category they overlap.
EXCLUDE = "exclude"
TARGET_KINDS = ("factor", "need", "route", "service", "subtype", EXCLUDE)

register("default_subject", None)
ALLOWED_KEYS = frozenset({"kind", "category", "literal", "pattern", "case_sensitive", "status", "priority", "subject", "comment"})


class TargetRuleError(ValueError):
    """A target rule that cannot be used; names the rule's category and the problem."""


@dataclass(frozen=True)
class TargetRule:
    """One way of finding a category.

    kind (str): factor, need, route, service or exclude.
    category (str): taxonomy id, e.g. "alcohol_misuse", "housing", "Police".
    literal (str): the phrase, e.g. "smelt of alcohol"; also a readable name for a pattern rule.
    pattern (list[dict] | None): spaCy Matcher pattern, e.g. [{"LOWER": "has"}, {"ORTH": "CP"}].
    case_sensitive (bool): match the literal exactly ("DA"), not lower-cased.
    status (str | None): a service status the rule carries, e.g. "closed" for "NFA".
    priority (int): spans of a higher-priority rule remove overlapping spans of lower priority.
    subject (str | None): whom the words are about when their sentence names nobody (``span._.default_subject``).
    """

    kind: str
    category: str
    literal: str = ""
    pattern: tuple[Any, ...] | None = None
    case_sensitive: bool = False
    status: str | None = None
    priority: int = 0
    subject: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TargetRule":
        unknown = set(data) - ALLOWED_KEYS
        if unknown:
            raise TargetRuleError(f"target rule {data.get('category')!r}: unknown key(s) {sorted(unknown)}")
        if data.get("kind") not in TARGET_KINDS:
            raise TargetRuleError(f"target rule {data.get('category')!r}: kind must be one of {TARGET_KINDS}")
        pattern = data.get("pattern")
        if pattern is None and not data.get("literal"):
            raise TargetRuleError(f"target rule {data.get('category')!r}: needs a literal or a pattern")
        if pattern is not None and not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)):
            raise TargetRuleError(f"target rule {data.get('category')!r}: pattern must be a list of token objects")
        return cls(
            kind=data["kind"],
            category=str(data["category"]),
            literal=data.get("literal") or "",
            pattern=tuple(pattern) if pattern is not None else None,
            case_sensitive=bool(data.get("case_sensitive", False)),
            status=data.get("status"),
            priority=int(data.get("priority", 0)),
            subject=data.get("subject"),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "category": self.category, "literal": self.literal}
        if self.pattern is not None:
            data["pattern"] = list(self.pattern)
        for key, default in (("case_sensitive", False), ("status", None), ("priority", 0), ("subject", None)):
            if getattr(self, key) != default:
                data[key] = getattr(self, key)
        return data


def read_bundled_rules(name: str, key: str) -> list[dict[str, Any]]:
    """Rules from ``casenotes/extract/rules/<name>`` (a JSON object holding a list under ``key``)."""
    text = resources.files("casenotes.extract.rules").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)[key]


#: Bundled target rule files, read in this order: disambiguation rules, then the service sense rules
#: (a service alias in another sense, "HV 04/02" a home visit; involvement that names no alias, "officers attended").
TARGET_RULE_FILES = ("target_rules.json", "service_rules.json")


def bundled_target_rules() -> list[dict[str, Any]]:
    """The rules shipped in ``rules/`` (``TARGET_RULE_FILES``; registered as a ``@misc`` function)."""
    return [rule for name in TARGET_RULE_FILES for rule in read_bundled_rules(name, "target_rules")]


def taxonomy_rules(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """One rule per lexicon term of the taxonomy (and its overlays)."""
    return [term.to_rule() for term in taxonomy.terms]


class TargetMatcher(RuleComponent):
    """Finds target spans; keeps the longest per category and lets higher-priority rules win overlaps."""

    def __init__(self, nlp: Language, name: str = "casenotes_target_matcher", *, spans_key: str = DEFAULT_SPANS_KEY):
        super().__init__(nlp, name, spans_key)
        self.clear()

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        doc.spans[self.spans_key] = self.set_annotations(doc, self.match(doc))
        return doc

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   taxonomy: Callable[[], Taxonomy] | None = None,
                   rules: Sequence[dict[str, Any]] | None = None) -> None:
        """Replace the rules: one per term of ``taxonomy()`` (a loader, such as the ``casenotes.taxonomy.v1``
        @misc function returns), then ``rules``."""
        self.clear()
        if taxonomy is not None:
            self.add_rules(taxonomy_rules(taxonomy()))
        self.add_rules(rules or [])

    def clear(self) -> None:
        self.rules: list[TargetRule] = []
        self._matcher: RuleMatcher[TargetRule] = RuleMatcher(self.nlp)

    def add_rules(self, rules: Iterable[dict[str, Any] | TargetRule]) -> None:
        for rule in rules:
            rule = rule if isinstance(rule, TargetRule) else TargetRule.from_dict(rule)
            if rule.pattern is None:
                self._matcher.add(rule, phrases=[rule.literal if rule.case_sensitive else rule.literal.lower()],
                                  exact=rule.case_sensitive)
            else:
                try:
                    self._matcher.add(rule, pattern=rule.pattern)
                except ValueError:
                    raise TargetRuleError(f"target rule {rule.category!r} ({rule.literal!r}): invalid token pattern") from None
            self.rules.append(rule)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({rule.category for rule in self.rules}))

    def match(self, doc: Doc) -> list[tuple[TargetRule, int, int]]:
        return self._matcher(doc)

    def set_annotations(self, doc: Doc, matches: list[tuple[TargetRule, int, int]]) -> list[Span]:
        by_category: dict[tuple[str, str], list[tuple[Span, TargetRule]]] = {}
        for rule, start, end in matches:
            span = Span(doc, start, end, label=rule.category, kb_id=rule.kind, span_id=rule.status or "")
            by_category.setdefault((rule.kind, rule.category), []).append((span, rule))
        kept: list[tuple[Span, TargetRule]] = []
        for candidates in by_category.values():
            longest = set((s.start, s.end) for s in filter_spans([span for span, _ in candidates]))
            seen: set[tuple[int, int]] = set()
            for span, rule in sorted(candidates, key=lambda pair: -pair[1].priority):
                if (span.start, span.end) in longest and (span.start, span.end) not in seen:
                    seen.add((span.start, span.end))
                    kept.append((span, rule))
        kept = _drop_outranked(kept)
        for span, rule in kept:
            # the longest words keep the subject of words they hold: "smoking weed" is about whoever "weed" is
            inner = (r.subject for s, r in by_category[(rule.kind, rule.category)] if r.subject and span.start <= s.start and s.end <= span.end)
            subject = rule.subject or next(inner, None)
            if subject:
                span._.default_subject = subject
        return sorted((span for span, rule in kept if rule.kind != EXCLUDE), key=lambda s: (s.start, s.end, s.label_))


def _drop_outranked(kept: list[tuple[Span, TargetRule]]) -> list[tuple[Span, TargetRule]]:
    """A priority rule ("has CP") removes lower-priority spans it overlaps ("CP" the service).

    An ``exclude`` rule removes only spans of its own category ("missing education" is not 10A).
    """
    survivors = []
    for span, rule in kept:
        outranked = any(
            other.priority > rule.priority and o.start < span.end and span.start < o.end
            and (other.kind != EXCLUDE or other.category == rule.category)
            for o, other in kept
        )
        if not outranked:
            survivors.append((span, rule))
    return survivors
