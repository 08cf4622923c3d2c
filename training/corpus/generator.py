"""Fictional case notes with gold labels, for training the note classifier.

A note is built from parts: a header for its note type, several *events* (one labelled mention each,
drawn from the phrase banks in ``phrases.yaml`` with a context wrapper: current, negated, hypothetical,
historical, or about someone outside the household), neutral sentences and an ending (``notes.yaml``).
Every phrase list is split by a hash of the phrase into train (70%), validation (15%) and test (15%)
pools, and each case (family) is assigned a split by a hash of its id, so the test split holds only
phrasings the training split never saw. Same seed, same corpus.

Records have the shape of ``eval/data/extraction_gold.jsonl`` plus ``pii``, ``template_id``,
``template_parts`` and ``split``; note-level sets follow ``casenotes.extract.results.note_level``.
Everything is fictional: NHS numbers start 999, phones are 07700 900xxx, NI numbers start QQ.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from casenotes.extract.results import note_level
from casenotes.taxonomy import load_taxonomy

HERE = Path(__file__).resolve().parent
SPLITS = ("train", "validation", "test")
SPLIT_SHARES = {"validation": 0.15, "test": 0.15}  # of each phrase list; the rest is train
CASE_SHARES = (0.8, 0.1, 0.1)
CONTEXTS = ("current", "negated", "hypothetical", "historical", "other_person")
MIN_LIST = 3
NATIONAL_FLOOR = 3.0  # % weight given to rare codes so every label gets enough examples
CHILD_MIN_AGE = {"alcohol_misuse": 12, "drug_misuse": 12, "domestic_abuse": 14, "mental_health": 8, "young_carer": 8,
                 "uasc": 13, "missing": 10, "cse": 11, "trafficking": 10, "gangs": 12, "socially_unacceptable_behaviour": 8,
                 "self_harm": 10, "cce": 11, "education": 5, "privately_fostered": 5}
CHILD_MAX_AGE = {"early_years": 4, "fgm": 12}
SERVICE_STATUS = {"involved": ("involved", False, False), "referred": ("referred", False, False),
                  "declined": ("declined", False, False), "closed": ("closed", False, False),
                  "negated": ("mentioned", True, False), "hypothetical": ("mentioned", False, True)}
MISSPELLINGS = {"alcohol": "alchohol", "received": "recieved", "because": "becuase", "separate": "seperate",
                "definitely": "definately", "appointment": "appointmnet", "attendance": "attendence",
                "neglect": "neglet", "accommodation": "accomodation", "cannabis": "canabis", "school": "shcool",
                "behaviour": "behavour", "concerns": "concerens", "tomorrow": "tommorow", "bruising": "brusing",
                "their": "thier", "arrears": "arrers", "which": "wich", "immediately": "immediatly"}
SHORTHAND = [(r"\bwith\b", "w/"), (r"\band\b", "&"), (r"\bbecause\b", "as"), (r"\bregarding\b", "re"),
             (r"\bappointment\b", "appt"), (r"\babout\b", "abt"), (r"\bthe\b ", ""), (r"\bMum\b", "M"),
             (r"\bDad\b", "F"), (r"\bsocial worker\b", "SW"), (r"\bno\b", "nil"), (r"\bweek\b", "wk"),
             (r"\bthrough\b", "thru"), (r"\bfollowing\b", "following"), (r"\bconcerns\b", "concs")]
TOKEN = re.compile(r"(\[\[|\]\]|\{[A-Za-z0-9_]+\})")


# ------------------------------------------------------------------------------------------------
# Data and the split of every phrase list
# ------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def load_banks() -> tuple[dict, dict]:
    phrases = yaml.safe_load((HERE / "phrases.yaml").read_text(encoding="utf-8"))
    notes = yaml.safe_load((HERE / "notes.yaml").read_text(encoding="utf-8"))
    return phrases, notes


def _h(*parts: Any) -> int:
    return int(hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def partition(key: str, items: list[str], required: bool = True) -> dict[str, list[tuple[str, str]]]:
    """Split one phrase list into train/validation/test pools of (variant id, phrase).

    At least one phrase goes to each pool (lists hold three or more); the rest fall by hash. An optional
    list shorter than three (a group's own negated clauses, say) is used in train only.
    """
    if len(items) < MIN_LIST:
        if required:
            raise ValueError(f"phrase list {key} has {len(items)} entries; it needs {MIN_LIST} or more")
        return {"train": [(f"{key}#{i}", item) for i, item in enumerate(items)], "validation": [], "test": []}
    order = sorted(range(len(items)), key=lambda i: _h(key, items[i]))
    n_val = max(1, round(len(items) * SPLIT_SHARES["validation"]))
    n_test = max(1, round(len(items) * SPLIT_SHARES["test"]))
    pools: dict[str, list[tuple[str, str]]] = {s: [] for s in SPLITS}
    for rank, i in enumerate(order):
        split = "test" if rank < n_test else "validation" if rank < n_test + n_val else "train"
        pools[split].append((f"{key}#{i}", items[i]))
    return pools


@dataclass
class Pools:
    """Every phrase list of the banks, partitioned once."""

    lists: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)

    def add(self, key: str, items: list[str], required: bool = True) -> None:
        self.lists[key] = partition(key, list(items), required)

    def pick(self, rng: random.Random, key: str, split: str) -> tuple[str, str]:
        return rng.choice(self.lists[key][split])

    def has(self, key: str, split: str) -> bool:
        return bool(self.lists.get(key, {}).get(split))


@lru_cache(maxsize=1)
def build_pools() -> Pools:
    phrases, notes = load_banks()
    pools = Pools()
    for ctx, items in phrases["wrappers"].items():
        pools.add(f"wrap.{ctx}", items)
    for section in ("factors", "needs"):
        for gid, bank in phrases[section].items():
            pools.add(f"{section}.{gid}.np", bank["np"])
            for ctx in ("current", "negated", "hypothetical", "historical"):
                if ctx in bank:
                    pools.add(f"{section}.{gid}.{ctx}", bank[ctx], required=ctx == "current")
    for status, items in phrases["services"]["frames"].items():
        pools.add(f"service.{status}", items)
    pools.add("outside.adult", phrases["outside_people"])
    pools.add("outside.child", notes["outside_children"])
    pools.add("household", notes["household_members"])
    for ntype, frames in notes["note_types"].items():
        for part in ("headers", "fillers", "endings"):
            pools.add(f"note.{ntype}.{part}", frames[part])
    return pools


# ------------------------------------------------------------------------------------------------
# People and identifiers (all fictional, reserved ranges)
# ------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _surnames() -> dict[str, list[str]]:
    import csv

    path = Path(__file__).resolve().parents[2] / "casenotes" / "redact" / "data" / "surnames.csv"
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("ambiguous") in ("0", "", None):
                out.setdefault(row["origin"], []).append(row["name"])
    return out


@dataclass
class Person:
    given: str
    surname: str
    sex: str
    origin: str
    age: int = 35

    @property
    def pron(self) -> dict[str, str]:
        f = self.sex == "f"
        return {"he": "she" if f else "he", "He": "She" if f else "He", "his": "her" if f else "his",
                "His": "Her" if f else "His", "him": "her" if f else "him"}


def new_person(rng: random.Random, sex: str, age: int, origin: str | None = None, surname: str | None = None) -> Person:
    _, notes = load_banks()
    origin = origin or rng.choice(list(notes["given_names"]))
    names = notes["given_names"][origin][sex]
    surnames = _surnames().get(origin) or _surnames()["english"]
    return Person(rng.choice(names), surname or rng.choice(surnames), sex, origin, age)


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            s = "".join(map(str, digits + [check]))
            return rng.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s])


# ------------------------------------------------------------------------------------------------
# Rendering: a template with slots and [[mention]] markers -> text, PII spans, service spans
# ------------------------------------------------------------------------------------------------
@dataclass
class Piece:
    text: str
    pii: str | None = None
    origin: str | None = None
    service: str | None = None


@dataclass
class Case:
    case_id: str
    split: str
    rng: random.Random
    children: list[Person]
    mum: Person
    dad: Person | None
    partner: Person
    household: Person
    profs: dict[str, Person]
    address: str
    postcode: str
    phone: str
    school: str
    style: dict[str, Any] = field(default_factory=dict)

    def name(self, person: Person, forms=("given", "given", "full", "lower")) -> list[Piece]:
        form = self.rng.choice(forms)
        if self.style.get("lower_names") and self.rng.random() < 0.5:
            form = "lower"
        if form == "full":
            return [Piece(f"{person.given} {person.surname}", "PERSON", person.origin)]
        if form == "lower":
            return [Piece(person.given.lower(), "PERSON", person.origin)]
        if form == "title":
            title = "Ms" if person.sex == "f" else "Mr"
            return [Piece(f"{title} "), Piece(person.surname, "PERSON", person.origin)]
        return [Piece(person.given, "PERSON", person.origin)]


def child_ref(case: Case, child: Person) -> list[Piece]:
    roll = case.rng.random()
    if roll < 0.55:
        return case.name(child)
    if roll < 0.7:
        return case.name(child) + [Piece(f" ({child.age})")]
    if roll < 0.8 and child.age >= 11:
        return [Piece(case.rng.choice(["YP", "the YP", "CYP"]))]
    if roll < 0.9:
        return case.name(child, ("full",))
    return [Piece(case.rng.choice(["the child", "the young person", "child"]) if child.age >= 11 else "the child")]


def parent_ref(case: Case, person: Person, word: str) -> list[Piece]:
    roll = case.rng.random()
    if roll < 0.45:
        return [Piece(case.rng.choice([word, word.lower(), word, word[0] if case.style.get("short") else word]))]
    if roll < 0.6:
        return [Piece(f"{word} (")] + case.name(person) + [Piece(")")]
    if roll < 0.8:
        return case.name(person)
    if roll < 0.9:
        return case.name(person, ("title",))
    return [Piece("mother" if person.sex == "f" else "father")]


def household_ref(case: Case, key: str) -> list[Piece]:
    return _fill_named(case, key, case.household)


def _fill_named(case: Case, frame: str, person: Person) -> list[Piece]:
    out: list[Piece] = []
    for part in TOKEN.split(frame):
        if part == "{name}":
            out += case.name(person)
        elif part == "{child}":
            out += case.name(case.children[0], ("given",))
        elif part.startswith("{"):
            out += slot(case, part[1:-1], {})
        elif part:
            out.append(Piece(part))
    return out


def prof_ref(case: Case, key: str) -> list[Piece]:
    _, notes = load_banks()
    spec = notes["professionals"][key]
    person = case.profs[key]
    role = case.rng.choice(spec["roles"])
    roll = case.rng.random()
    if roll < 0.5:
        return [Piece(role, service=spec["service"]), Piece(" ")] + case.name(person, ("full", "given", "title"))
    if roll < 0.8:
        return case.name(person, ("full", "given")) + [Piece(" ("), Piece(role, service=spec["service"]), Piece(")")]
    return [Piece(role, service=spec["service"])]


def slot(case: Case, name: str, ctx: dict[str, Any]) -> list[Piece]:
    """Text pieces for one ``{slot}``."""
    rng, _ = case.rng, None
    _, notes = load_banks()
    if name in ctx:
        value = ctx[name]
        return value if isinstance(value, list) else [Piece(str(value))]
    child = case.children[0]
    if name in ("he", "He", "his", "His", "him"):
        return [Piece(child.pron[name])]
    if name == "child":
        return child_ref(case, child)
    if name == "child2":
        return child_ref(case, case.children[1]) if len(case.children) > 1 else [Piece("the baby")]
    if name == "mum":
        return parent_ref(case, case.mum, "Mum")
    if name == "dad":
        return parent_ref(case, case.dad, "Dad") if case.dad else [Piece("Dad")]
    if name == "hh":
        return household_ref(case, rng.choice(notes["household_members"]))
    if name in notes["professionals"]:
        return prof_ref(case, name)
    if name == "age":
        return [Piece(str(child.age))]
    if name == "N":
        return [Piece(str(rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 62, 71, 84])))]
    if name == "YEAR":
        return [Piece(str(rng.randint(2012, 2023)))]
    if name == "DATE":
        return [Piece(rng.choice([f"{rng.randint(1, 28)}/{rng.randint(1, 12)}", f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.24",
                                  f"{rng.randint(1, 28)} {rng.choice(['Jan', 'Feb', 'March', 'April', 'May', 'June', 'Sept', 'Oct', 'Nov'])}"]))]
    if name == "TIME":
        return [Piece(rng.choice(["9.30am", "10:15", "2pm", "14:30", "4.45pm", "11am", "17:20"]))]
    if name == "DAY":
        return [Piece(rng.choice(["Monday", "Tues", "Wednesday", "Thurs", "Friday", "Saturday", "Sunday", "the weekend"]))]
    if name == "TOWN":
        return [Piece(rng.choice(notes["towns"]), "LOCATION")]
    if name == "ADDRESS":
        return [Piece(case.address, "UK_ADDRESS")]
    if name == "POSTCODE":
        return [Piece(case.postcode, "UK_POSTCODE")]
    if name == "PHONE":
        return [Piece(case.phone if rng.random() < 0.7 else f"07700 900{rng.randint(0, 999):03d}", "UK_PHONE")]
    if name == "SCHOOL":
        return [Piece(case.school, "SCHOOL")]
    if name == "NURSERY":
        return [Piece(rng.choice(notes["nurseries"]), "NURSERY")]
    if name == "GP":
        return [Piece(rng.choice(notes["gp_surgeries"]), "GP_SURGERY")]
    if name == "HOSPITAL":
        return [Piece(rng.choice(notes["hospitals"]), "HOSPITAL")]
    if name == "DOB":
        return [Piece(f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{2024 - child.age}", "DATE_OF_BIRTH")]
    if name == "NHS":
        return [Piece(nhs_number(rng), "UK_NHS")]
    if name == "NINO":
        return [Piece(f"QQ {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.choice('ABCD')}", "UK_NINO")]
    if name == "POLREF":
        return [Piece(rng.choice([f"{rng.randint(10, 99)}/{rng.randint(10000, 99999)}/24", f"CR-{rng.randint(1000000, 9999999)}"]), "POLICE_REFERENCE")]
    if name == "CASEREF":
        return [Piece(f"{rng.choice(['LCS', 'MOS', 'CN'])}{rng.randint(100000, 999999)}", "CASE_REFERENCE")]
    if name == "EMAIL":
        who = case.profs["DSL"]
        return [Piece(f"{who.given.lower()}.{who.surname.lower().replace(' ', '')}@example.org", "EMAIL_ADDRESS")]
    raise KeyError(f"unknown slot {{{name}}}")


@dataclass
class Rendered:
    text: str
    mention: tuple[int, int] | None
    pii: list[dict[str, Any]]
    services: list[tuple[int, int, str]]


def render(case: Case, template: str, ctx: dict[str, Any] | None = None) -> Rendered:
    ctx = ctx or {}
    out, pii, services = [], [], []
    pos, m_start, mention = 0, None, None
    for part in TOKEN.split(template):
        if part == "[[":
            m_start = pos
            continue
        if part == "]]":
            mention = (m_start, pos)
            continue
        pieces = slot(case, part[1:-1], ctx) if part.startswith("{") else [Piece(part)] if part else []
        for piece in pieces:
            if piece.pii:
                pii.append({"start": pos, "end": pos + len(piece.text), "type": piece.pii,
                            **({"origin": piece.origin} if piece.origin else {})})
            if piece.service:
                services.append((pos, pos + len(piece.text), piece.service))
            out.append(piece.text)
            pos += len(piece.text)
    return Rendered("".join(out), mention, pii, services)


# ------------------------------------------------------------------------------------------------
# Events: one labelled mention each
# ------------------------------------------------------------------------------------------------
@dataclass
class Event:
    template: str
    parts: list[str]
    ctx: dict[str, Any]
    mentions: list[dict[str, Any]]  # without offsets; filled in after rendering


def style_text(case: Case, text: str) -> str:
    """Shorthand and misspellings, applied to a template before its slots are filled."""
    rng = case.rng
    if case.style.get("short"):
        for pattern, repl in SHORTHAND:
            if rng.random() < 0.6:
                text = re.sub(rf"(?<!\{{){pattern}(?!\}})", repl, text)
    if case.style.get("typos"):
        for right, wrong in MISSPELLINGS.items():
            if right in text and rng.random() < case.style["typos"]:
                text = re.sub(rf"(?<!\{{)\b{right}\b", wrong, text, count=1)
    return text


def _subject_person(case: Case, subject: str, group_id: str, ctx_kind: str) -> tuple[list[Piece], Person | None]:
    rng = case.rng
    if subject == "child":
        lo, hi = CHILD_MIN_AGE.get(group_id, 0), CHILD_MAX_AGE.get(group_id, 17)
        child = rng.choice([c for c in case.children if lo <= c.age <= hi] or case.children)
        return child_ref(case, child), child
    if subject == "parent_carer":
        if case.dad and (group_id not in ("domestic_abuse",) or rng.random() < 0.12) and rng.random() < 0.45:
            return parent_ref(case, case.dad, "Dad"), case.dad
        return parent_ref(case, case.mum, "Mum"), case.mum
    if subject == "household_member":
        _, frame = build_pools().pick(rng, "household", case.split)
        return _fill_named(case, frame, case.household), case.household
    raise ValueError(subject)


def _other_person(case: Case, subject: str, victim: Person | None, harmer: str | None) -> list[Piece]:
    rng = case.rng
    if harmer == "child":
        return rng.choice([[Piece("a boy in {} class".format(victim.pron["his"]))], [Piece("older brother (15)")],
                           [Piece("cousin ")] + case.name(new_person(rng, "m", 14, case.children[0].origin)) + [Piece(" (14)")],
                           [Piece("an older girl at school")]])
    if subject == "child" and harmer is None:  # domestic abuse in a young person's own relationship
        return [Piece(rng.choice(["boyfriend ", "ex-boyfriend ", "partner "]))] + case.name(case.partner, ("given", "full"))
    return rng.choice([[Piece(rng.choice(["Dad", "dad", "step-dad"]))],
                       [Piece("Mum's partner ")] + case.name(case.partner, ("given", "full")),
                       case.name(case.partner, ("full",)),
                       [Piece(rng.choice(["ex-partner ", "partner "]))] + case.name(case.partner, ("given", "full"))])


def factor_event(case: Case, taxonomy, group_id: str, subject: str, context: str, harmer: str | None = None) -> Event:
    """One factor mention (with its paired need mention), in the given context."""
    rng, split, pools = case.rng, case.split, build_pools()
    phrases, _ = load_banks()
    group = taxonomy.groups[group_id]
    key = f"factors.{group_id}"
    parts: list[str] = []
    mention_subject = subject
    if context == "other_person":
        mention_subject = "outside_household"
        kind = "child" if subject == "child" and set(phrases["factors"][group_id]["subjects"]) == {"child"} else "adult"
        pid, frame = pools.pick(rng, f"outside.{kind}", split)
        parts.append(pid)
        person = new_person(rng, rng.choice("fm"), 15 if kind == "child" else 40)
        x_ref, x_person = _fill_named(case, frame, person), person
        context_used = "current"
    else:
        x_ref, x_person = _subject_person(case, subject, group_id, context)
        context_used = context
    # own clause for the context, or a wrapper around a noun phrase
    own = f"{key}.{context_used}"
    if pools.has(own, split) and (context_used == "current" and rng.random() < 0.7 or context_used != "current" and rng.random() < 0.35):
        pid, template = pools.pick(rng, own, split)
        parts.append(pid)
    else:
        wid, wrapper = pools.pick(rng, f"wrap.{context_used}", split)
        nid, np = pools.pick(rng, f"{key}.np", split)
        parts += [wid, nid]
        template = wrapper.replace("{NP}", np)
    ctx: dict[str, Any] = {"X": x_ref}
    if x_person is not None:
        ctx.update({k: [Piece(v)] for k, v in x_person.pron.items()})
    if "{Y}" in template:
        ctx["Y"] = _other_person(case, subject, x_person, harmer)
    flags = {"negated": context == "negated", "hypothetical": context == "hypothetical", "historical": context == "historical"}
    status = context_used if context != "other_person" else "current"
    code = taxonomy.code_for(group_id, mention_subject if mention_subject != "outside_household" else "outside_household", harmer)
    if mention_subject == "outside_household":
        code = None
    need = taxonomy.groups[group.adult_group].need if code is None and group.adult_group else group.need
    base = {**flags, "subject": mention_subject, "status": status}
    mentions = [{"kind": "factor", "label": code or group_id, **base}] + ([{"kind": "need", "label": need, **base}] if need else [])
    return Event(template, parts, ctx, mentions)


def need_event(case: Case, need_id: str, subject: str, context: str) -> Event:
    rng, split, pools = case.rng, case.split, build_pools()
    key = f"needs.{need_id}"
    parts: list[str] = []
    mention_subject = subject
    if context == "other_person":
        mention_subject = "outside_household"
        pid, frame = pools.pick(rng, "outside.adult" if subject != "child" else "outside.child", split)
        parts.append(pid)
        person = new_person(rng, rng.choice("fm"), 40)
        x_ref, x_person, context_used = _fill_named(case, frame, person), person, "current"
    else:
        x_ref, x_person = _subject_person(case, subject, need_id, context)
        context_used = context
    own = f"{key}.{context_used}"
    if pools.has(own, split) and (context_used == "current" and rng.random() < 0.75):
        pid, template = pools.pick(rng, own, split)
        parts.append(pid)
    else:
        wid, wrapper = pools.pick(rng, f"wrap.{context_used}", split)
        nid, np = pools.pick(rng, f"{key}.np", split)
        parts += [wid, nid]
        template = wrapper.replace("{NP}", np)
    ctx: dict[str, Any] = {"X": x_ref, **{k: [Piece(v)] for k, v in x_person.pron.items()}}
    flags = {"negated": context == "negated", "hypothetical": context == "hypothetical", "historical": context == "historical"}
    mention = {"kind": "need", "label": need_id, **flags, "subject": mention_subject,
               "status": context_used if context != "other_person" else "current"}
    return Event(template, parts, ctx, [mention])


def service_event(case: Case, service: str, frame_kind: str) -> Event:
    rng, pools = case.rng, build_pools()
    phrases, _ = load_banks()
    pid, template = pools.pick(rng, f"service.{frame_kind}", case.split)
    alias = rng.choice(phrases["services"]["aliases"][service])
    status, negated, hypothetical = SERVICE_STATUS[frame_kind]
    who = rng.choice([case.mum] + case.children)
    ctx = {"S": [Piece(alias)], "X": parent_ref(case, who, "Mum") if who is case.mum else child_ref(case, who),
           **{k: [Piece(v)] for k, v in who.pron.items()}}
    mention = {"kind": "service", "label": service, "negated": negated, "hypothetical": hypothetical,
               "historical": False, "subject": None, "status": status}
    return Event(template, [pid], ctx, [mention])


# ------------------------------------------------------------------------------------------------
# Notes
# ------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def code_plan():
    """(code, group, subject, harmer, weight) for every extractable code; weight = national % with a floor."""
    import csv

    taxonomy = load_taxonomy()
    rates = {}
    ref = Path(__file__).resolve().parents[2] / "casenotes" / "taxonomy" / "data" / "cin_assessment_factors.csv"
    with ref.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                rates[row["code"]] = float(row["england_2025_pct"])
            except (TypeError, ValueError):
                pass
    plan = []
    for gid, group in taxonomy.groups.items():
        for subject, code in group.codes.items():
            plan.append((code, gid, subject, None, max(rates.get(code, 1.0), NATIONAL_FLOOR)))
        for harmer, code in group.harmer_codes.items():
            plan.append((code, gid, "child", harmer, max(rates.get(code, 1.0), NATIONAL_FLOOR)))
    return plan


@lru_cache(maxsize=1)
def _service_scanner():
    """Regexes for every service alias the taxonomy knows, so frames' plain service words are labelled too."""
    taxonomy = load_taxonomy()
    sens, insens = {}, {}
    for term in taxonomy.terms:
        if term.kind == "service" and term.literal and len(term.literal) > 1:
            (sens if term.case_sensitive else insens)[term.literal if term.case_sensitive else term.literal.lower()] = (term.category, term.status)
    def rx(words, flags=0):
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<![\w&/-])(?:{alts})(?![\w&/-])", flags)
    return rx(sens), sens, rx(insens, re.IGNORECASE), insens


def scan_services(text: str, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    rx_s, sens, rx_i, insens = _service_scanner()
    found = []
    for rx, table, lower in ((rx_s, sens, False), (rx_i, insens, True)):
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            category, status = table[m.group(0).lower() if lower else m.group(0)]
            found.append({"kind": "service", "label": category, "start": m.start(), "end": m.end(), "negated": False,
                          "hypothetical": False, "historical": False, "subject": None, "status": status or "involved"})
            taken.append((m.start(), m.end()))
    return found


NOTE_WEIGHTS = {"home_visit": 16, "phone_call": 12, "strategy_meeting": 7, "police_da_notification": 8, "school_contact": 10,
                "health_visitor_update": 7, "early_help_review": 9, "return_home_interview": 6, "case_closure": 6,
                "cin_visit": 8, "cp_visit": 6, "marac": 3, "contact_referral": 8}


def make_case(rng: random.Random, case_id: str, split: str) -> Case:
    _, notes = load_banks()
    origin = rng.choice(list(notes["given_names"]))
    surname = rng.choice(_surnames().get(origin) or _surnames()["english"])
    mixed = rng.random() < 0.2
    used: set[str] = set()

    def person(sex, age, origin_, surname_=None):
        for _ in range(20):
            p = new_person(rng, sex, age, origin_, surname_)
            if p.given not in used:
                break
        used.add(p.given)
        return p

    children = [person(rng.choice("fm"), rng.randint(0, 17), origin, surname) for _ in range(rng.choice([2, 2, 2, 3, 4]))]
    mum = person("f", rng.randint(19, 48), origin, surname if rng.random() < 0.5 else None)
    dad = person("m", rng.randint(20, 55), None if mixed else origin, surname) if rng.random() < 0.7 else None
    partner = person("m", rng.randint(19, 50), None)
    household = person(rng.choice("fm"), rng.randint(18, 75), origin)
    profs = {key: new_person(rng, rng.choice("fm"), 40) for key in notes["professionals"]}
    street_no = rng.randint(1, 180)
    address = rng.choice([f"{street_no} {rng.choice(notes['streets'])}", f"Flat {rng.randint(1, 40)}, {street_no} {rng.choice(notes['streets'])}"])
    postcode = f"{rng.choice(notes['postcode_districts'])} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    style = {"short": rng.random() < 0.4, "typos": rng.choice([0, 0, 0.15, 0.4]), "lower_names": rng.random() < 0.25}
    return Case(case_id, split, rng, children, mum, dad, partner, household, profs, address, postcode,
                f"07700 900{rng.randint(0, 999):03d}", rng.choice(notes["schools"]), style)


def _fit_child(case: Case, group_or_need: str) -> None:
    """Make sure one child is old (or young) enough for a concern about a child."""
    lo, hi = CHILD_MIN_AGE.get(group_or_need, 0), CHILD_MAX_AGE.get(group_or_need, 17)
    if not any(lo <= c.age <= hi for c in case.children):
        case.children[0].age = case.rng.randint(lo, hi)


def split_of_case(case_id: str, seed: int) -> str:
    u = (_h("case-split", seed, case_id) % 10_000) / 10_000
    return "train" if u < CASE_SHARES[0] else "validation" if u < CASE_SHARES[0] + CASE_SHARES[1] else "test"


def make_note(case: Case, note_id: str, taxonomy) -> dict[str, Any]:
    rng, pools, split = case.rng, build_pools(), case.split
    phrases, notes = load_banks()
    note_type = rng.choices(list(NOTE_WEIGHTS), weights=list(NOTE_WEIGHTS.values()))[0]
    plan = code_plan()
    events: list[Event] = []
    no_concerns = rng.random() < 0.12
    n_current = 0 if no_concerns else rng.choices([1, 2, 3, 4, 5], weights=[40, 33, 17, 7, 3])[0]
    chosen = rng.choices(plan, weights=[p[4] for p in plan], k=n_current)
    if note_type == "police_da_notification" and not no_concerns:
        chosen.append(next(p for p in plan if p[0] == "3B"))
    if note_type == "return_home_interview" and not no_concerns:
        chosen.append(next(p for p in plan if p[0] == "10A"))
    for code, gid, subject, harmer, _ in chosen:
        if subject == "child":
            _fit_child(case, gid)
    for code, gid, subject, harmer, _ in chosen:
        events.append(factor_event(case, taxonomy, gid, subject, "current", harmer))
    # needs without a factor
    for _ in range(0 if no_concerns else rng.choices([0, 1, 2], weights=[45, 40, 15])[0]):
        need_id = rng.choice(list(phrases["needs"]))
        subject = rng.choice(phrases["needs"][need_id]["subjects"])
        if subject == "child":
            _fit_child(case, need_id)
        events.append(need_event(case, need_id, subject, "current"))
    # distractors: negated, hypothetical, historical, other person
    n_distract = rng.choices([0, 1, 2, 3, 4], weights=[10, 30, 30, 20, 10])[0] + (1 if no_concerns else 0)
    for _ in range(n_distract):
        context = rng.choices(CONTEXTS[1:], weights=[40, 20, 25, 15])[0]
        if rng.random() < 0.8:
            same = [p for p in plan if any(p[1] == c[1] for c in chosen)]
            pool = same if same and rng.random() < 0.3 else plan
            code, gid, subject, harmer, _ = rng.choices(pool, weights=[p[4] ** 0.5 for p in pool])[0]
            if subject == "child":
                _fit_child(case, gid)
            events.append(factor_event(case, taxonomy, gid, subject, context, harmer))
        else:
            need_id = rng.choice(list(phrases["needs"]))
            events.append(need_event(case, need_id, rng.choice(phrases["needs"][need_id]["subjects"]), context))
    long_note = note_type in ("strategy_meeting", "case_closure", "marac", "cp_visit", "home_visit") and rng.random() < 0.2
    if long_note:  # several hundred words: many threads, as in meeting minutes and closure summaries
        for _ in range(rng.randint(6, 14)):
            code, gid, subject, harmer, _ = rng.choices(plan, weights=[p[4] ** 0.5 for p in plan])[0]
            events.append(factor_event(case, taxonomy, gid, subject, rng.choice(CONTEXTS), harmer))
    # services
    for _ in range(rng.choices([0, 1, 2, 3], weights=[25, 40, 25, 10])[0] + (rng.randint(3, 8) if long_note else 0)):
        kind = rng.choices(list(SERVICE_STATUS), weights=[40, 25, 8, 10, 10, 7])[0]
        events.append(service_event(case, rng.choice(list(phrases["services"]["aliases"])), kind))
    rng.shuffle(events)

    # assemble
    if note_type in ("return_home_interview", "school_contact"):
        case.children.sort(key=lambda c: -c.age)
        case.children[0].age = max(case.children[0].age, rng.randint(11, 16))
    if note_type == "health_visitor_update":
        case.children.sort(key=lambda c: c.age)
        case.children[0].age = min(case.children[0].age, rng.randint(0, 3))
    hid, header = pools.pick(rng, f"note.{note_type}.headers", split)
    parts = [hid]
    sentences: list[tuple[str, Event | None]] = [(header, None)]
    fillers = rng.randint(0, 6) if rng.random() < 0.8 else rng.randint(6, 14)
    body: list[tuple[str, Event | None]] = [(e.template, e) for e in events]
    filler_pool = pools.lists[f"note.{note_type}.fillers"][split]
    for fid, filler in rng.sample(filler_pool, min(fillers, len(filler_pool))):
        parts.append(fid)
        body.insert(rng.randint(0, len(body)), (filler, None))
    sentences += body
    if rng.random() < 0.8:
        eid, ending = pools.pick(rng, f"note.{note_type}.endings", split)
        parts.append(eid)
        sentences.append((ending, None))
    prefixes = notes["agency_prefixes"] if note_type in ("strategy_meeting", "marac") else None

    text, pii, mentions, services = "", [], [], []
    for i, (template, event) in enumerate(sentences):
        template = style_text(case, template)
        if prefixes and event is not None and rng.random() < 0.6:
            svc = rng.choice(list(prefixes))
            template = "{AGENCY}: " + template
            ctx_extra = {"AGENCY": [Piece(rng.choice(prefixes[svc]), service=svc)]}
        else:
            ctx_extra = {}
        r = render(case, template, {**(event.ctx if event else {}), **ctx_extra})
        piece = r.text.strip()
        lead = len(r.text) - len(r.text.lstrip())
        if not case.style.get("short") or i == 0 and rng.random() < 0.5:
            piece = piece[:1].upper() + piece[1:]
        elif rng.random() < 0.5 and piece[1:2].islower() and not (r.pii and r.pii[0]["start"] == lead):
            piece = piece[:1].lower() + piece[1:]
        if piece and piece[-1] not in ".?!:":
            piece += rng.choice([".", ".", ".", ""]) if case.style.get("short") else "."
        sep = "" if not text else rng.choice(["\n", " - ", ". "]) if case.style.get("short") and not text.endswith(".") else rng.choice([" ", " ", "\n"]) if note_type not in ("strategy_meeting", "marac") else "\n"
        if text and not text.endswith((".", "!", "?", ":")) and sep == " ":
            sep = ". "
        base = len(text) + len(sep) - lead
        text += sep + piece
        for p in r.pii:
            pii.append({**p, "start": p["start"] + base, "end": p["end"] + base})
        for s, e, name in r.services:
            services.append((s + base, e + base, name))
        if event is not None:
            parts += event.parts
            start, end = r.mention
            for m in event.mentions:
                mentions.append({"kind": m["kind"], "label": m["label"], "start": start + base, "end": end + base,
                                 **{k: m[k] for k in ("negated", "hypothetical", "historical", "subject", "status")}})
    for s, e, name in services:
        mentions.append({"kind": "service", "label": name, "start": s, "end": e, "negated": False, "hypothetical": False,
                         "historical": False, "subject": None, "status": "involved"})
    taken = [(m["start"], m["end"]) for m in mentions] + [(p["start"], p["end"]) for p in pii]
    mentions += scan_services(text, taken)
    mentions.sort(key=lambda m: (m["start"], m["end"], m["kind"], m["label"]))
    pii.sort(key=lambda p: (p["start"], p["end"]))
    levels = note_level(mentions, taxonomy)
    return {"note_id": note_id, "case_id": case.case_id, "note_type": note_type, "text": text, **levels,
            "mentions": mentions, "pii": pii, "template_id": hid, "template_parts": sorted(set(parts)), "split": split}


def generate(n_notes: int = 3000, seed: int = 20250101) -> list[dict[str, Any]]:
    """``n_notes`` fictional notes, 1 to 4 per case, deterministic from ``seed``."""
    taxonomy = load_taxonomy()
    build_pools()
    records: list[dict[str, Any]] = []
    case_no = 0
    while len(records) < n_notes:
        case_no += 1
        case_id = f"S{seed % 1000:03d}-C{case_no:05d}"
        rng = random.Random(_h("case", seed, case_id))
        case = make_case(rng, case_id, split_of_case(case_id, seed))
        for k in range(min(rng.choice([1, 1, 2, 2, 3, 4]), n_notes - len(records))):
            records.append(make_note(case, f"{case_id}-N{k + 1}", taxonomy))
    return records


def mention_shares(records: list[dict[str, Any]]) -> Counter:
    """Factor and need mentions by context: current, negated, hypothetical, historical, other_person."""
    counts: Counter = Counter()
    for rec in records:
        for m in rec["mentions"]:
            if m["kind"] == "service":
                continue
            ctx = ("negated" if m["negated"] else "hypothetical" if m["hypothetical"] else "historical" if m["historical"]
                   else "other_person" if m["subject"] == "outside_household" else "current")
            counts[ctx] += 1
    return counts
