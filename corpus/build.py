"""Build the multi-author corpus from the authors' own files: parse, check, split by author, write JSONL.

    python corpus/build.py            # corpus/raw/<author>/*.txt -> corpus/data/{train,dev,test}.jsonl

Every note keeps its author (the brief id). Splits are whole authors, fixed before any note was read
(``SPLITS`` below): the test authors are scored once per release and never used for tuning; rules and
thresholds are tuned on the development authors only. Personal-data types are the labelling guide's
(``guide_type``) mapped to casenotes' entity names (``type``) so ``casenotes evaluate`` scores them directly.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from author_format import AuthorFormatError, parse_text, service_names  # noqa: E402

#: Whole authors per split, chosen when the briefs were written, before any note existed.
SPLITS = {
    "test": ("a02", "a05", "a08",   # MASH screener, school DSL, IRO / conference chair
             "a20", "a22",          # fourth wave: DA-specialist CP social worker, exploitation practitioner
             "a35", "a36",          # eighth wave: fostering supervising SW, Family Hub support worker
             "a39", "a40",          # tenth wave: GP safeguarding lead, court and pre-proceedings SW
             "a43", "a44"),         # twelfth wave: day nursery DSL, refuge children's worker
    "dev": ("a04", "a07", "a11", "a12", "a19",  # health visitor, early help key worker, school nurse, return interviews, LAC nurse
            "a37", "a38",   # ninth wave: probation practitioner, specialist safeguarding midwife
            "a41", "a42"),  # eleventh wave: family homelessness caseworker, young carers worker
    "train": ("a01", "a03", "a06", "a09", "a10", "a13", "a14", "a15", "a16", "a17", "a18",
              "a21", "a23", "a24",   # fourth wave: hospital safeguarding nurse, EWO, drug and alcohol Think Family worker
              "a25", "a26", "a27", "a28",  # fifth wave: private fostering / kinship SW, missing and exploitation
                                           # worker, rural CP social worker, school nurse / emotional health
              "a29", "a30", "a31",  # sixth wave: young people's DA worker, kinship SW on the Scottish border,
                                    # police child abuse investigation
              "a32", "a33", "a34"),  # seventh wave: children with disabilities SW, hospital paediatric safeguarding
                                     # liaison nurse, leaving care personal adviser
}
#: The labelling guide's personal-data types -> casenotes entity names (casenotes.redact.entities).
GUIDE_TO_ENTITY = {
    "PERSON": "PERSON", "ADDRESS": "UK_ADDRESS", "POSTCODE": "UK_POSTCODE", "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "NHS_NUMBER": "UK_NHS", "NI_NUMBER": "UK_NINO", "UPN": "UK_UPN", "ULN": "UK_ULN", "PHONE": "UK_PHONE",
    "EMAIL": "EMAIL_ADDRESS", "CASE_REF": "CASE_REFERENCE", "USERNAME": "SOCIAL_HANDLE", "LOCATION": "LOCATION",
    "DATE": "DATE", "ORG_NAME": "ORG_NAME",
}
CONTEXT_FLAGS = ("negated", "hypothetical", "historical")


def split_of(author: str) -> str:
    return next((name for name, authors in SPLITS.items() if author in authors), "train")


def to_record(note: dict, author: str) -> dict:
    meta = note.get("meta", {})
    mentions = []
    for m in note["mentions"]:
        context = m["context"]
        mention = {"kind": m["kind"], "label": m["label"], "start": m["start"], "end": m["end"], "context": context,
                   **{flag: context == flag for flag in CONTEXT_FLAGS},
                   "subject": "outside_household" if context == "outside_household" else m["subject"]}
        if m["kind"] == "service":
            mention["status"] = "involved" if context == "current" else "mentioned"
        else:
            mention["status"] = "current" if context in ("current", "outside_household") else context
        mentions.append(mention)
    pii = [{"start": s["start"], "end": s["end"], "type": GUIDE_TO_ENTITY[s["type"]], "guide_type": s["type"],
            **({"origin": s["origin"]} if "origin" in s else {})} for s in note["pii"]]
    return {"note_id": note["note_id"], "author": author, "split": split_of(author),
            "note_type": meta.get("type"), "region": meta.get("region"), "text": note["text"], "pii": pii,
            "factors": sorted(set(note["factors"])), "needs": sorted(set(note["needs"])),
            "services": sorted(set(note["services"])), "mentions": mentions}


NGRAM = 8
#: Which split gives up a note when two splits share a run of ``NGRAM`` words: development notes go first, since
#: test must stay whole and training data may share phrasing with itself.
YIELD_ORDER = ("dev", "test")
#: The wave each author wrote in: a11-a16 after the first ten had been scored, a17-a19 after those, a20-a24 after
#: twelve scorings of the first test authors (a20 and a22 are new test authors, never read before their scoring), a25-a28
#: (training authors) after thirteen, a29-a31 and a32-a34 (training authors) after fourteen, a35-a36 (new test authors,
#: never read before their first scoring) after fourteen too. When a note
#: shares a run with a note of an earlier wave in another split, the later note gives way, so adding authors never
#: changes the notes of an existing split.
WAVES = {**{f"a{i:02d}": 1 for i in range(1, 11)}, **dict.fromkeys(("a11", "a12", "a13", "a14", "a15", "a16"), 2),
         **dict.fromkeys(("a17", "a18", "a19"), 3), **dict.fromkeys(("a20", "a21", "a22", "a23", "a24"), 4), **dict.fromkeys(("a25", "a26", "a27", "a28"), 5),
         **dict.fromkeys(("a29", "a30", "a31"), 6), **dict.fromkeys(("a32", "a33", "a34"), 7),
         **dict.fromkeys(("a35", "a36"), 8), **dict.fromkeys(("a37", "a38"), 9),
         **dict.fromkeys(("a39", "a40"), 10), **dict.fromkeys(("a41", "a42"), 11),
         **dict.fromkeys(("a43", "a44"), 12)}


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _exclude(record: dict) -> None:
    record["excluded_from"] = record["split"]
    record["split"] = "excluded"


def drop_near_duplicates(records: list[dict]) -> list[dict]:
    """Independent authors sometimes write the same 8 words ("adult social care for a care act assessment").
    Such a note would let a split see another's phrasing, so it moves to the ``excluded`` split (kept, never
    scored or trained on): first a note that shares a run with a note of an earlier wave (``WAVES``) in another
    split; then from dev when it shares a run with test or train, from test when with train."""
    grams = {record["note_id"]: ngrams(record["text"]) for record in records}
    for wave in sorted(set(WAVES.values()))[1:]:
        earlier: dict[tuple[str, ...], set[str]] = {}
        for record in records:
            if WAVES.get(record["author"], 1) < wave and record["split"] != "excluded":
                for gram in grams[record["note_id"]]:
                    earlier.setdefault(gram, set()).add(record["split"])
        for record in records:
            if WAVES.get(record["author"], 1) == wave and any(earlier.get(gram, set()) - {record["split"]}
                                                               for gram in grams[record["note_id"]]):
                _exclude(record)
    for split in YIELD_ORDER:
        owners: dict[tuple[str, ...], set[str]] = {}
        for record in records:
            for gram in grams[record["note_id"]]:
                owners.setdefault(gram, set()).add(record["split"])
        for record in records:
            if record["split"] == split and any(owners[gram] - {split, "excluded"} for gram in grams[record["note_id"]]):
                _exclude(record)
    return records


def apply_adjudication(records: list[dict], path: Path) -> None:
    """Where the two labellings of the agreement sample disagreed, the adjudicator's decision stands
    (``adjudication.jsonl``: note_id, group, label, decision present|absent, rule; see DATASHEET.md)."""
    if not path.is_file():
        return
    by_id = {r["note_id"]: r for r in records}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        decision = json.loads(line)
        record = by_id.get(decision["note_id"])
        if record is None:
            continue
        labels = set(record[decision["group"]])
        (labels.add if decision["decision"] == "present" else labels.discard)(decision["label"])
        record[decision["group"]] = sorted(labels)
        record["adjudicated"] = record.get("adjudicated", 0) + 1


def load_author(folder: Path, services: set[str]) -> list[dict]:
    notes, problems = [], []
    for path in sorted(folder.glob("notes_*.txt")):
        found, issues = parse_text(path.read_text(encoding="utf-8"), services)
        notes += found
        problems += [f"{path.name}: {p}" for p in issues]
    if problems:
        raise AuthorFormatError(problems)
    return notes


def build(raw: Path = HERE / "raw", out: Path = HERE / "data", services_csv: Path = HERE / "services.csv") -> Counter:
    services = service_names(services_csv)
    records = []
    for folder in sorted(p for p in raw.iterdir() if p.is_dir()):
        records += [to_record(note, folder.name) for note in load_author(folder, services)]
    apply_adjudication(records, raw.parent / "adjudication.jsonl")
    ids = Counter(r["note_id"] for r in records)
    if dupes := [i for i, n in ids.items() if n > 1]:
        raise AuthorFormatError([f"note id {i} used {ids[i]} times" for i in dupes])
    records = drop_near_duplicates(records)
    out.mkdir(exist_ok=True)
    counts = Counter()
    for split in (*SPLITS, "excluded"):
        rows = [r for r in records if r["split"] == split]
        counts[split] = len(rows)
        with (out / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return counts


if __name__ == "__main__":
    print(dict(build()))
