"""Agreement between the authors' labels and an independent second labelling of a sample of notes.

    python corpus/agreement.py            # corpus/second_labels/*.txt against corpus/data/*.jsonl

The second labeller saw only the plain text of each sampled note (never the first labels) and labelled it to
the same guide, in the authors' file format. Reported: Cohen's kappa per label group over every (note, label)
decision in the union of both label sets, and personal-data span F1 (exact offsets, and overlap), per type.
Writes ``corpus/agreement.json``; the datasheet quotes it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from author_format import parse_text, service_names  # noqa: E402

GROUPS = ("factors", "needs", "services")


def load_first(raw: Path = HERE / "raw") -> dict[str, dict]:
    """The authors' own labels, as written (before adjudication settles the sample's disagreements)."""
    from build import load_author, to_record

    services = service_names(HERE / "services.csv")
    return {note["note_id"]: to_record(note, folder.name)
            for folder in sorted(p for p in raw.iterdir() if p.is_dir()) for note in load_author(folder, services)}


def load_second(folder: Path = HERE / "second_labels") -> tuple[dict[str, dict], list[str]]:
    services = service_names(HERE / "services.csv")
    notes, problems = {}, []
    for path in sorted(folder.glob("*.txt")):
        found, issues = parse_text(path.read_text(encoding="utf-8"), services)
        problems += issues
        notes.update({n["note_id"]: n for n in found})
    return notes, problems


def kappa(first: dict[str, dict], second: dict[str, dict], group: str) -> dict:
    ids = sorted(second)
    labels = sorted({label for i in ids for label in first[i][group]} | {label for i in ids for label in second[i][group]})
    a = [int(label in first[i][group]) for i in ids for label in labels]
    b = [int(label in second[i][group]) for i in ids for label in labels]
    agree = sum(x == y for x, y in zip(a, b))
    return {"kappa": round(float(cohen_kappa_score(a, b)), 3) if labels else None, "decisions": len(a),
            "raw_agreement": round(agree / len(a), 3) if a else None,
            "first_only": sum(x > y for x, y in zip(a, b)), "second_only": sum(y > x for x, y in zip(a, b))}


def span_f1(first: dict[str, dict], second: dict[str, dict]) -> dict:
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for note_id, other in second.items():
        gold = {(s["start"], s["end"], s["guide_type"]) for s in first[note_id]["pii"]}
        pred = {(s["start"], s["end"], s["type"]) for s in other["pii"]}
        for kind in {t for *_, t in gold | pred} | {"ALL"}:
            g = {s for s in gold if kind in ("ALL", s[2])}
            p = {s for s in pred if kind in ("ALL", s[2])}
            overlap_p = sum(any(x[0] < y[1] and y[0] < x[1] for y in g) for x in p)
            overlap_g = sum(any(x[0] < y[1] and y[0] < x[1] for y in p) for x in g)
            counts = by_type[kind]
            counts["exact_both"] += len(g & p)
            counts["first"] += len(g)
            counts["second"] += len(p)
            counts["overlap_second"] += overlap_p
            counts["overlap_first"] += overlap_g
    out = {}
    for kind, c in sorted(by_type.items()):
        exact = 2 * c["exact_both"] / (c["first"] + c["second"]) if c["first"] + c["second"] else None
        precision = c["overlap_second"] / c["second"] if c["second"] else None
        recall = c["overlap_first"] / c["first"] if c["first"] else None
        overlap = 2 * precision * recall / (precision + recall) if precision and recall else None
        out[kind] = {"exact_f1": None if exact is None else round(exact, 3),
                     "overlap_f1": None if overlap is None else round(overlap, 3),
                     "spans_first": c["first"], "spans_second": c["second"]}
    return out


def disagreements(first: dict[str, dict], second: dict[str, dict]) -> list[dict]:
    """Every note-level label one labelling has and the other lacks, for adjudication."""
    out = []
    for note_id in sorted(second):
        for group in GROUPS:
            a, b = set(first[note_id][group]), set(second[note_id][group])
            out += [{"note_id": note_id, "group": group, "label": label, "first": label in a, "second": label in b}
                    for label in sorted(a ^ b)]
    return out


def write_sample(authors: list[str], per_author: int, out: Path, seed: int = 14, raw: Path = HERE / "raw") -> list[str]:
    """The plain text of ``per_author`` notes from each author (seeded), for the second labeller: no labels."""
    import random

    from build import load_author

    services = service_names(HERE / "services.csv")
    blocks, ids = [], []
    for author in authors:
        notes = load_author(raw / author, services)
        for note in random.Random(f"{seed}-{author}").sample(notes, min(per_author, len(notes))):
            ids.append(note["note_id"])
            blocks.append(f"=== NOTE {note['note_id']}\ntext:\n{note['text']}\n=== END\n")
    out.write_text("\n".join(blocks), encoding="utf-8")
    return ids


def main() -> dict:
    first = load_first()
    second, problems = load_second()
    unknown = sorted(set(second) - set(first))
    text_differs = sorted(i for i in second if i in first and second[i]["text"] != first[i]["text"])
    second = {i: n for i, n in second.items() if i in first and i not in text_differs}
    result = {"notes": len(second), "authors": sorted({first[i]["author"] for i in second}),
              "format_problems": len(problems), "unknown_ids": unknown, "text_changed_by_labeller": text_differs,
              "kappa": {group: kappa(first, second, group) for group in GROUPS}, "pii_span_f1": span_f1(first, second)}
    (HERE / "agreement.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    result["disagreements"] = disagreements(first, second)
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
