"""Build the extraction gold and dev sets (JSONL) from their annotated text files.

The annotated files are the source of truth: one note per line, ``note_id<TAB>text``, with each piece
of evidence written as ``{evidence|kind:label|context|subject}`` (see the header of
``data/extraction_gold.annotated.txt``). This script strips the markup, records offsets and derives
the note-level sets with the taxonomy's group -> need mapping. All notes are fictional.

    python eval/build_extraction_gold.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from casenotes.taxonomy import load_taxonomy

DATA = Path(__file__).parent / "data"
MARK = re.compile(r"\{([^{}|]+)\|([fns]):([^|{}]+)\|([^|{}]+)\|([^|{}]+)\}")
KINDS = {"f": "factor", "n": "need", "s": "service"}
CONTEXT = {"-": "current", "n": "negated", "h": "hypothetical", "p": "historical"}
SUBJECT = {"c": "child", "p": "parent_carer", "h": "household_member", "o": "outside_household", "-": None}


def parse_line(line: str, service_keys: dict[str, str], taxonomy) -> dict:
    note_id, marked = line.rstrip("\n").split("\t", 1)
    text, mentions, cursor = "", [], 0
    for match in MARK.finditer(marked):
        text += marked[cursor:match.start()]
        evidence, kind, label, context, subject = match.groups()
        start = len(text)
        text += evidence
        cursor = match.end()
        mentions.extend(_mentions(start, len(text), KINDS[kind], label, context, SUBJECT[subject], service_keys, taxonomy))
    text += marked[cursor:]
    if "{" in text or "}" in text:
        raise ValueError(f"{note_id}: unparsed markup")
    return {"note_id": note_id, "text": text, **_note_sets(mentions, taxonomy), "mentions": mentions}


def _mentions(start, end, kind, label, context, subject, service_keys, taxonomy) -> list[dict]:
    base = {"start": start, "end": end, "subject": subject}
    if kind == "service":
        return [{**base, "kind": kind, "label": service_keys[label], "status": context,
                 "negated": False, "hypothetical": False, "historical": False}]
    flags = {"negated": context == "n", "hypothetical": context == "h", "historical": context == "p",
             "status": CONTEXT[context]}
    found = [{**base, "kind": kind, "label": label, **flags}]
    if kind == "factor":
        group = taxonomy.group_of(label) or taxonomy.groups[label]
        if group.need is not None:
            found.append({**base, "kind": "need", "label": group.need, **flags})
    return found


def _note_sets(mentions: list[dict], taxonomy) -> dict[str, list[str]]:
    codes = taxonomy.extractable_codes
    current = [m for m in mentions if m["kind"] != "service" and m["status"] == "current"
               and m["subject"] != "outside_household"]
    return {
        "factors": sorted({m["label"] for m in current if m["kind"] == "factor" and m["label"] in codes}),
        "needs": sorted({m["label"] for m in current if m["kind"] == "need"}),
        "services": sorted({m["label"] for m in mentions if m["kind"] == "service" and m["status"] in ("involved", "referred")}),
    }


def build(name: str) -> Path:
    taxonomy = load_taxonomy()
    service_keys = json.loads((DATA / "service_keys.json").read_text(encoding="utf-8"))
    source = DATA / f"{name}.annotated.txt"
    notes = [parse_line(line, service_keys, taxonomy) for line in source.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    target = DATA / f"{name}.jsonl"
    target.write_text("".join(json.dumps(note, ensure_ascii=False) + "\n" for note in notes), encoding="utf-8")
    return target


if __name__ == "__main__":
    for name in ("extraction_gold", "extraction_dev"):
        path = build(name)
        print(f"wrote {path} ({sum(1 for _ in path.open())} notes)")
