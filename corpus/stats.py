"""Counts for the datasheet: notes, authors, labels per split, name origins, identifier types, contexts, lengths.

    python corpus/stats.py        # writes corpus/STATS.md from corpus/data/*.jsonl
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from author_format import FACTOR_CODES, NEEDS  # noqa: E402
from build import SPLITS  # noqa: E402

ORDER = (*SPLITS, "excluded")


def load() -> dict[str, list[dict]]:
    return {s: [json.loads(line) for line in (HERE / "data" / f"{s}.jsonl").open(encoding="utf-8")] for s in ORDER}


def table(title: str, rows: list[tuple], header: tuple) -> str:
    out = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def per_split(data: dict[str, list[dict]], key) -> dict[str, Counter]:
    return {s: Counter(item for r in rows for item in key(r)) for s, rows in data.items()}


def main() -> str:
    data = load()
    every = [r for rows in data.values() for r in rows]
    words = [len(re.findall(r"\S+", r["text"])) for r in every]
    lines = ["# Multi-author corpus: counts", "", "Made by `python corpus/stats.py` from `corpus/data/`. `excluded` holds "
             "notes set aside because they share a run of 8 words with another split (see DATASHEET.md).", ""]
    lines.append(table("Notes and authors per split", [(s, len(data[s]), ", ".join(sorted({r["author"] for r in data[s]})))
                                                       for s in ORDER], ("split", "notes", "authors")))
    lines.append(f"Words per note: median {statistics.median(words):.0f}, mean {statistics.mean(words):.0f}, "
                 f"min {min(words)}, max {max(words)}; under 30 words: {sum(w < 30 for w in words)}, "
                 f"400 or more: {sum(w >= 400 for w in words)}.\n")
    for kind, labels in (("factors", FACTOR_CODES), ("needs", NEEDS)):
        counts = per_split(data, lambda r, k=kind: r[k])
        lines.append(table(f"{kind} (notes with the label)", [(label, *(counts[s][label] for s in ORDER),
                                                                sum(counts[s][label] for s in ORDER)) for label in labels],
                           ("label", *ORDER, "all")))
    services = per_split(data, lambda r: r["services"])
    total = Counter()
    for c in services.values():
        total.update(c)
    lines.append(table("services (notes with the service involved), commonest first",
                       [(name, *(services[s][name] for s in ORDER), n) for name, n in total.most_common()],
                       ("service", *ORDER, "all")))
    contexts = Counter(m["context"] for r in every for m in r["mentions"] if m["kind"] != "service")
    concern = sum(contexts.values())
    lines.append(table("context of concern mentions (factors and needs)",
                       [(c, n, f"{n / concern:.1%}") for c, n in contexts.most_common()], ("context", "mentions", "share")))
    origins = per_split(data, lambda r: [p.get("origin") for p in r["pii"] if p["guide_type"] == "PERSON"])
    lines.append(table("PERSON spans by name origin", [(o, *(origins[s][o] for s in ORDER), sum(origins[s][o] for s in ORDER))
                                                       for o in sorted({o for c in origins.values() for o in c})],
                       ("origin", *ORDER, "all")))
    types = per_split(data, lambda r: [p["guide_type"] for p in r["pii"]])
    lines.append(table("personal-data spans by type", [(t, *(types[s][t] for s in ORDER), sum(types[s][t] for s in ORDER))
                                                       for t in sorted({t for c in types.values() for t in c})],
                       ("type", *ORDER, "all")))
    note_types = Counter((r.get("note_type") or "").lower() for r in every)
    lines.append(table("note types (as the authors named them), 30 commonest", note_types.most_common(30), ("type", "notes")))
    text = "\n".join(lines)
    (HERE / "STATS.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
    print("wrote corpus/STATS.md")
