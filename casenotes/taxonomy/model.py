"""The taxonomy as frozen dataclasses: codes, groups, needs, services and the terms that find them.

Every other stage refers to codes through a loaded ``Taxonomy``, never through raw strings, so a code
that does not exist fails at load time rather than silently producing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from casenotes.contract import FACTOR, NEED, SERVICE, code_sort_key  # noqa: F401 - re-exported

#: Who a mention is about. The CIN letter follows: A child, B parent/carer, C other household member.
CHILD = "child"
PARENT_CARER = "parent_carer"
HOUSEHOLD_MEMBER = "household_member"
OUTSIDE_HOUSEHOLD = "outside_household"
SUBJECTS: tuple[str, ...] = (CHILD, PARENT_CARER, HOUSEHOLD_MEMBER, OUTSIDE_HOUSEHOLD)
ADULT_SUBJECTS = frozenset({PARENT_CARER, HOUSEHOLD_MEMBER})

#: Whose position in the sentence decides the subject of a factor group.
SUBJECT_ROLES = ("experiencer", "victim", "child")

#: Kinds of target a term can find: the label kinds of the output contract, routes, and subtype cues.
ROUTE = "route"
#: A subtype cue ("flies home to [LOCATION] in July") names a group's subtype code (8B); it counts only in a
#: note that also evidences the group itself, and then replaces the group's own code there (8F).
SUBTYPE = "subtype"
TERM_KINDS = (FACTOR, NEED, SERVICE, ROUTE, SUBTYPE)

#: Service statuses. ``mentioned`` = named but negated or hypothetical ("not known to CAMHS").
SERVICE_STATUSES = ("involved", "referred", "declined", "closed", "mentioned")


def written_in_capitals(phrase: str) -> bool:
    """'DA', 'MH', 'S47': abbreviations that must match exactly, so 'da' or 'Mh' in other words do not."""
    return phrase.upper() == phrase and any(ch.isalpha() for ch in phrase)


class TaxonomyError(ValueError):
    """A taxonomy or lexicon file that cannot be used; the message names the file and key."""


def frozen_map(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Factor:
    """One CIN census assessment factor code, e.g. ``Factor("1B", "Alcohol misuse", ...)``."""

    code: str
    group_label: str
    about: str
    description: str
    status: str


@dataclass(frozen=True)
class FactorGroup:
    """Codes that share a concern and differ by whom it is about (1A/1B/1C) or who harms (18B/18C)."""

    id: str
    label: str
    need: str | None  # None: a concern that is no need of itself (private fostering is an arrangement)
    subject_role: str
    default_subject: str = CHILD
    codes: Mapping[str, str] = field(default_factory=frozen_map)
    harmer_codes: Mapping[str, str] = field(default_factory=frozen_map)
    adult_group: str | None = None
    # codes a labeller (or the classifier) may give where the note says which kind (private fostering 8B-8E);
    # the rules emit the group's own code (8F, "other") because notes rarely state the facts that decide it
    subtype_codes: tuple[str, ...] = ()

    @property
    def all_codes(self) -> tuple[str, ...]:
        return tuple(self.codes.values()) + tuple(self.harmer_codes.values()) + self.subtype_codes


@dataclass(frozen=True)
class Need:
    """A Supporting Families headline outcome, e.g. ``Need("housing", "Secure housing", ...)``."""

    id: str
    label: str
    examples: str


@dataclass(frozen=True)
class Service:
    """A service or agency from services.csv, known by its ``name`` and matched by its aliases."""

    name: str
    aliases: tuple[str, ...]
    sector: str
    subsector: str
    cin_referral_source: str
    # the need (a Supporting Families outcome id) that this service's involvement evidences by itself: an IDVA
    # works with victims of domestic abuse, CAMHS with children's mental health (taxonomy.yaml `service_needs`)
    need: str | None = None


@dataclass(frozen=True)
class Term:
    """One way of writing a category: a phrase (``literal``) or a spaCy token ``pattern``.

    ``category`` is a factor group id, need id, route id, service name or subtype code, depending on ``kind``.
    ``status`` is a service status the term carries by itself (``NFA`` -> closed).
    ``subject`` is whom the term is about when its sentence names nobody, where the words say so better than
    the group's ``default_subject`` ("PAMS assessment" is a parent's; "Frosty Jack's in the park" a young person's).
    """

    kind: str
    category: str
    literal: str | None = None
    pattern: tuple[Any, ...] | None = None
    status: str | None = None
    case_sensitive: bool = False
    subject: str | None = None

    def to_rule(self) -> dict[str, Any]:
        """The medspaCy-style target rule for this term (see casenotes.extract.target)."""
        rule: dict[str, Any] = {"kind": self.kind, "category": self.category, "literal": self.literal or ""}
        if self.pattern is not None:
            rule["pattern"] = list(self.pattern)
        if self.case_sensitive:
            rule["case_sensitive"] = True
        if self.status:
            rule["status"] = self.status
        if self.subject:
            rule["subject"] = self.subject
        return rule


@dataclass(frozen=True)
class Taxonomy:
    """Everything extraction may emit, and the lexicon that finds it. Load with ``load_taxonomy()``."""

    version: str
    lexicon_version: str
    factors: Mapping[str, Factor]
    groups: Mapping[str, FactorGroup]
    needs: Mapping[str, Need]
    services: Mapping[str, Service]
    routes: Mapping[str, Mapping[str, str]]
    terms: tuple[Term, ...]
    not_extracted: frozenset[str] = frozenset()
    not_counted_services: frozenset[str] = frozenset()
    overlays: tuple[str, ...] = ()

    def code_for(self, group_id: str, subject: str | None, harmer: str | None = None) -> str | None:
        """The census code for a concern in ``group_id`` about ``subject``; None when there is none.

        >>> taxonomy.code_for("alcohol_misuse", "household_member")  # "MGM drinks heavily"
        '1C'
        """
        group = self.groups[group_id]
        if group.harmer_codes:
            return group.harmer_codes.get(harmer or "adult") if subject in (None, CHILD) else None
        if subject in ADULT_SUBJECTS and subject not in group.codes and group.adult_group:
            return self.code_for(group.adult_group, subject)
        return group.codes.get(subject or group.default_subject)

    def subtype_group(self, code: str) -> FactorGroup | None:
        """The group whose ``subtype_codes`` hold ``code`` ("8B" -> privately_fostered); None for other codes."""
        return next((group for group in self.groups.values() if code in group.subtype_codes), None)

    def group_of(self, code: str) -> FactorGroup | None:
        return next((group for group in self.groups.values() if code in group.all_codes), None)

    @property
    def extractable_codes(self) -> frozenset[str]:
        return frozenset(code for group in self.groups.values() for code in group.all_codes)

    def labels(self) -> dict[str, tuple[str, ...]]:
        """Every label extraction can emit, by kind: for label maps and evaluation."""
        return {
            FACTOR: tuple(sorted(self.extractable_codes, key=code_sort_key)),
            NEED: tuple(self.needs),
            SERVICE: tuple(self.services),
        }


