"""casenotes_context: ConText-style modifiers (negated, hypothetical, historical, service status).

Rules are data (``rules/context_rules.json``) in medspaCy's ConText form: a ``category``, a
``literal`` and optional ``pattern`` (token list, or a regex string), a ``direction`` and a
``max_scope`` in tokens. A modifier affects the targets inside its scope, which never crosses its
sentence and stops at a TERMINATE modifier ("but", "however"). PSEUDO modifiers ("no further
action") only block shorter modifiers they overlap. Modifiers inside a target ("not brought to")
belong to the target and are ignored, except for a service named within the same words ("not in
school"); a negation whose words hold a target ("no money worries" holding "no money") negates it.
``excluded_categories`` keeps a cue off some target categories: a date marks an illness's onset, not its end.
The factory is registered in ``casenotes.extract.components``; the rules are saved with the pipeline.

DOCS: medspaCy context/context.py and context/context_rule.py
"""

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from casenotes.extract.rule_matcher import RuleComponent, RuleMatcher
from casenotes.extract.spanattrs import register
from casenotes.extract.target import DEFAULT_SPANS_KEY, read_bundled_rules

DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
#: Service-status categories, strongest first: a declined referral is declined, not referred.
SERVICE_CUES = ("DECLINED", "CLOSED", "REFERRED")
CATEGORIES = ("NEGATED_EXISTENCE", "HYPOTHETICAL", "HISTORICAL", *SERVICE_CUES, "TERMINATE", "PSEUDO")
ALLOWED_KEYS = frozenset({"category", "literal", "pattern", "direction", "max_scope", "allowed_types", "excluded_types",
                          "excluded_categories", "comment"})
#: Category -> boolean Span extension, as medspaCy's DEFAULT_ATTRIBUTES.
DEFAULT_SPAN_ATTRS = {"NEGATED_EXISTENCE": "is_negated", "HYPOTHETICAL": "is_hypothetical", "HISTORICAL": "is_historical"}
TARGET_TYPES = ("factor", "need", "route", "service", "subtype")

for _attr in ("is_negated", "is_hypothetical", "is_historical"):
    register(_attr, False)
register("service_cue", None)


class ContextRuleError(ValueError):
    """A context rule that cannot be used; names the rule's literal and the problem."""


@dataclass(frozen=True)
class ContextRule:
    """One modifier.

    category (str): e.g. NEGATED_EXISTENCE - "no concerns re alcohol".
    literal (str): the phrase, e.g. "no concerns re"; matched case-insensitively when there is no pattern.
    pattern (list | str | None): a token pattern, or a regex over the text ("until 2021": "until (19|20)\\d\\d").
    direction (str): FORWARD ("denies DA"), BACKWARD ("abstinent since 2015"), BIDIRECTIONAL,
        TERMINATE ("... but ...") or PSEUDO ("no further action").
    max_scope (int | None): how many tokens the scope reaches; None = to the sentence edge.
    allowed_types / excluded_types (tuple[str]): target kinds it may or may not modify ("service").
    excluded_categories (tuple[str]): target categories it does not modify: a time cue ("last year") dates an
        illness's onset, not its end ("had a kidney transplant in 2019"), so it leaves ``health`` alone.
    """

    category: str
    literal: str
    direction: str
    pattern: tuple[Any, ...] | str | None = None
    max_scope: int | None = None
    allowed_types: tuple[str, ...] = ()
    excluded_types: tuple[str, ...] = ()
    excluded_categories: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ContextRule":
        literal = data.get("literal")
        unknown = set(data) - ALLOWED_KEYS
        if unknown:
            raise ContextRuleError(f"context rule {literal!r}: unknown key(s) {sorted(unknown)}; allowed: {sorted(ALLOWED_KEYS)}")
        if not literal:
            raise ContextRuleError("context rule without a literal")
        category = str(data.get("category", "")).upper()
        direction = str(data.get("direction", "")).upper()
        if category not in CATEGORIES:
            raise ContextRuleError(f"context rule {literal!r}: category must be one of {CATEGORIES}")
        if direction not in DIRECTIONS:
            raise ContextRuleError(f"context rule {literal!r}: direction must be one of {DIRECTIONS}")
        if data.get("allowed_types") and data.get("excluded_types"):
            raise ContextRuleError(f"context rule {literal!r}: set allowed_types or excluded_types, not both")
        types = tuple(data.get("allowed_types") or ()) + tuple(data.get("excluded_types") or ())
        if set(types) - set(TARGET_TYPES):
            raise ContextRuleError(f"context rule {literal!r}: types must be among {TARGET_TYPES}")
        max_scope = data.get("max_scope")
        if max_scope is not None and (not isinstance(max_scope, int) or max_scope < 1):
            raise ContextRuleError(f"context rule {literal!r}: max_scope must be a positive integer or null")
        pattern = data.get("pattern")
        if pattern is not None and not isinstance(pattern, (list, str)):
            raise ContextRuleError(f"context rule {literal!r}: pattern must be a token list, a regex string or null")
        if isinstance(pattern, str):
            re.compile(pattern)
        return cls(
            category=category,
            literal=literal,
            direction=direction,
            pattern=tuple(pattern) if isinstance(pattern, list) else pattern,
            max_scope=max_scope,
            allowed_types=tuple(data.get("allowed_types") or ()),
            excluded_types=tuple(data.get("excluded_types") or ()),
            excluded_categories=tuple(data.get("excluded_categories") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"category": self.category, "literal": self.literal, "direction": self.direction}
        if self.pattern is not None:
            data["pattern"] = self.pattern if isinstance(self.pattern, str) else list(self.pattern)
        for key in ("max_scope", "allowed_types", "excluded_types", "excluded_categories"):
            if getattr(self, key):
                data[key] = list(getattr(self, key)) if key != "max_scope" else self.max_scope
        return data

    def applies_to(self, kind: str, category: str = "") -> bool:
        if category and category in self.excluded_categories:
            return False
        if self.allowed_types:
            return kind in self.allowed_types
        return kind not in self.excluded_types


@dataclass(frozen=True)
class Modifier:
    rule: ContextRule
    start: int
    end: int
    #: (start, end) of the target whose words hold this modifier ("not" in "not in school"), else None
    within: tuple[int, int] | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


#: Bundled modifier files, read in this order: the general modifiers, then the service status cues.
CONTEXT_RULE_FILES = ("context_rules.json", "service_context_rules.json")


def bundled_context_rules() -> list[dict[str, Any]]:
    """The modifiers shipped in ``rules/`` (``CONTEXT_RULE_FILES``; registered as a ``@misc`` function)."""
    return [rule for name in CONTEXT_RULE_FILES for rule in read_bundled_rules(name, "context_rules")]


class ConText(RuleComponent):
    """Marks each target span negated / hypothetical / historical and gives services a status cue."""

    def __init__(self, nlp: Language, name: str = "casenotes_context", *, spans_key: str = DEFAULT_SPANS_KEY):
        super().__init__(nlp, name, spans_key)
        self.clear()

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        targets = self.targets(doc)
        if targets:
            self.set_annotations(doc, targets, self.match(doc, targets))
        return doc

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   rules: Sequence[dict[str, Any]] | None = None) -> None:
        """Replace the rules with ``rules``."""
        self.clear()
        self.add_rules(rules or [])

    def clear(self) -> None:
        self.rules: list[ContextRule] = []
        self._regex_rules: list[ContextRule] = []
        self._matcher: RuleMatcher[ContextRule] = RuleMatcher(self.nlp)

    def add_rules(self, rules: Iterable[dict[str, Any] | ContextRule]) -> None:
        for rule in rules:
            rule = rule if isinstance(rule, ContextRule) else ContextRule.from_dict(rule)
            if isinstance(rule.pattern, str):
                self._regex_rules.append(rule)
            elif rule.pattern is not None:
                self._matcher.add(rule, pattern=rule.pattern)
            else:
                self._matcher.add(rule, phrases=[rule.literal.lower()])
            self.rules.append(rule)

    def match(self, doc: Doc, targets: Sequence[Span]) -> list[Modifier]:
        """Modifiers in ``doc``: longest first wins overlaps, PSEUDO ones then drop out."""
        found = [Modifier(rule, start, end) for rule, start, end in self._matcher(doc)]
        text = doc.text if self._regex_rules else ""  # once: spaCy joins every token's text on each doc.text
        for rule in self._regex_rules:
            for hit in re.finditer(rule.pattern, text, flags=re.IGNORECASE):
                span = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")
                if span is not None:
                    found.append(Modifier(rule, span.start, span.end))
        # a modifier inside a target's words belongs to that target; one that could never modify the target
        # holding it is not its words ("sentenced to" in the service "sentenced to 3 years" still dates the
        # assault it was for)
        holder = {(m.start, m.end): (t.start, t.end) for m in found for t in targets
                  if t.start <= m.start and m.end <= t.end and _may_hold(m.rule, t)}
        nested = [Modifier(m.rule, m.start, m.end, holder[(m.start, m.end)]) for m in found
                  if (m.start, m.end) in holder and m.rule.direction not in ("PSEUDO", "TERMINATE")]
        found = [m for m in found if (m.start, m.end) not in holder]
        kept: list[Modifier] = []
        for modifier in sorted(found, key=lambda m: (-m.length, m.start)):
            # the longer modifier wins an overlap; rules on the very same words (FORWARD and BACKWARD "declined") both stay
            if not any(k.start < modifier.end and modifier.start < k.end and (k.start, k.end) != (modifier.start, modifier.end)
                       for k in kept):
                kept.append(modifier)
        return sorted([m for m in kept if m.rule.direction != "PSEUDO"] + nested, key=lambda m: m.start)

    def set_annotations(self, doc: Doc, targets: Sequence[Span], modifiers: Sequence[Modifier]) -> None:
        # A modifier reaches only targets in its own sentence: group them by sentence once, so a long note costs
        # targets x modifiers-in-the-sentence, not targets x every modifier of the note (and their stops again).
        by_sentence: dict[int, list[Modifier]] = {}
        for modifier in modifiers:
            by_sentence.setdefault(doc[modifier.start].sent.start, []).append(modifier)
        stops = {start: [m for m in group if m.rule.direction == "TERMINATE"] for start, group in by_sentence.items()}
        for target in targets:
            sentence = doc[target.start].sent
            cues: set[str] = set()
            for modifier in by_sentence.get(sentence.start, ()):
                if modifier.rule.direction == "TERMINATE" or not modifier.rule.applies_to(target.kb_id_, target.label_):
                    continue
                if modifier.within is not None and not _nested_service(target, modifier.within):
                    continue
                if _in_scope(len(doc), (sentence.start, sentence.end), modifier, target, stops[sentence.start]):
                    cues.add(modifier.rule.category)
            for category, attr in DEFAULT_SPAN_ATTRS.items():
                setattr(target._, attr, category in cues)
            target._.service_cue = next((cue.lower() for cue in SERVICE_CUES if cue in cues), None)


#: Words that join a negation's items: "doesn't drink or use drugs", "no bruises, marks or injuries".
COORDINATORS = frozenset({"or", "nor"})
#: How many tokens past a coordinator a negation still reaches (the next item, not the rest of the sentence).
COORDINATED_ITEM = 3


def _past_coordination(doc: Doc, end: int, limit: int) -> int:
    """A negation's scope ``end`` carried over a coordinator inside it to the item it joins ("no drink or
    drugs"), up to ``limit`` and never past punctuation. A coordinator just past the scope's edge counts too:
    "no current low mood or anxiety" reaches "anxiety" when the scope stops at "mood"."""
    for i in range(min(end, limit - 1), max(end - 3, 0) - 1, -1):
        if doc[i].lower_ in COORDINATORS:
            stretch = i + 1
            while stretch < min(limit, i + 1 + COORDINATED_ITEM) and not doc[stretch].is_punct:
                stretch += 1
            return max(end, stretch)
    return end


def _may_hold(rule: ContextRule, target: Span) -> bool:
    """Whether ``target`` may hold ``rule``'s words as its own: not where the rule is kept to other kinds of
    target (the factor-only "sentenced to" inside the service "sentenced to 3 years")."""
    return not rule.allowed_types or rule.applies_to(target.kb_id_, target.label_)


def _nested_service(target: Span, holder: tuple[int, int]) -> bool:
    """A modifier inside a target's words belongs to that target, except for a service named within the
    same words: the need "not in school" holds the negation of the school."""
    return target.kb_id_ == "service" and holder[0] <= target.start and target.end <= holder[1] \
        and (target.start, target.end) != holder


def _in_scope(doc_length: int, sentence: tuple[int, int], modifier: Modifier, target: Span,
              stops: Sequence[Modifier]) -> bool:
    """Whether ``modifier`` reaches ``target`` in their shared ``sentence`` (token bounds), up to the first of
    ``stops`` (the sentence's TERMINATE modifiers) or the rule's ``max_scope``."""
    direction, reach = modifier.rule.direction, modifier.rule.max_scope or doc_length
    if modifier.start <= target.start and target.end <= modifier.end and modifier.length > len(target):
        # a negation whose words hold the target's: "no money worries" negates the need "no money"
        return modifier.rule.category == "NEGATED_EXISTENCE"
    if direction in ("FORWARD", "BIDIRECTIONAL"):
        limit = min([sentence[1]] + [m.start for m in stops if m.start >= modifier.end])
        end = min(limit, modifier.end + reach)
        if modifier.rule.category == "NEGATED_EXISTENCE":
            end = _past_coordination(target.doc, end, limit)
        if modifier.end <= target.start < end:
            return True
    if direction in ("BACKWARD", "BIDIRECTIONAL"):
        start = max([sentence[0], modifier.start - reach] + [m.end for m in stops if m.end <= modifier.start])
        if start <= target.start and target.end <= modifier.start:
            return True
    return False
