"""Parse the plain-text format in which corpus authors write and label their notes.

Authors write notes, not JSON: a block per note, personal data marked inline, evidence quoted.

    === NOTE a03-0007
    type: EDT log
    factors: 3B, 18C
    needs: domestic_abuse, abuse_exploitation
    services: Police, Health visitor
    mentions:
    - factor 3B | current | parent_carer | dad hit mum
    - factor 1B | negated | parent_carer | no concerns re alcohol
    - service Police | current | - | police called
    text:
    Call from [[PERSON/polish:Kasia]] at 23:10 ... dad hit mum ...
    === END

Inline personal data: ``[[TYPE:words]]`` or, for a person, ``[[PERSON/origin:words]]``. Quotes in
``mentions`` are exact words of the note as it reads without the markup. ``parse_file`` returns one dict
per note with the markup removed and every span as character offsets into the plain text, or raises
``AuthorFormatError`` listing every problem by note id (never note text beyond the quote asked for).

Run as a script to check files: ``python author_format.py notes_01.txt [...]``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PII_TYPES = ("PERSON", "ADDRESS", "POSTCODE", "DATE_OF_BIRTH", "NHS_NUMBER", "NI_NUMBER", "UPN", "ULN",
             "PHONE", "EMAIL", "CASE_REF", "USERNAME", "LOCATION", "DATE", "ORG_NAME")
ORIGINS = ("english", "irish", "scottish_welsh", "polish", "romanian_roma", "south_asian",
           "pakistani_bangladeshi", "west_african", "somali_east_african", "caribbean", "arabic",
           "chinese_east_asian", "turkish_kurdish", "other")
CONTEXTS = ("current", "negated", "hypothetical", "historical", "outside_household")
SUBJECTS = ("child", "parent_carer", "household_member", "outside_household", "-")
MENTION_KINDS = ("factor", "need", "service")
FACTOR_CODES = ("1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A 12A "
                "13A 14A 15A 16A 17A 18B 18C 19B 19C 22A 23A 24A").split()
NEEDS = ("education", "early_years", "health", "substance_use", "family_relationships", "abuse_exploitation",
         "crime", "domestic_abuse", "housing", "financial")

_NOTE = re.compile(r"^=== NOTE (\S+)\s*$(.*?)^=== END\s*$", re.M | re.S)
_MARK = re.compile(r"\[\[([A-Z_]+)(?:/([a-z_]+))?:(.+?)\]\]", re.S)


class AuthorFormatError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))


def _strip_markup(marked: str, note_id: str, problems: list[str]) -> tuple[str, list[dict]]:
    plain, spans, last = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[last:match.start()]
        plain.append(before)
        length += len(before)
        kind, origin, words = match.group(1), match.group(2), match.group(3)
        if kind not in PII_TYPES:
            problems.append(f"{note_id}: unknown personal data type {kind!r}")
        if kind == "PERSON" and origin not in ORIGINS:
            problems.append(f"{note_id}: PERSON needs an origin from the guide, got {origin!r}")
        span = {"start": length, "end": length + len(words), "type": kind}
        if kind == "PERSON":
            span["origin"] = origin
        spans.append(span)
        plain.append(words)
        length += len(words)
        last = match.end()
    plain.append(marked[last:])
    text = "".join(plain)
    if "[[" in text or "]]" in text:
        problems.append(f"{note_id}: unbalanced [[ ]] markup")
    return text, spans


def _labels(value: str, known: set[str] = frozenset()) -> list[str]:
    """Comma-separated labels; a known name that itself holds a comma ("Education, Health and Care plan") is
    taken whole first."""
    found = []
    for name in sorted((k for k in known if "," in k), key=len, reverse=True):
        if name in value:
            found.append(name)
            value = value.replace(name, "")
    return found + [v.strip() for v in value.split(",") if v.strip() and v.strip().lower() not in ("none", "-")]


def parse_block(note_id: str, body: str, services: set[str], problems: list[str]) -> dict | None:
    head, sep, marked = body.partition("\ntext:\n")
    if not sep:
        problems.append(f"{note_id}: no 'text:' line")
        return None
    marked = marked.strip("\n")
    text, pii = _strip_markup(marked, note_id, problems)
    note: dict = {"note_id": note_id, "text": text, "pii": pii, "factors": [], "needs": [], "services": [],
                  "mentions": []}
    in_mentions = False
    for raw in head.splitlines():
        line = raw.strip()
        if not line:
            continue
        if in_mentions and line.startswith("-"):
            parts = [p.strip() for p in line[1:].split("|")]
            if len(parts) < 4:
                problems.append(f"{note_id}: mention needs 'kind label | context | subject | quote': {line[:60]}")
                continue
            kind_label, context, subject, quote = parts[0], parts[1], parts[2], "|".join(parts[3:]).strip()
            kind, _, label = kind_label.partition(" ")
            label = label.strip()
            if kind not in MENTION_KINDS:
                problems.append(f"{note_id}: mention kind must be factor, need or service, got {kind!r}")
                continue
            _check_label(note_id, kind, label, services, problems)
            if context not in CONTEXTS:
                problems.append(f"{note_id}: mention context {context!r} not in {CONTEXTS}")
            if subject not in SUBJECTS:
                problems.append(f"{note_id}: mention subject {subject!r} not in {SUBJECTS}")
            quote = quote.strip().strip('"')
            start = text.find(quote) if quote else -1
            if start < 0 and quote:  # authors' capitalisation of a quote is forgiven, nothing else
                start = text.lower().find(quote.lower())
            if start < 0:
                problems.append(f"{note_id}: mention quote not found word for word in the text: {quote[:50]!r}")
                continue
            note["mentions"].append({"kind": kind, "label": label, "start": start, "end": start + len(quote),
                                     "context": context, "subject": None if subject == "-" else subject})
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon:
            problems.append(f"{note_id}: cannot read header line {line[:40]!r}")
            continue
        in_mentions = key == "mentions"
        if key == "also_services":  # an author's workaround for a service name with a comma, before the fix
            key = "services"
        if key in ("factors", "needs", "services"):
            labels = _labels(value, services if key == "services" else set())
            note[key] = note[key] + labels
            for label in labels:
                _check_label(note_id, key.rstrip("s"), label, services, problems)
        elif key not in ("mentions",):
            note.setdefault("meta", {})[key] = value.strip()
    return note


def _check_label(note_id: str, kind: str, label: str, services: set[str], problems: list[str]) -> None:
    allowed = {"factor": FACTOR_CODES, "need": NEEDS, "service": services}[kind]
    if label not in allowed:
        problems.append(f"{note_id}: {kind} {label!r} is not in the guide's list")


def service_names(reference_csv: Path) -> set[str]:
    import csv
    with open(reference_csv, encoding="utf-8") as handle:
        return {row["service"] for row in csv.DictReader(handle)}


def parse_text(text: str, services: set[str]) -> tuple[list[dict], list[str]]:
    problems: list[str] = []
    notes = []
    for match in _NOTE.finditer(text):
        note = parse_block(match.group(1), match.group(2), services, problems)
        if note:
            notes.append(note)
    return notes, problems


def main(paths: list[str]) -> int:
    ref = Path(__file__).resolve().parent / "services.csv"
    if not ref.exists():
        ref = Path("/work/shared/reference/services.csv")
    services = service_names(ref)
    total, bad = 0, 0
    seen: set[str] = set()
    for path in paths:
        notes, problems = parse_text(Path(path).read_text(encoding="utf-8"), services)
        for note in notes:
            if note["note_id"] in seen:
                problems.append(f"{note['note_id']}: id used twice")
            seen.add(note["note_id"])
        total += len(notes)
        bad += len(problems)
        for p in problems:
            print(f"{path}: {p}")
    print(f"{total} notes read, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
