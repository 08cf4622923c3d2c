"""casenotes_subject: who each mention is about, and for physical/sexual abuse who harms.

The subject comes from the sentence, not from the factor: the role word or placeholder that is the
experiencer ("MGM drinks heavily" -> household member), the victim for domestic abuse ("dad hit mum"
-> mum, parent/carer; "her boyfriend controls her phone" -> her), and always the child for abuse
and exploitation of the child. Role words, placeholders and cues are data (``rules/subject_rules.json``).

Numbered placeholders are tied to roles within the note: "Mum ([PERSON_2])", "[PERSON_2] (mum)",
"[PERSON_3], mum's partner", "[PERSON_1] (7)" (an age under 18 makes a child). An untied
``[PERSON_1]`` is taken as the child when no one else in the note is, because the redactor numbers
people by first appearance and a note usually opens with the child it is about.

Subjects: child, parent_carer, household_member, outside_household (see casenotes.taxonomy).
Harmer: "child" or "adult".
"""

import json
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from importlib import resources
from typing import Any, Callable, Container, Iterable, Mapping, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from casenotes.extract.rule_matcher import RuleComponent, RuleMatcher
from casenotes.extract.spanattrs import register
from casenotes.extract.target import DEFAULT_SPANS_KEY
from casenotes.contract import placeholder_parts
from casenotes.taxonomy import SUBJECTS, Factor, FactorGroup, Need, Service, Taxonomy, Term, load_taxonomy
from casenotes.taxonomy.model import CHILD, OUTSIDE_HOUSEHOLD, ROUTE, SUBTYPE, frozen_map, written_in_capitals

RULE_KEYS = frozenset({"roles", "minor_literals", "pronouns", "placeholders", "outside_cues", "household_cues", "minor_age_limit",
                       "young_person_note", "young_adult_age_limit", "young_harmer_cues", "shared_words",
                       "childhood_cues",
                       "untied_person", "own_room_cues", "young_person_pronoun"})
AGE = re.compile(r"^(\d{1,2})(?:yo|yrs?|y/o)?$", re.IGNORECASE)
#: How far after a violent verb its object (the victim) may sit: "punched mum", "threw it at her".
OBJECT_REACH = 3
#: subjectsDA27's keys (who is harmed in domestic abuse, who harms in physical and sexual abuse), kept apart
RULE_KEYS = RULE_KEYS | {"own_relationship"}
#: harm28's key (whose body an injury word is on)
RULE_KEYS = RULE_KEYS | {"injury_owner", "passive_violence"}
#: ``doc.user_data`` key: whether the note is about a young person's own relationship (``own_relationship``)
OWN_RELATIONSHIP = "casenotes_own_relationship"
#: ``doc.user_data`` key: the targets whose harmer no words name (``SubjectResolver.settle_harmers``)
UNSETTLED_HARMERS = "casenotes_unsettled_harmers"
#: ``doc.user_data`` key: the targets whose harmer the words name
NAMED_HARMERS = "casenotes_named_harmers"
#: How far after a person a cue about where they live may sit: "Uncle (does not live at the property)".
CUE_REACH = 8
#: The subject of a person the note names without a role or an age, when it gives its children ages.
UNTIED_ADULT = "parent_carer"
HOUSEHOLD_MEMBER = "household_member"
#: The harmer of violence by the victim's own partner: the route's ``partner`` group decides (domestic abuse, 3A)
PARTNER = "partner"
#: Words after a parent's parent that say they live in the household: "[PERSON_4]'s mum [PERSON_5] lives with them".
MOVED_IN = re.compile(r"\b(?:lives|living|stays|staying|has lived) with (?:them|the family|us)\b|\bmoved in\b", re.IGNORECASE)
#: A description set off after a name in a note's opening: "[PERSON_1], who is gay, (15)", "[PERSON_1] (who is Polish-speaking)".
OPENING_DESCRIPTION = re.compile(r"\]\s*(?:,\s*(?:who(?: is| was|'s)|from an?) [^,\n\d()\[\]]{1,60},|\(\s*(?:who|from) [^\n\d()\[\]]{1,60}\))")
#: Possessive words between a person's age and their role in a household list: "[PERSON_3] (31), her son".
POSSESSIVES = ("her", "his", "their")

for _attr in ("subject", "harmer"):
    register(_attr, None)

#: ``doc.user_data`` key: the start of the note a doc is a stretch of (``casenotes.segments.OPENING_CHARS``, set by
#: ``Extractor.pipe``).
NOTE_OPENING = "casenotes_note_opening"


@dataclass(frozen=True)
class Role:
    """What a role word or placeholder says about a person."""

    subject: str | None
    gender: str | None = None
    partner: bool = False
    minor: bool = False
    #: a guess from the note's shape (an untied name in a note that gives its children's ages), not from its words
    guessed: bool = False


@dataclass(frozen=True)
class RoleMention:
    start: int
    end: int
    role: Role
    pronoun: bool = False

    @property
    def is_person(self) -> bool:
        return self.role.subject is not None


class SubjectRuleError(ValueError):
    """Subject rules that cannot be used; names the key."""


def bundled_subject_rules() -> dict[str, Any]:
    """The role words, pronouns, placeholders and cues in ``rules/subject_rules.json`` (a ``@misc`` function)."""
    text = resources.files("casenotes.extract.rules").joinpath("subject_rules.json").read_text(encoding="utf-8")
    return json.loads(text)


class SubjectResolver(RuleComponent):
    """Sets ``span._.subject`` (and ``span._.harmer``) on every target span.

    It keeps the taxonomy (which group's subject is the victim, the child, the experiencer) with its
    rules, so a saved pipeline needs neither the taxonomy files nor a council overlay to run.
    """

    data_names = ("rules", "taxonomy")

    def __init__(self, nlp: Language, name: str = "casenotes_subject", *, spans_key: str = DEFAULT_SPANS_KEY,
                 taxonomy: Taxonomy | None = None):
        super().__init__(nlp, name, spans_key)
        self.taxonomy = taxonomy
        self.clear()

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   taxonomy: Callable[[], Taxonomy] | None = None, rules: Mapping[str, Any] | None = None) -> None:
        """Set the taxonomy from ``taxonomy()`` (a loader, such as the ``casenotes.taxonomy.v1`` @misc function
        returns; the bundled taxonomy when None) and replace the rules with ``rules``."""
        self.taxonomy = taxonomy() if taxonomy is not None else load_taxonomy()
        self.clear()
        if rules:
            self.add_rules(rules)

    def clear(self) -> None:
        self.rules: dict[str, Any] = {}
        self._people: RuleMatcher[Role] = RuleMatcher(self.nlp)
        self._cues: dict[str, RuleMatcher[str]] = {}

    @property
    def is_ready(self) -> bool:
        return bool(self.rules) and self.taxonomy is not None

    def to_data(self) -> dict[str, Any]:
        return {"rules": self.rules, "taxonomy": None if self.taxonomy is None else taxonomy_to_data(self.taxonomy)}

    def from_data(self, data: dict[str, Any]) -> None:
        self.taxonomy = None if data["taxonomy"] is None else taxonomy_from_data(data["taxonomy"])
        self.add_rules(data["rules"])

    def add_rules(self, rules: Mapping[str, Any]) -> None:
        """Replace the rules: role words, pronouns, placeholders and cues shaped as ``rules/subject_rules.json``."""
        unknown = set(rules) - RULE_KEYS
        if unknown:
            raise SubjectRuleError(f"subject rules: unknown key(s) {sorted(unknown)}")
        self.clear()
        self.rules = dict(rules)
        minors = {literal.lower() for literal in rules.get("minor_literals", [])}
        for entry in rules.get("roles", []):
            subject = entry.get("subject")
            if subject is not None and subject not in SUBJECTS:
                raise SubjectRuleError(f"subject rules: unknown subject {subject!r}")
            for literal in entry["literals"]:
                role = Role(subject, entry.get("gender"), bool(entry.get("partner")), literal.lower() in minors)
                exact = written_in_capitals(literal)
                self._people.add(role, phrases=[literal if exact else literal.lower()], exact=exact)
        for name in ("outside_cues", "household_cues"):
            self._cues[name] = RuleMatcher(self.nlp)
            self._cues[name].add(name, phrases=rules.get(name, []))

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        targets = self.targets(doc)
        if not targets:
            return doc
        young = self.is_young_person_note(doc)
        mentions = self.find_people(doc, young_person_note=young)
        cues = {name: [(s, e) for _, s, e in matcher(doc)] for name, matcher in self._cues.items()}
        for target in targets:
            subject, harmer = self.resolve(doc, target, mentions, cues, young_person_note=young)
            target._.subject = subject
            target._.harmer = harmer
        self.settle_harmers(doc, targets)
        return doc

    def is_young_person_note(self, doc: Doc) -> bool:
        """Whether the note is about a young person: its opening names a teenager (the first age it gives is
        ``min_age`` to 17) or carries a young person's cue (a school year, 'YP', a return home interview)."""
        rules = self.rules.get("young_person_note")
        if not rules:
            return False
        # a stretch of a long note is read with the note's own opening (``NOTE_OPENING``), not its own start
        # "[PERSON_1], who is Black British, (15)": the age is still hers, and the opening no shorter
        chars = int(rules.get("opening_chars", 400))
        opening = OPENING_DESCRIPTION.sub("]", doc.user_data.get(NOTE_OPENING, doc.text)[: 2 * chars])[:chars]
        ages = sorted((match.start(), int(match.group(1))) for pattern in rules.get("age_patterns", [])
                      for match in re.finditer(pattern, opening))
        if ages:
            family = rules.get("family_list_before_age")
            if family and re.search(family, opening[: ages[0][0]]):
                return False  # "EH visit - [PERSON_1] and children [PERSON_2] (13) and [PERSON_3] (8)": a family's note
            return int(rules.get("min_age", 11)) <= ages[0][1] < int(self.rules.get("minor_age_limit", 18))
        return any(re.search(pattern, opening) for pattern in rules.get("patterns", []))

    # -- people in the note ---------------------------------------------------------------------

    def find_people(self, doc: Doc, young_person_note: bool = False) -> list[RoleMention]:
        """Role words, pronouns and placeholders, with numbered placeholders tied to roles."""
        words = [RoleMention(s, e, role) for role, s, e in self._people(doc)]
        longest = {(span.start, span.end) for span in filter_spans([doc[m.start:m.end] for m in words])}
        words = [m for m in words if (m.start, m.end) in longest]
        pronouns = self._pronouns(doc)
        words = self._parents_parents(doc, words, young_person_note)
        placeholders = self._placeholders(doc, words, guess_adults=not young_person_note)
        return sorted(words + pronouns + placeholders, key=lambda m: m.start)

    def _parents_parents(self, doc: Doc, words: Sequence[RoleMention], young_person_note: bool = False) -> list[RoleMention]:
        """A parent word whose owner is an adult of the home is a grandparent, another household member: "[PERSON_2] (31)
        and her son ... live with her father, [PERSON_5] (72)", "Household: partner [PERSON_3] (33), his mum
        [PERSON_6]", "[PERSON_4] (44) ... took cash from his mum". The owner of "her"/"his" is the sentence's first
        person (its subject), of "[PERSON_n]'s" that person; either must be tied to an adult role or age in the note
        (not a child's: "[PERSON_2] (6) lives with her dad" keeps dad a parent). In a young person's note "her mother" is
        most often the young person's ("Uncle [PERSON_3] rang her mother ..."): there only "[PERSON_n]'s". Train: 6 notes
        of 5 authors gained (1C, 3C, 5B, 6C), dev 4 authors. subjects29."""
        ties = tie_people(doc, words, int(self.rules.get("minor_age_limit", 18)), self.rules.get("young_adult_age_limit"))
        by_start = {m.start: m for m in words}
        out = []
        for mention in words:
            role = mention.role
            if role.subject != "parent_carer" or role.partner or role.gender is None or mention.start < 1:
                out.append(mention)
                continue
            before = doc[mention.start - 1]
            owner: Role | None = None
            if before.lower_ in ("'s", "’s") and mention.start >= 2 and doc[mention.start - 2].text.startswith("[PERSON_"):
                owner = ties.get(doc[mention.start - 2].text)
            elif before.lower_ in POSSESSIVES[:2] and not young_person_note:
                first = next((t for t in doc[before.sent.start: before.i] if t.i in by_start or t.text.startswith("[PERSON_")), None)
                named = first is not None and (first.i not in by_start or by_start[first.i].end < len(doc)
                                                and doc[by_start[first.i].end].text.startswith("[PERSON_"))
                if named:  # a named person, not a bare role word: "Mum said 'I'm a bad mum to her'" is the child's
                    owner = by_start[first.i].role if first.i in by_start else ties.get(first.text)
                    if owner is not None and owner.gender not in (None, "female" if before.lower_ == "her" else "male"):
                        owner = None
            if owner is not None and owner.subject in ("parent_carer", HOUSEHOLD_MEMBER) and not owner.minor:
                role = Role(HOUSEHOLD_MEMBER, role.gender)
            out.append(replace(mention, role=role))
        return out

    def _pronouns(self, doc: Doc) -> list[RoleMention]:
        by_word = {word: gender for gender, words in self.rules.get("pronouns", {}).items() for word in words}
        return [RoleMention(t.i, t.i + 1, Role(None, by_word[t.lower_]), pronoun=True) for t in doc if t.lower_ in by_word]

    def _placeholders(self, doc: Doc, words: Sequence[RoleMention], guess_adults: bool = True) -> list[RoleMention]:
        table = self.rules.get("placeholders", {})
        ties = tie_people(doc, words, int(self.rules.get("minor_age_limit", 18)), self.rules.get("young_adult_age_limit"),
                          birth_date=self.rules.get("untied_person", {}).get("birth_date_after"))
        found: list[RoleMention] = []
        for token in doc:
            parts = placeholder_parts(token.text)
            if parts is None:
                continue
            kind = parts[0]
            if kind in table:
                entry = table[kind]
                role = Role(entry.get("subject"), entry.get("gender"), bool(entry.get("partner")), bool(entry.get("minor")))
                found.append(RoleMention(token.i, token.i + 1, ties.get(token.text, role)))
            elif kind == "PERSON" and token.text in ties:
                found.append(RoleMention(token.i, token.i + 1, ties[token.text]))
        if not any(m.role.subject == CHILD for m in found + list(words) if not _is_generic_child(doc, m)):
            found += [RoleMention(t.i, t.i + 1, Role(CHILD)) for t in doc if t.text == "[PERSON_1]" and "[PERSON_1]" not in ties]
        elif guess_adults and any(role.subject == CHILD for role in ties.values()):
            # the note gives its children's ages ("[PERSON_3] (2)"); someone named without an age or a role
            # is then most often a parent: "[PERSON_4] has a learning disability" is 5B, not 5A. Not in a young
            # person's note, where the young person often has a second placeholder (a short name) of their own
            tied = {m.start for m in found}
            found += [RoleMention(t.i, t.i + 1, Role(UNTIED_ADULT, guessed=True)) for t in doc
                      if t.i not in tied and t.text not in ties and (placeholder_parts(t.text) or ("",))[0] == "PERSON"]
        return found

    def _young_person_pronoun(self, doc: Doc, target: Span, local: Sequence[RoleMention],
                              everyone: Sequence[RoleMention]) -> bool:
        """In a young person's note, 'Mum says she is refusing to get out of bed', 'Carer told me he hasn't been
        sleeping': a he/she whose antecedent is a parent's role word in the same sentence is most often the young
        person the parent talks about, not the parent (``young_person_pronoun``)."""
        chosen = _after_word(doc, target, local, ("by", "(", "from")) or _nearest_before(target.start, local)
        if chosen is None or not chosen.pronoun or doc[chosen.start].lower_ not in ("she", "he"):
            return False  # not "her medication", "his care coordinator": a possessive is the parent's own
        antecedent = _antecedent(doc, chosen, everyone, None)
        return antecedent is not None and antecedent.start >= target.sent.start \
            and antecedent.role.subject == "parent_carer" and not antecedent.role.partner \
            and not doc[antecedent.start].text.startswith("[")

    # -- resolution ------------------------------------------------------------------------------

    def resolve(self, doc: Doc, target: Span, mentions: Sequence[RoleMention], cues: Mapping,
                young_person_note: bool = False) -> tuple[str | None, str | None]:
        sentence = target.sent
        local = [m for m in mentions if sentence.start <= m.start < sentence.end]
        if target.kb_id_ == "service":
            return None, None
        if target.kb_id_ == SUBTYPE:
            return CHILD, None  # subtypes belong to groups about the child (private fostering)
        if target.kb_id_ == ROUTE:
            return self._route_victim(doc, target, local, mentions, cues, young_person_note)
        if target.kb_id_ == "need":
            experiencer = self._experiencer(doc, target, local, mentions, cues)
            return experiencer, None
        group = self.taxonomy.groups[target.label_]
        default = target._.default_subject or group.default_subject
        if young_person_note and not target._.default_subject \
                and group.id in self.rules.get("young_person_note", {}).get("groups", ()):
            default = CHILD  # "Low mood, not sleeping" in a young person's note is the young person's
        if group.subject_role == "victim":
            return self._domestic_abuse_victim(doc, target, local, mentions, cues, default, young_person_note), None
        if group.subject_role == "child":
            subject = CHILD
            experiencer = self._experiencer(doc, target, local, mentions, cues)
            if target._.is_historical and experiencer not in (None, CHILD, OUTSIDE_HOUSEHOLD):
                subject = experiencer  # "mum was sexually abused as a child": about mum, long ago
            owner = self._injury_owner(doc, target, local, mentions, cues)
            if owner in ("parent_carer", HOUSEHOLD_MEMBER):
                return owner, None  # "Mum has bruising to her hip": an adult's injury, no abuse of the child
            harmer = self._harmer(doc, target, local, mentions) if group.harmer_codes else None
            return subject, harmer
        if young_person_note and group.id in self.rules.get("young_person_pronoun", {}).get("groups", ()) \
                and self._young_person_pronoun(doc, target, local, mentions):
            return CHILD, None
        if self._own_room(doc, target, local, mentions, group.id, young_person_note):
            return HOUSEHOLD_MEMBER, None  # "[PERSON_5] has been smoking spice in his bedroom": an adult son, a lodger
        if len(group.codes) == 1 and not group.adult_group:
            # a group with one code has one subject: in "[PERSON_3] helps Nan with her tablets" or "he helps Nan" the
            # carer is the child (7A). Only a role word before the words in their sentence names another doer ("Dad
            # does the shopping": no census code); a pronoun, an owner ("mum's") or a name with no role does not
            doer = _nearest_before(target.start, local)
            owner = doer is not None and doer.end < len(doc) and doc[doer.end].lower_ in ("'s", "’s")  # "mum's tablets"
            if doer is None or doer.pronoun or doer.role.guessed or owner:
                return next(iter(group.codes)), None
        # words whose own subject agrees with their group's ("eczema": the child's) outrank a guessed adult; where
        # they disagree ("not sleeping" a child's, mental health a parent's) the guess stands (test_factors18)
        own_words = target._.default_subject is not None and target._.default_subject == group.default_subject
        # "[PERSON_4] has autism and a severe learning disability", "... working at Year 1 level": a childhood cue in
        # the sentence of a group that defaults to the child outweighs the guess that an untied name is a parent
        childhood = group.default_subject == CHILD and self._childhood_cue(doc, target, local)
        return self._experiencer(doc, target, local, mentions, cues, yield_guess=own_words or childhood,
                                 yield_pronoun=target._.default_subject == CHILD and not (
                                     self._shared_words(target) and not young_person_note),
                                 untied=default if not young_person_note
                                 and group.id in self.rules.get("untied_person", {}).get("groups", ()) else None) \
            or default, None

    def _own_room(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                  group_id: str, young_person_note: bool) -> bool:
        """Drink or drugs in someone's own room ("smoking spice in his bedroom", "cans in the box room"), said of a
        name the note ties to no role (or of nobody), outside a young person's note: most often an adult son, a
        grown-up sibling or a lodger, another household member (``own_room_cues``). A role word keeps its own."""
        rules = self.rules.get("own_room_cues", {})
        if young_person_note or group_id not in rules.get("groups", ()):
            return False
        if not re.search(rules.get("pattern", r"(?!)"), target.sent.text):
            return False
        chosen = _after_word(doc, target, local, ("by", "(", "from")) or _nearest_before(target.start, local)
        if chosen is not None and _untied_nearer(doc, chosen, target, everyone):
            return True
        if chosen is not None and chosen.pronoun:
            chosen = _antecedent(doc, chosen, everyone, None)
        return chosen is None or chosen.role.guessed

    def _injury_owner(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                      cues: Mapping) -> str | None:
        """Whose body an injury is on (``injury_owner``), where the words say so plainly: a role word before 'has'/'had'/
        'showed me' ('Mum has bruising', '[PERSON_8] (mum) had a bruise') or after 'on'/'to' ('bruise on mum's arm'), or
        'her'/'his' after 'on'/'to' whose antecedent is a role word in the same sentence with no one else between
        ('Mum showed me a bruise on her arm'). Not a pronoun whose antecedent the words leave open ('when dad was out of
        the room he lifted his top - bruising on his side'), nor a name whose role is only guessed. None otherwise."""
        rules = self.rules.get("injury_owner") or {}
        if target.label_ not in rules.get("groups", ()):
            return None
        reach = int(rules.get("reach", 4))
        verbs = {word.lower() for word in rules.get("before_words", ())}
        window = doc[max(target.sent.start, target.start - reach): target.start]
        verb = next((t for t in reversed(window) if t.lower_ in verbs), None)
        if verb is not None:
            owner = next((m for m in local if m.end == verb.i and (m.is_person or m.pronoun)), None)
            if owner is not None:
                return self._plain_owner(doc, owner, local, everyone, cues)
        after = {word.lower() for word in rules.get("after_words", ())}
        for i in range(target.end, min(target.sent.end, target.end + reach)):
            if doc[i].is_punct:
                break
            if doc[i].lower_ in after:
                owner = next((m for m in local if m.start == i + 1 and (m.is_person or m.pronoun)), None)
                return None if owner is None else self._plain_owner(doc, owner, local, everyone, cues)
        return None

    def _plain_owner(self, doc: Doc, owner: RoleMention, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                     cues: Mapping) -> str | None:
        if owner.role.guessed:
            return None
        if owner.pronoun:
            antecedent = _antecedent(doc, owner, everyone, None)
            if antecedent is None or antecedent.role.guessed \
                    or not any(m.start == antecedent.start for m in local) \
                    or any(antecedent.end <= m.start < owner.start for m in local if m.pronoun or m.is_person):
                return None
        return self._subject_of(doc, owner, everyone, cues)

    def _childhood_cue(self, doc: Doc, target: Span, local: Sequence[RoleMention]) -> bool:
        """A childhood cue in the target's sentence, before the next person named after it: not '[PERSON_4] has a
        learning disability and lives with [PERSON_3], who is autistic'."""
        later = [m.start for m in local if m.start >= target.end and m.is_person]
        text = doc[target.sent.start: min(later, default=target.sent.end)].text
        patterns = self.rules.get("childhood_cues", {}).get("patterns", ())
        return any(re.search(pattern, text) for pattern in patterns)

    def _shared_words(self, target: Span) -> bool:
        """Words a parent uses of themselves as often as of a child ('crying all the time', 'she cries'): their
        pronoun keeps its own antecedent (``shared_words``), unlike a child's own words ('she wets the bed')."""
        rules = self.rules.get("shared_words", {})
        words = {word.lower() for word in rules.get("words", ())}
        places = {word.lower() for word in rules.get("except_with", ())}  # "cried in class", "crying in the toilets"
        return any(t.lower_ in words for t in target) and not any(t.lower_ in places for t in target)

    def _experiencer(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                     cues: Mapping, yield_guess: bool = False, yield_pronoun: bool = False,
                     untied: str | None = None) -> str | None:
        after_by = _after_word(doc, target, local, ("by", "(", "from"))
        chosen = after_by or _nearest_before(target.start, local)
        if chosen is None:
            return None
        if untied is not None and chosen is not after_by and _untied_nearer(doc, chosen, target, everyone):
            # "[PERSON_2] was drunk again", "[PERSON_3] ... says he is down to four cans": someone the note ties to no role
            # is nearer than the tied person, so the default (``untied``) decides. Not in a young person's note, where the
            # young person often has a second, untied placeholder (a short name)
            return untied
        if chosen.role.guessed and yield_guess:
            return None
        if yield_pronoun and not chosen.pronoun and _reports_on_name(doc, chosen):
            return None  # "Carer: [PERSON_9] wets the bed": the carer reports on the child, in the child's own words
        if chosen.pronoun and yield_pronoun and not chosen.role.partner:
            # "Carer says she wets the bed", "he has nightmares": a child's own words about whoever a pronoun is; its
            # nearest named person is most often the adult who reports it, not who has it
            return None
        return self._subject_of(doc, chosen, everyone, cues)

    def _domestic_abuse_victim(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                               cues: Mapping, default: str, young_person_note: bool = False) -> str:
        """The person harmed. A child is the victim only in their own relationship ("her boyfriend ...")."""
        own = self.is_own_relationship_note(doc, young_person_note)
        if own:
            default = CHILD  # "DASH 16, MARAC referral" in a note about a young person's own relationship
        # "her boyfriend (19) hits her", "her boyfriend controls her phone": whose boyfriend, inside or just before
        partners = [m for m in local if m.role.partner and m.role.subject == OUTSIDE_HOUSEHOLD
                    and m.start < target.end and (m.start >= target.start or m is _nearest_before(target.start, local))]
        for partner in reversed(partners):
            owner = _nearest_before(partner.start, local)
            if owner is not None and owner.role.partner and owner.end == partner.start:
                owner = _nearest_before(owner.start, local)  # "[PERSON_1]'s boyfriend [PERSON_5]": [PERSON_1]'s
            if owner is not None and owner.end >= partner.start - 1:
                if own and owner.pronoun and not self._named_in_sentence(doc, owner, local, everyone):
                    return CHILD  # "her boyfriend hit her" in a young person's note: her own boyfriend
                return self._subject_of(doc, owner, everyone, cues) or default
        victim = _object_of(target, local)
        if victim is not None:
            if own and victim.pronoun and not self._named_in_sentence(doc, victim, local, everyone):
                return CHILD  # "he checks her phone", "he slapped her": the young person, not an earlier aunt or mum
            subject = self._subject_of(doc, victim, everyone, cues, agent=_nearest_before(target.start, local))
            if subject == CHILD and victim.pronoun and not young_person_note and not own:
                # "she says he strangled her" in a parent's or a young child's note: a pronoun whose nearest named
                # person is the (young) child is most often the adult the note is talking to; a young child is not
                # in a relationship of their own (3A), and abuse of the child is 18/19, not 3
                return default
            return subject or default
        subject = self._experiencer(doc, target, local, everyone, cues)
        if subject == CHILD or subject is None:
            return default  # a child who witnesses parental abuse: the concern is 3B, not 3A
        return subject

    def is_own_relationship_note(self, doc: Doc, young_person_note: bool = False) -> bool:
        """Whether the note is about a young person's own relationship: a cue (``own_relationship``) such as 'her
        boyfriend', 'the young people's IDVA', 'DA in her own relationship' in a note whose opening gives a young
        person's age first (``min_age`` to ``max_age``: a care leaver of 19 too), or no age in a young person's note.
        Not where that age is a parent's ('Mother: [PERSON_7] (17)': a note about her baby). Domestic abuse whose
        victim the sentence does not name is then the young person's (3A), not a parent's (3B)."""
        if OWN_RELATIONSHIP in doc.user_data:
            return doc.user_data[OWN_RELATIONSHIP]
        rules = self.rules.get("own_relationship") or {}
        found = any(re.search(pattern, doc.text) for pattern in rules.get("patterns", ()))
        if found:
            young = self.rules.get("young_person_note") or {}
            chars = int(young.get("opening_chars", 400))
            opening = OPENING_DESCRIPTION.sub("]", doc.user_data.get(NOTE_OPENING, doc.text)[: 2 * chars])[:chars]
            ages = sorted((match.start(), int(match.group(1))) for pattern in young.get("age_patterns", [])
                          for match in re.finditer(pattern, opening))
            if ages:
                found = int(rules.get("min_age", 13)) <= ages[0][1] < int(rules.get("max_age", 20))
            else:
                found = young_person_note
            parent = rules.get("parent_age_pattern")
            if found and parent and re.search(parent, opening):
                found = False
        doc.user_data[OWN_RELATIONSHIP] = found
        return found

    def _named_in_sentence(self, doc: Doc, pronoun: RoleMention, local: Sequence[RoleMention],
                           everyone: Sequence[RoleMention]) -> bool:
        """Whether a pronoun's antecedent is a role word in its own sentence ('Mum says her ex hit her'), not a
        name or a role word further back."""
        antecedent = _antecedent(doc, pronoun, everyone, _nearest_before(pronoun.start, local))
        return antecedent is not None and any(m.start == antecedent.start for m in local) \
            and not doc[antecedent.start].text.startswith("[") and antecedent.role.subject not in (CHILD, OUTSIDE_HOUSEHOLD)

    def _route_victim(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                      cues: Mapping, young_person_note: bool = False) -> tuple[str | None, str | None]:
        """Violence verbs: 'dad hit mum' (object is the victim) or '[CHILD_1] was hit by dad' (passive)."""
        agent = _after_word(doc, target, local, ("by",))
        victim = _nearest_before(target.start, local) if agent is not None else _object_of(target, local)
        own = self.is_own_relationship_note(doc, young_person_note)
        if victim is None and agent is None and target.end < len(doc) and doc[target.end].lower_ == "me":
            # "he slapped me", "Dad grabbed me": whoever speaks (``_speaker``)
            subject = self._speaker(doc, target, local, everyone, cues, young_person_note or own)
            if subject is None:
                return None, None
            agent = _nearest_before(target.start, local)
        elif victim is None and self._passive(doc, target):
            return self._passive_victim(doc, target, local, everyone, cues, young_person_note, own)
        elif victim is None:
            return None, None
        else:
            if agent is None:
                agent = _nearest_before(target.start, local)
            subject = self._subject_of(doc, victim, everyone, cues, agent=agent)
            if subject == CHILD and victim.pronoun and agent is not None and agent.role.partner and not agent.pronoun \
                    and not (young_person_note or own):
                # "[PERSON_1] says partner pushed her" in a parent's note: the partner's partner, not the child a name
                # the note ties to no role is guessed to be (as ``_domestic_abuse_victim`` reads a pronoun victim)
                subject = "parent_carer"
        if subject == CHILD and own and self._by_partner(doc, agent, everyone):
            return subject, PARTNER  # "he slapped her" in a young person's own relationship: 3A (taxonomy ``routes``)
        if agent is not None and not agent.pronoun:
            harmer = self._named_harmer(doc, target, "child" if _is_young(doc, agent) else "adult")
        else:  # "one punched him" after "two Year 8 boys ...": a pronoun before the verb is most often the victim
            harmer = self._harmer(doc, target, local, everyone)
        return subject, harmer

    def _passive(self, doc: Doc, target: Span) -> bool:
        """A violent verb told of its victim with no object (``passive_violence``): 'was punched in the face', 'stabbed
        twice in the thigh', 'got jumped by four lads', 'beaten up'. Not 'was struck by how quiet she was'."""
        rules = self.rules.get("passive_violence") or {}
        before = {word.lower() for word in rules.get("before_words", ())}
        after = {word.lower() for word in rules.get("after_words", ())}
        following = doc[target.end] if target.end < len(doc) else None
        if following is None or following.is_sent_start:
            return False
        if target.start > 0 and doc[target.start - 1].lower_ in rules.get("not_after", ()):
            return False  # a noun: "the stabbing in April", "his own stabbing", "the assaults in May"
        objects = {word.lower() for word in rules.get("not_objects", ())}
        if any(t.lower_ in objects for t in doc[target.end: min(target.sent.end, target.end + 3)]):
            return False  # "kicked in the door", "punched through the window"
        journey = {word.lower() for word in rules.get("not_in_sentence", ())}
        if any(t.lower_ in journey for t in target.sent):
            return False  # "beaten in the detention centre in Libya": harm on a journey here, not abuse at home or by peers
        if following.lower_ in after:
            return True
        passive = target[0].lower_ in before or target.start > 0 and doc[target.start - 1].lower_ in before
        if not passive:
            return False
        if following.lower_ == "by":
            return target.end + 1 < len(doc) and doc[target.end + 1].lower_ not in rules.get("not_after_by", ())
        return following.is_punct or following.lower_ in ("and", "but")

    def _passive_victim(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                        cues: Mapping, young_person_note: bool, own: bool) -> tuple[str | None, str | None]:
        """The victim of a passive violent verb is the person before it ('mum was punched'); with nobody tied before
        it, or a name the note ties to no role between ('[PERSON_3] was stabbed'), the young person of a young
        person's note, else nobody. The doer: a person after 'by' in its sentence, else a young harmer the words
        suggest ('by four lads', 'a 16 year old'), else an adult whom the note's named harmers may settle."""
        victim = _nearest_before(target.start, local)
        if victim is not None and any(t.lower_ in ("with", "by") for t in doc[max(0, victim.start - 3):victim.start]):
            victim = None  # "attended ED with dad ([PERSON_2]) after being kicked": not who was kicked
        if victim is None or _untied_nearer(doc, victim, target, everyone):
            if not (young_person_note or own):
                return None, None
            subject = CHILD
        else:
            subject = self._subject_of(doc, victim, everyone, cues)
        by = next((t.i for t in doc[target.end: target.sent.end] if t.lower_ == "by"), None)
        if by is not None and by + 1 < len(doc) and doc[by + 1].lower_ in rules_not_by(self.rules):
            return None, None  # "beaten by police in Iran": not abuse the census counts
        # "by a group of Year 10 girls", "by his cousin [PERSON_5] (15)"
        agent = None if by is None else next((m for m in local if by < m.start <= by + 5 and m.is_person), None)
        if subject == CHILD and own and agent is not None and agent.role.partner:
            return subject, PARTNER
        if agent is not None:
            return subject, self._named_harmer(doc, target, "child" if _is_young(doc, agent) else "adult")
        if self._young_harmer_nearby(doc, target, everyone):
            return subject, self._named_harmer(doc, target, "child")
        return subject, self._unsettled_harmer(doc, target, "adult")

    def _speaker(self, doc: Doc, target: Span, local: Sequence[RoleMention], everyone: Sequence[RoleMention],
                 cues: Mapping, young: bool) -> str | None:
        """Who 'me' is after a violent verb: the nearest person before it in its sentence who can be harmed at home
        (not the doer right before the verb, a partner or someone outside the household: 'Mum said Dean "grabbed me"',
        '[PERSON_4] told her teacher "Dad grabbed me"'); with none, the young person in a young person's note."""
        doer = _nearest_before(target.start, local)
        adjacent = doer is not None and all(t.is_punct or AGE.match(t.text) for t in doc[doer.end:target.start])
        for mention in reversed([m for m in local if m.end <= target.start and (m.is_person or m.pronoun)]):
            if adjacent and mention is doer:
                continue
            if mention.pronoun or mention.role.guessed:
                break  # "she told me he 'grabbed me'": who 'she' is, the words do not settle
            subject = self._subject_of(doc, mention, everyone, cues)
            if subject in (None, OUTSIDE_HOUSEHOLD) or mention.role.partner:
                continue
            return subject
        return CHILD if young else None

    def _by_partner(self, doc: Doc, agent: RoleMention | None, everyone: Sequence[RoleMention]) -> bool:
        """In a young person's own relationship, violence to the young person is by their partner unless its doer is
        someone else the words name: a parent, relative, peer or stranger ('Dad slapped her', 'the boys kicked her'),
        or a pronoun whose antecedent is such a role word. 'He', a partner, an untied name or nobody: the partner."""
        if agent is None or agent.role.partner:
            return True
        if agent.pronoun:
            agent = _antecedent(doc, agent, everyone, None)
            if agent is None or agent.role.partner or doc[agent.start].text.startswith("["):
                return True
        return agent.role.subject == CHILD or agent.role.guessed

    def _harmer(self, doc: Doc, target: Span, local: Sequence[RoleMention],
                everyone: Sequence[RoleMention] = ()) -> str:
        """'child' when another child (sibling, cousin, peer, a 14-year-old) is named as harming, else 'adult'."""
        agent = _after_word(doc, target, local, ("by", "from"))
        if agent is not None:
            return self._named_harmer(doc, target, "child" if _is_young(doc, agent) else "adult")
        agent = _doer_of(doc, target, local)
        if agent is not None and _is_young(doc, agent):
            # '[PERSON_5] (13) "made him take ...', "her brother (16) punched her"
            return self._named_harmer(doc, target, "child")
        # the child harmed is a minor too; only other young people (siblings, cousins, peers) count as harmers
        if any(m.role.minor and m.role.subject not in (CHILD, None) for m in local):
            return "child"
        if agent is not None and not agent.role.guessed:
            return self._named_harmer(doc, target, "adult")  # "Dad punched him"
        if any(m.is_person and not m.pronoun and not m.role.guessed and m.role.subject not in (CHILD, OUTSIDE_HOUSEHOLD)
               for m in local):
            # "dad clipped him ... a bruise": a named adult, whatever came before; but "with mum. Bruising to R eye"
            # names no harmer, so the note's named harmers may still settle it (``settle_harmers``)
            return self._unsettled_harmer(doc, target, "adult")
        if self._young_harmer_nearby(doc, target, everyone):
            return self._named_harmer(doc, target, "child")
        return self._unsettled_harmer(doc, target, "adult")

    def _named_harmer(self, doc: Doc, target: Span, harmer: str) -> str:
        """A harmer the words name ('punched by two Year 9 boys', 'Dad punched him'): ``settle_harmers`` reads it."""
        doc.user_data.setdefault(NAMED_HARMERS, set()).add((target.start, target.end))
        return harmer

    def _unsettled_harmer(self, doc: Doc, target: Span, harmer: str) -> str:
        """A harmer guessed, not named: ``settle_harmers`` may replace it with the harmer the note names elsewhere."""
        doc.user_data.setdefault(UNSETTLED_HARMERS, set()).add((target.start, target.end))
        return harmer

    def settle_harmers(self, doc: Doc, targets: Sequence[Span]) -> None:
        """A harm with no harmer in its sentence ('Bruising to R forearm', 'red marks on his neck') in a note whose
        named harmers of that abuse are all children ('[PERSON_4] (15) punched me', 'kicked by a group of Year 10
        girls') is another child's too: 18B/19B, not 18C/19C. Named harmers are read from current and past harms
        of the same group, not from negated or hypothetical ones ('no marks suggesting an adult')."""
        unsettled = doc.user_data.pop(UNSETTLED_HARMERS, set())
        named = doc.user_data.pop(NAMED_HARMERS, set())
        if not unsettled or not named:
            return
        by_group: dict[str, list[Span]] = {}
        for target in targets:
            if target._.harmer is None:
                continue
            group = target.label_ if target.kb_id_ != ROUTE else self.taxonomy.routes[target.label_].get(target._.subject)
            if group:
                by_group.setdefault(group, []).append(target)
        for spans in by_group.values():
            harmers = {span._.harmer for span in spans if (span.start, span.end) in named
                       and not span._.is_negated and not span._.is_hypothetical}
            if harmers == {"child"}:
                for span in spans:
                    if (span.start, span.end) in unsettled:
                        span._.harmer = "child"

    def _young_harmer_nearby(self, doc: Doc, target: Span, everyone: Sequence[RoleMention]) -> bool:
        """An unnamed young harmer in the harm's sentence or the one before: 'a 15 year old punched him', 'two boys
        were waiting ... the other punched him', 'four youths kicked him' (``young_harmer_cues``)."""
        rules = self.rules.get("young_harmer_cues")
        if not rules:
            return False
        sentence = target.sent
        start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
        text = doc[start:sentence.end].text
        if re.search(rules.get("adult_pattern", r"(?!)"), text, re.IGNORECASE):
            return False  # "the man ... slapped him", "one of the men": an adult is there
        if any(m.role.minor and m.role.gender == "plural" and "lads" not in doc[m.start:m.end].text.lower()
               for m in everyone if start <= m.start < sentence.start):  # "older lads" in exploitation: often adults
            return True  # "jumped by 4-5 boys at the bus stop. Says they ... kicked him"
        min_age, limit = int(rules.get("min_age", 10)), int(self.rules.get("minor_age_limit", 18))
        ages = [next(int(group) for group in match.groups() if group)
                for match in re.finditer(rules.get("age_pattern", r"(?!)"), text, re.IGNORECASE)]
        if any(age >= limit for age in ages):
            return False  # "a 23-year-old having sex with a 14-year-old": the young age is the child harmed
        if any(min_age <= age < limit for age in ages):
            return True
        return any(re.search(pattern, text, re.IGNORECASE) for pattern in rules.get("patterns", []))

    def _subject_of(self, doc: Doc, mention: RoleMention, everyone: Sequence[RoleMention], cues: Mapping,
                    agent: RoleMention | None = None) -> str | None:
        if mention.pronoun:
            mention = _antecedent(doc, mention, everyone, agent)
            if mention is None:
                return None
        subject = mention.role.subject
        if subject is None:
            return None
        reach = CUE_REACH + description_after(doc, mention.end - 1)  # "Uncle [PERSON_3], who is Polish-speaking, lives with"
        if _cue_follows(mention, cues.get("household_cues", []), reach):
            return subject if subject != OUTSIDE_HOUSEHOLD else "household_member"
        if subject != CHILD and _cue_follows(mention, cues.get("outside_cues", []), reach):
            return OUTSIDE_HOUSEHOLD
        return subject


def rules_not_by(rules: Mapping[str, Any]) -> frozenset[str]:
    """Doers after 'by' that make passive violence no abuse of the child (``passive_violence.not_by``: 'police')."""
    return frozenset(word.lower() for word in (rules.get("passive_violence") or {}).get("not_by", ()))


def _is_generic_child(doc: Doc, mention: RoleMention) -> bool:
    """'the children' in 'in front of the children' does not name the note's child."""
    return doc[mention.start:mention.end].text.lower() in ("children", "the children", "kids")


def tie_people(doc: Doc, words: Sequence[RoleMention], minor_age_limit: int = 18,
               young_adult_age_limit: int | None = None, birth_date: str | None = None) -> dict[str, Role]:
    """Roles and ages the note gives each numbered placeholder: 'Mum ([PERSON_2])', '[PERSON_1] (7)'.

    A person given a young adult's age and no role ('[PERSON_4] (19)', under ``young_adult_age_limit``) is a
    household member: in a child's note most often an adult sibling; not ``[PERSON_1]``, the note's own subject
    (a care leaver)."""
    by_start = {m.start: m for m in words}
    by_end = {m.end: m for m in words}
    roles = {i for m in words for i in range(m.start, m.end)}
    ties: dict[str, Role] = {}
    for token in doc:
        if not token.text.startswith("[PERSON_"):
            continue
        role = _role_near(doc, token, by_start, by_end, roles)
        if role is not None and role.gender == "plural":
            role = replace(role, gender=None)  # "parents [PERSON_6] and [PERSON_7]": each one person, of either sex
        age = _age_after(doc, token, roles)
        if role is None and age is None and birth_date and re.match(birth_date, doc[token.i + 1: token.i + 4].text):
            role = Role(CHILD, minor=True)  # "Re: [PERSON_2], DOB [DATE_OF_BIRTH]": the child a form or letter is about
        if role is None and age is None:
            continue
        if role is None and young_adult_age_limit and minor_age_limit <= age < young_adult_age_limit \
                and token.text != "[PERSON_1]":
            role = Role(HOUSEHOLD_MEMBER)
        elif role is None and young_adult_age_limit and age >= young_adult_age_limit:
            role = Role(UNTIED_ADULT, guessed=True)  # "[PERSON_2] (38)": most often a parent, a guess like an untied name
        elif role is None:
            role = Role(CHILD if age < minor_age_limit else None, minor=age < minor_age_limit)
        elif age is not None and age < minor_age_limit:
            role = replace(role, minor=True)
        elif age is not None and role.subject == CHILD:
            role = Role(HOUSEHOLD_MEMBER, role.gender)  # "older son [PERSON_2] (19)", "[PERSON_3] (31), her son": an adult child
        if role.subject is not None or token.text not in ties:
            ties.setdefault(token.text, role)
    _tie_plural_pairs(doc, by_end, ties)
    gives_child_ages = any(role.subject == CHILD for role in ties.values())
    for token in doc:  # "[PERSON_4]'s mum [PERSON_5]", "[PERSON_7]'s father, [PERSON_8] (88)" where [PERSON_4] is a parent:
        # a grandparent, in the household
        adjacent = by_end.get(token.i)
        kin = adjacent or (by_end.get(token.i - 1) if token.i >= 1 and doc[token.i - 1].text in (",", "(") else None)
        if kin is None or not token.text.startswith("[PERSON_") or kin.start < 2 or kin.role.subject != "parent_carer" \
                or kin.role.partner or doc[kin.start - 1].lower_ not in ("'s", "’s"):
            continue
        owner_text = doc[kin.start - 2].text
        owner = ties.get(owner_text)
        owner_parent = owner is not None and owner.subject == "parent_carer" and not owner.minor
        # an owner with no role or age, in a note that gives its children's ages, is most often a parent (as in
        # ``_placeholders``), but may be a child ("[PERSON_3]'s dad, [PERSON_5], has ..."); that form, and "[PERSON_3]'s
        # dad ([PERSON_6], 79)", "[PERSON_7]'s mum, [PERSON_8]", need the note to say the person lives with them
        untied = owner is None and gives_child_ages and owner_text.startswith("[PERSON_") and owner_text != "[PERSON_1]"
        lives_there = bool(MOVED_IN.search(doc[token.i + 1: token.i + 1 + CUE_REACH].text))
        if owner_parent and adjacent is not None or (owner_parent or untied) and lives_there:
            ties[token.text] = Role("household_member", kin.role.gender)
    return ties


def _tie_plural_pairs(doc: Doc, by_end: Mapping[int, RoleMention], ties: dict[str, Role]) -> None:
    """The second name after a role word for several people has that role too: "his parents [PERSON_5] (61) and
    [PERSON_6] (63)", "grandparents [PERSON_5] and [PERSON_6]" (not children, whose ages tie them). A name tied only by
    an adult's age (a guess) takes the role. Train and dev: 2 authors. subjects29."""
    for token in doc:
        if not token.text.startswith("[PERSON_") or token.i < 2 or doc[token.i - 1].lower_ not in ("and", "&"):
            continue
        if token.text in ties and not ties[token.text].guessed:
            continue
        k = token.i - 2
        if doc[k].text == ")":  # past the first name's age: "[PERSON_5] (61) and"
            k = next((j - 1 for j in range(k - 1, max(0, k - 4), -1) if doc[j].text == "("), -1)
        if k < 1 or not doc[k].text.startswith("[PERSON_") or k not in by_end:
            continue
        role = by_end[k].role
        if role.gender == "plural" and role.subject not in (None, CHILD, OUTSIDE_HOUSEHOLD):
            ties[token.text] = replace(role, gender=None)


def description_after(doc: Doc, i: int, roles: Container[int] | None = None) -> int:
    """How many tokens after token ``i`` (a name or role word) a description set off by commas or brackets takes:
    "[PERSON_1], who is Black British, (7)", ", from a Muslim family,", "(Polish-speaking)" (0 when none). Rules that
    measure how far a name is from its age, role, verb or cue read past it, so a neutral description of who someone
    is never changes whose a concern is. Not an age ("who is 15"), a name or, in brackets, a role word ("(mum)";
    ``roles``: the token indices of role words; without them only "(who ...)", "(from ...)")."""
    j = i + 1
    if j + 2 < len(doc) and doc[j].text == "," and (doc[j + 1].lower_ == "who" and doc[j + 2].lower_ in ("is", "was", "'s")
                                                    or doc[j + 1].lower_ == "from" and doc[j + 2].lower_ in ("a", "an")):
        close = next((k for k in range(j + 3, min(len(doc), j + 14)) if doc[k].text in (",", ".", ";", ":", "(", ")")
                      or "\n" in doc[k].text), None)
    elif j + 1 < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(len(doc), j + 10)) if doc[k].text in ("(", ")") or "\n" in doc[k].text), None)
        if close is None or doc[close].text != ")" or close == j + 1:
            return 0
        inside = doc[j + 1: close]
        if any(not (t.is_alpha or t.text in ("-", "/", "'")) for t in inside):
            return 0
        if (roles is None and inside[0].lower_ not in ("who", "from")) or any(k in roles for k in range(j + 1, close) if roles):
            return 0
        return close + 1 - j
    else:
        return 0
    if close is None or doc[close].text != "," or any(t.like_num or t.text.startswith("[") for t in doc[j:close]):
        return 0
    return close + 1 - j


def _role_near(doc: Doc, token: Token, by_start: Mapping[int, RoleMention], by_end: Mapping[int, RoleMention],
               roles: Container[int] | None = None) -> Role | None:
    i = token.i
    past = i + description_after(doc, i, roles)  # "[PERSON_2], who is Polish-speaking, (mum)"
    for start in (i + 2, past + 2):  # "[PERSON_2] (mum)", "[PERSON_3], mum's partner"
        # past a bracket, only a bracket: after "[PERSON_3] (moved in last summer), brother ..." a list goes on; past
        # commas also a comma ("Chair: [PERSON_1], who is gay,, TM")
        marks = ("(", ",", "-") if start == i + 2 or doc[i + 1].text == "," else ("(",)
        if start - 1 < len(doc) and doc[start - 1].text in marks and start in by_start \
                and not _named_in_brackets(doc, by_start[start]):
            return by_start[start].role
    after_age = _role_after_age(doc, past, by_start)
    if after_age is not None:
        return after_age
    if i in by_end:  # "mum [PERSON_2]", "Sibling [PERSON_4]"
        return by_end[i].role
    if i >= 1 and doc[i - 1].text in ("(", ",", ":") and (i - 1) in by_end:  # "Mum ([PERSON_2])", "Mother: [PERSON_2]"
        return by_end[i - 1].role
    return None


def _named_in_brackets(doc: Doc, mention: RoleMention) -> bool:
    """A role word with its own name in brackets: in "Present: [PERSON_2], mum ([PERSON_3]), dad" or "Seen: [PERSON_3],
    mum (Mrs [PERSON_4])" the role is [PERSON_3]'s or [PERSON_4]'s, not the name before the comma (a list of people
    present: 4 notes of 4 authors). subjectsABC28."""
    j = mention.end
    return j + 1 < len(doc) and doc[j].text == "(" and any(t.text.startswith("[PERSON_") for t in doc[j + 1: j + 3])


def _verb_follows(doc: Doc, i: int) -> bool:
    """A lower-case word (a verb, the rules run without a tagger) right after the name: 'Carer: [PERSON_9] wets ...',
    not a header 'Mother: [PERSON_2] (34)' or 'Carers: [PERSON_2] and [PERSON_3]'."""
    i += description_after(doc, i)
    following = doc[i + 1] if i + 1 < len(doc) else None
    return following is not None and following.is_alpha and following.is_lower and following.lower_ not in ("and", "or")


def _reports_on_name(doc: Doc, mention: RoleMention) -> bool:
    """A role word heading a line about a named person: 'Carer: [PERSON_9] wets the bed' (the role word, or the name
    the colon ties to it)."""
    if doc[mention.start].text.startswith("[PERSON_") and mention.start >= 2 and doc[mention.start - 1].text == ":":
        return _verb_follows(doc, mention.start)
    i = mention.end + 1
    return mention.end < len(doc) and doc[mention.end].text == ":" and i < len(doc) and doc[i].text.startswith("[PERSON_") \
        and _verb_follows(doc, i)


def _role_after_age(doc: Doc, i: int, by_start: Mapping[int, RoleMention]) -> Role | None:
    """A household list: '[PERSON_4] (38), [PERSON_5]'s brother', '[PERSON_3] (31), her son' (the role after the age)."""
    if not (i + 4 < len(doc) and doc[i + 1].text == "(" and AGE.match(doc[i + 2].text) and doc[i + 3].text == ")"
            and doc[i + 4].text in (",", "-", "–")):
        return None
    start = i + 5
    if start < len(doc) and doc[start].lower_ in POSSESSIVES:
        start += 1  # "her son", "his brother"
    elif start + 1 < len(doc) and doc[start].text.startswith("[PERSON_") and doc[start + 1].lower_ in ("'s", "’s"):
        start += 2  # "[PERSON_5]'s cousin"
    if start not in by_start:
        return None
    role, end = by_start[start].role, by_start[start].end
    if end < len(doc) and doc[end].text.startswith("[PERSON_") and not role.partner:
        # "partner [PERSON_3] (33), his mum [PERSON_6] (60)": the next person's role, not [PERSON_3]'s; but "[PERSON_2]
        # (24), her partner [PERSON_4]": partners both ways
        return None
    return role


def _age_after(doc: Doc, token: Token, roles: Container[int] | None = None) -> int | None:
    """'[PERSON_1] (7)', '(15yo)', '(4 months)', '[PERSON_1] aged 9', '[PERSON_1] is 15.' (past a description:
    '[PERSON_1], who is gay, (7)')"""
    start = token.i + 1 + description_after(doc, token.i, roles)
    window = [t for t in doc[start: start + 4]]
    if len(window) >= 2 and window[0].text == "(" and AGE.match(window[1].text):
        unit = window[2].lower_ if len(window) > 2 else ""
        return 0 if unit.startswith(("month", "week")) else int(AGE.match(window[1].text).group(1))
    if len(window) >= 2 and window[0].lower_ in ("aged", "is") and AGE.match(window[1].text):
        unit = window[2].lower_ if len(window) > 2 else ""
        if window[0].lower_ == "is" and unit and unit[0].isalpha() and not unit.startswith(("year", "yr", "yo")):
            return None  # "is 15 minutes late"
        return 0 if unit.startswith(("month", "week")) else int(AGE.match(window[1].text).group(1))
    if len(window) >= 3 and window[0].text == "," and AGE.match(window[1].text) and window[2].text in (".", ",", ")", ";", "-"):
        return int(AGE.match(window[1].text).group(1))  # "re [PERSON_2], 16." , "another resident, [PERSON_3], 17,"
    return None


def _is_young(doc: Doc, mention: RoleMention, minor_age_limit: int = 18) -> bool:
    """A harmer who is a child: a sibling, peer or 'boys', 'a 14-year-old cousin', 'another resident (15)'."""
    if mention.role.minor or _age_before(doc, mention):
        return True
    age = _age_after(doc, doc[mention.end - 1])
    return age is not None and age < minor_age_limit


def _age_before(doc: Doc, mention: RoleMention) -> bool:
    """'a 14-year-old cousin': a young age just before the person."""
    window = doc[max(0, mention.start - 5): mention.start].text.lower()
    match = re.search(r"\b(\d{1,2})[- ]?(?:year|yr)s?[- ]?old", window)
    return bool(match and int(match.group(1)) < 18)


#: Words that make a verb passive or say what happened to its doer: "was punched", "got hit" (the person before is the victim).
PASSIVE = frozenset({"was", "were", "been", "being", "got", "gets", "is", "are", "be"})


def _doer_of(doc: Doc, target: Span, mentions: Sequence[RoleMention]) -> RoleMention | None:
    """The named person right before an active harm verb: '[PERSON_5] "made him ...', 'her brother (16) punched her'."""
    first = next((t for t in target if not t.is_punct), None)
    # the rules run without a tagger: a verb is told by its place, a lower-case word right after the person
    if first is None or first.lower_ in PASSIVE or not first.is_alpha or not first.is_lower:
        return None
    doer = _nearest_before(target.start, mentions)
    if doer is None or doer.pronoun or doc[doer.start].text == "[PERSON_1]":  # not the note's own child
        return None
    between = doc[doer.end + description_after(doc, doer.end - 1):target.start]  # "[PERSON_5], who is gay, punched him"
    # only quotes, brackets and an age between the person and the verb: "[PERSON_5] (13) hit", "[PERSON_5] \"made"
    if len(between) > 4 or any(not (t.is_punct or AGE.match(t.text)) for t in between):
        return None
    return doer


def _nearest_before(position: int, mentions: Sequence[RoleMention]) -> RoleMention | None:
    before = [m for m in mentions if m.end <= position and (m.is_person or m.pronoun)]
    return before[-1] if before else None


def _object_of(target: Span, mentions: Sequence[RoleMention]) -> RoleMention | None:
    """The person right after a verb: 'punched mum', 'hits her', 'threw a plate at her'."""
    after = [m for m in mentions if target.end <= m.start <= target.end + OBJECT_REACH and (m.is_person or m.pronoun)]
    inside = [m for m in mentions if target.start < m.start < target.end and m.pronoun]
    if len(after) >= 2 and after[0].pronoun and after[1].is_person and after[1].start == after[0].end:
        return after[1]  # a possessive before a person: 'hit her mum' harms mum, not her
    return (after or inside or [None])[0]


#: Marks that close the clause a concern's words are in: a 'by'/'from' after them belongs to the next clause.
CLAUSE_ENDS = frozenset({",", ";", ":", ".", "–", "—"})


def _after_word(doc: Doc, target: Span, mentions: Sequence[RoleMention], words: Iterable[str]) -> RoleMention | None:
    """A person right after 'by'/'from'/'(' that follows the target: 'hit by older sibling', 'use (dad)'."""
    words = tuple(words)
    for offset in range(0, 4):
        i = target.end + offset
        if i >= len(doc) or doc[i].is_sent_start and offset:
            return None
        if offset and doc[i - 1].text in CLAUSE_ENDS:
            return None  # "[PERSON_4] was drunk, took cash from his mum": a new clause's 'from', not the drinker
        if doc[i].lower_ in words:
            following = [m for m in mentions if i < m.start <= i + 3 and m.is_person]
            return following[0] if following else None
    return None


def _antecedent(doc: Doc, pronoun: RoleMention, everyone: Sequence[RoleMention], agent: RoleMention | None) -> RoleMention | None:
    """The nearest earlier person a pronoun can refer to: same gender or gender unknown, not the agent. A chain: a
    pronoun after a he/she of its sex in its sentence, with another person between, is whoever that he/she is."""
    found = _nearest_antecedent(doc, pronoun, everyone, agent)
    lead = _leading_pronoun(doc, pronoun, everyone)
    if lead is not None and found is not None and found.start > lead.start:
        # "He said his mum grabbed him", "She told mum she isn't sleeping": the he/she, not the person between
        return _antecedent(doc, lead, everyone, None)
    return found


#: Pronouns that start a chain (``_leading_pronoun``): the subject of a clause.
SUBJECT_PRONOUNS = frozenset({"he", "she"})


def _leading_pronoun(doc: Doc, pronoun: RoleMention, everyone: Sequence[RoleMention]) -> RoleMention | None:
    """The first he/she of the pronoun's sex earlier in its sentence, if any."""
    sent_start = doc[pronoun.start].sent.start
    return next((m for m in everyone if m.pronoun and sent_start <= m.start < pronoun.start
                 and doc[m.start].lower_ in SUBJECT_PRONOUNS and m.role.gender == pronoun.role.gender), None)


def _nearest_antecedent(doc: Doc, pronoun: RoleMention, everyone: Sequence[RoleMention],
                        agent: RoleMention | None) -> RoleMention | None:
    gender = pronoun.role.gender
    for mention in reversed([m for m in everyone if m.end <= pronoun.start and m.is_person and not m.pronoun]):
        if agent is not None and mention.start <= agent.start and agent.start - 2 <= mention.end \
                and all(token.is_punct for token in doc[mention.end:agent.start]):
            continue  # the agent, or its role word: "another resident, [PERSON_3] (17), kicked him" (not "Mum said dad")
        if mention.role.subject == OUTSIDE_HOUSEHOLD and mention.role.gender is None and not mention.role.partner:
            # "came with a friend ... she says no drugs": a friend, neighbour or peer of no stated sex is rarely who
            # a later he/she is, but the child they were with, the one the note is about
            return replace(mention, role=Role(CHILD))
        if mention.role.gender in (None, gender):
            return mention
    return None


def _untied_nearer(doc: Doc, chosen: RoleMention, target: Span, everyone: Sequence[RoleMention]) -> bool:
    """A name the note ties to no role or age ("[PERSON_3]", not "Mum [PERSON_3]" nor "[PERSON_3] (7)") between the person
    chosen for a concern and its words, or for a pronoun between it and its antecedent: the concern is that person's,
    whom the rules cannot place, not the nearest tied person's further back (``untied_person``)."""
    covered = {i for m in everyone for i in range(m.start, m.end)}

    def untied(start: int, end: int) -> bool:
        return any(doc[i].text.startswith("[PERSON_") and i not in covered for i in range(start, end))

    if untied(chosen.end, target.start) or not chosen.pronoun:  # "She said [PERSON_2] was drunk"
        return untied(chosen.end, target.start)
    # "[PERSON_4] told [PERSON_5] he ...": a name in the antecedent's own sentence does not take its pronoun
    antecedent = _antecedent(doc, chosen, everyone, None)
    return antecedent is not None and untied(max(antecedent.end, doc[antecedent.start].sent.end), chosen.start)


def _cue_follows(mention: RoleMention, cue_spans: Sequence[tuple[int, int]], reach: int = CUE_REACH) -> bool:
    return any(mention.end <= start <= mention.end + reach for start, _ in cue_spans)


# -- the taxonomy as plain data, saved with the pipeline ------------------------------------------


def taxonomy_to_data(taxonomy: Taxonomy) -> dict[str, Any]:
    """Every field of ``taxonomy`` as JSON-ready data, order kept (``taxonomy_from_data`` reverses it)."""

    def plain(value: Any) -> Any:
        if is_dataclass(value):
            return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, Mapping):
            return {key: plain(inner) for key, inner in value.items()}
        if isinstance(value, (frozenset, set)):
            return sorted(value)
        if isinstance(value, (tuple, list)):
            return [plain(inner) for inner in value]
        return value

    return plain(taxonomy)


def taxonomy_from_data(data: Mapping[str, Any]) -> Taxonomy:
    """The ``Taxonomy`` that ``taxonomy_to_data`` wrote."""

    def term(entry: Mapping[str, Any]) -> Term:
        pattern = entry.get("pattern")
        return Term(**{**entry, "pattern": tuple(pattern) if pattern is not None else None})

    def group(entry: Mapping[str, Any]) -> FactorGroup:
        return FactorGroup(**{**entry, "codes": frozen_map(entry["codes"]), "harmer_codes": frozen_map(entry["harmer_codes"]),
                              "subtype_codes": tuple(entry["subtype_codes"])})

    return Taxonomy(
        version=data["version"],
        lexicon_version=data["lexicon_version"],
        factors=frozen_map({code: Factor(**entry) for code, entry in data["factors"].items()}),
        groups=frozen_map({gid: group(entry) for gid, entry in data["groups"].items()}),
        needs=frozen_map({nid: Need(**entry) for nid, entry in data["needs"].items()}),
        services=frozen_map({name: Service(**{**entry, "aliases": tuple(entry["aliases"])}) for name, entry in data["services"].items()}),
        routes=frozen_map({rid: frozen_map(route) for rid, route in data["routes"].items()}),
        terms=tuple(term(entry) for entry in data["terms"]),
        not_extracted=frozenset(data["not_extracted"]),
        not_counted_services=frozenset(data.get("not_counted_services", ())),
        overlays=tuple(data["overlays"]),
    )
