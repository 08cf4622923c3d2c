"""Recall of the leak check on identifiers left in (multi-author corpus, development authors).

    .venv/bin/python eval/leakcheck_recall.py                  # dev split, 20% left in at random, seed 16
    .venv/bin/python eval/leakcheck_recall.py --real           # what the shipped redactor really misses
    .venv/bin/python eval/leakcheck_recall.py --limit 20       # a quick smoke run

``--real`` (eval/results/leakcheck_real_misses.json and .md): the shipped redactor runs on the notes; a gold
identifier it does not fully cover (the scoring's every-non-space-character rule) is a real miss, and its characters
left in the redacted text are where the check must point. The check then runs on the redactor's own output. Found =
a finding overlaps a character the redactor left of that identifier; false alarm = a finding that overlaps none.

For every note, every gold identifier (a type the redactor redacts) is replaced by a placeholder ("[PERSON_3]"),
except a seeded random share that is left in as a deliberate leak; dates and organisation names, which the
redactor keeps, stay as text. The check then runs on these texts: the old check (the redactor's own scan alone)
and the new one (scan + tagger at a low threshold + dictionary), each detector also alone. A left-in identifier
counts as found when a finding overlaps it; a finding that overlaps no left-in identifier is a false alarm.

Writes ``eval/results/leakcheck_recall.json`` and ``.md``: counts only, no note text. Never reads the held-out
authors (corpus/data/test.jsonl).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casenotes.contract import PLACEHOLDER  # noqa: E402
from casenotes.evaluation.redaction import TITLE_PATTERN, coverage_mask, keep_survival  # noqa: E402
from casenotes.redact import Redactor  # noqa: E402
from casenotes.redact.entities import ENTITIES, PERSON  # noqa: E402
from casenotes.redact.leakcheck import (CHECK_BATCH, CHECK_TAGGER_THRESHOLD, DETECTORS, RULES,  # noqa: E402
                                        find_residues, tagger_for_check)

RESULTS = ROOT / "eval" / "results"
#: What each row of the table counts as the check: the old one, each new detector alone, and the union.
VARIANTS = {"scan (old check)": (RULES,), "tagger alone": ("tagger",), "dictionary alone": ("dictionary",),
            "union (new check)": DETECTORS}


def leaky_text(text: str, pii: list[dict], rng: random.Random, share: float) -> tuple[str, list[dict]]:
    """The note with its identifiers replaced by placeholders except ``share`` of them, and the left-in spans'
    offsets in the new text."""
    parts, leaks, at, shift = [], [], 0, 0
    for number, span in enumerate(sorted(pii, key=lambda s: (s["start"], -s["end"])), 1):
        if span["start"] < at or span["type"] not in ENTITIES:
            continue  # nested gold span, or a type the redactor keeps (DATE, ORG_NAME): stays as text
        leave = rng.random() < share
        parts.append(text[at:span["start"]])
        if leave:
            leaks.append({"type": span["type"], "start": span["start"] + shift, "end": span["end"] + shift,
                          "origin": span.get("origin")})
            parts.append(text[span["start"]:span["end"]])
        else:
            placeholder = f"[{span['type']}_{number}]"
            parts.append(placeholder)
            shift += len(placeholder) - (span["end"] - span["start"])
        at = span["end"]
    parts.append(text[at:])
    return "".join(parts), leaks


def redacted_offsets(pii: list[tuple[int, int]], redacted_text: str, text: str) -> list[int]:
    """For every character of ``text`` outside the replaced spans ``pii``, its offset in ``redacted_text``
    (-1 for a replaced character): the placeholders shift what follows them."""
    where = [-1] * len(text)
    shift, at = 0, 0
    for start, end in sorted(pii):
        for i in range(at, start):
            where[i] = i + shift
        placeholder = PLACEHOLDER.match(redacted_text, start + shift)
        if placeholder is None:
            raise ValueError("the redacted text has no placeholder where the redactor replaced a span")
        shift = placeholder.end() - end
        at = end
    for i in range(at, len(text)):
        where[i] = i + shift
    return where


def real_misses(text: str, gold: list[dict], replaced: list[tuple[int, int]], redacted_text: str) -> list[dict]:
    """Gold identifiers (of a type the redactor redacts) that the redactor did not fully cover, each with the
    intervals of its characters still in ``redacted_text``. What identifies nobody is not a miss: punctuation left
    between two placeholders ("[UK_ADDRESS_1], [LOCATION_2]" from one gold address) and a leading title, which the
    redactor leaves by design ("Ms [PERSON_1]")."""
    covered = coverage_mask(len(text), replaced)
    where = redacted_offsets(replaced, redacted_text, text)
    misses = []
    for span in gold:
        if span["type"] not in ENTITIES:
            continue  # dates and organisation names: the redactor keeps them by design
        start = span["start"]
        if span["type"] == PERSON and (title := TITLE_PATTERN.match(text, start, span["end"])):
            start = title.end()
        left = [i for i in range(start, span["end"]) if text[i].isalnum() and not covered[i]]
        if not left:
            continue
        intervals: list[list[int]] = []
        for i in left:
            j = where[i]
            assert redacted_text[j] == text[i], "offset mapping out of step with the redacted text"
            if intervals and intervals[-1][1] == j:
                intervals[-1][1] = j + 1
            else:
                intervals.append([j, j + 1])
        misses.append({"type": span["type"], "origin": span.get("origin"), "intervals": intervals,
                       "partly_redacted": bool(covered[span["start"]:span["end"]].any())})
    return misses


def _hits(finding, leak) -> bool:
    return any(finding.start < end and start < finding.end for start, end in leak.get("intervals") or
               [(leak["start"], leak["end"])])


def score(findings, leaks, detectors) -> tuple[Counter, Counter, int]:
    """(found by type, support by type, false alarms) counting findings that any of ``detectors`` took part in.
    A leak is ``{"type", "start", "end"}`` or ``{"type", "intervals"}`` (the characters of it left in)."""
    found, support, false_alarms = Counter(), Counter(), 0
    for note_findings, note_leaks in zip(findings, leaks):
        mine = [f for f in note_findings if set(f.detectors) & set(detectors)]
        for leak in note_leaks:
            support[leak["type"]] += 1
            found[leak["type"]] += any(_hits(f, leak) for f in mine)
        false_alarms += sum(not any(_hits(f, leak) for leak in note_leaks) for f in mine)
    return found, support, false_alarms


def wilson(k: int, n: int) -> tuple[float, float]:
    from scipy.stats import binomtest

    if not n:
        return 0.0, 0.0
    interval = binomtest(k, n).proportion_ci(method="wilson")
    return round(float(interval.low), 3), round(float(interval.high), 3)


def check_all(texts: list[str], redactor, tagger) -> list:
    findings = []
    for at in range(0, len(texts), CHECK_BATCH):
        findings += find_residues(texts[at:at + CHECK_BATCH], redactor, tagger)
    return findings


def redact_all(rows: list[dict], redactor) -> tuple[list[str], list[list[dict]], list[list[tuple]]]:
    """The shipped redactor's output on the notes (each note alone, as ``casenotes redact`` without case ids),
    per note its real misses, and the spans it replaced (original offsets)."""
    texts, misses, replaced = [], [], []
    for at in range(0, len(rows), CHECK_BATCH):
        batch = rows[at:at + CHECK_BATCH]
        for row, result in zip(batch, redactor.redact_batch([r["text"] for r in batch])):
            texts.append(result.redacted_text)
            replaced.append([(p.start, p.end, p.type) for p in result.pii])
            misses.append(real_misses(row["text"], row.get("pii") or [], [(p.start, p.end) for p in result.pii],
                                      result.redacted_text))
    return texts, misses, replaced


def variant_scores(findings, leaks, notes: int, with_type_intervals: bool = False) -> dict:
    scores = {}
    for name, detectors in VARIANTS.items():
        found, support, false_alarms = score(findings, leaks, detectors)
        total_found, total = sum(found.values()), sum(support.values())
        by_type = {}
        for kind, n in sorted(support.items(), key=lambda kv: (-kv[1], kv[0])):
            by_type[kind] = {"found": found[kind], "support": n, "recall": round(found[kind] / n, 3)}
            if with_type_intervals:
                by_type[kind]["interval"] = wilson(found[kind], n)
        scores[name] = {
            "recall": round(total_found / total, 3) if total else None, "found": total_found, "support": total,
            "interval": wilson(total_found, total), "by_type": by_type,
            "false_alarms": false_alarms, "false_alarms_per_100_notes": round(100 * false_alarms / notes, 1)}
    return scores


def false_alarm_kinds(findings, leaks, rows, redacted_texts) -> dict[str, dict[str, int]]:
    """Per detector, its false alarms by what lies under them (counts only, never the words): an identifier the
    redactor keeps by design (a date, an organisation name), else the shape of the word."""
    kinds: dict[str, Counter] = {name: Counter() for name in DETECTORS}
    for note_findings, note_leaks, row, text in zip(findings, leaks, rows, redacted_texts):
        kept = [(s["start"], s["end"], s["type"]) for s in row.get("pii") or [] if s["type"] not in ENTITIES]
        for finding in note_findings:
            if any(_hits(finding, leak) for leak in note_leaks):
                continue
            kind = word_shape(text, finding.start, finding.end, kept, row["text"])
            for detector in finding.detectors:
                kinds[detector][kind] += 1
    return {name: dict(counts.most_common()) for name, counts in kinds.items()}


def word_shape(text: str, start: int, end: int, kept: list[tuple[int, int, str]], original: str) -> str:
    """A coarse, text-free description of a falsely flagged span."""
    surface = text[start:end]
    if any(original[a:b] and original[a:b] in surface or surface in original[a:b] for a, b, _ in kept):
        return "kept by design (date / organisation name)"
    letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return "all capitals (abbreviation?)"
    if any(c.isdigit() for c in surface):
        return "has digits"
    if " " in surface.strip():
        return "several words"
    if "-" in surface or "/" in surface:
        return "hyphenated word"
    if sum(c.isupper() for c in letters) > 1:
        return "mixed case (CamelCase)"
    return "capitalised word"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"], help="never the held-out test authors")
    parser.add_argument("--real", action="store_true", help="check the shipped redactor's output for its real misses")
    parser.add_argument("--share", type=float, default=0.2, help="share of identifiers left in (random mode)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    rows = [json.loads(line) for line in (ROOT / "corpus" / "data" / f"{args.split}.jsonl").open(encoding="utf-8")
            if line.strip()][:args.limit]
    started = time.perf_counter()
    redactor = Redactor()
    tagger = tagger_for_check(redactor)
    if args.real:
        texts, leaks, replaced = redact_all(rows, redactor)
        redacted_seconds = time.perf_counter() - started
    else:
        rng = random.Random(args.seed)
        texts, leaks = (list(x) for x in zip(*(leaky_text(r["text"], r.get("pii") or [], rng, args.share)
                                               for r in rows)))
    findings = check_all(texts, redactor, tagger)
    seconds = time.perf_counter() - started

    result = {"split": args.split, "notes": len(rows), "tagger_threshold": CHECK_TAGGER_THRESHOLD,
              "seconds": round(seconds, 1)}
    if args.real:
        result["redaction_seconds"] = round(redacted_seconds, 1)
        result["misses"] = sum(map(len, leaks))
        result["partly_redacted_misses"] = sum(m["partly_redacted"] for note in leaks for m in note)
        result["variants"] = variant_scores(findings, leaks, len(rows), with_type_intervals=True)
        result["false_alarm_kinds"] = false_alarm_kinds(findings, leaks, rows, texts)
        result["keep_survival"] = keep_survival(rows, replaced)  # role words and services the redactor left
        name, text = "leakcheck_real_misses", markdown_real(result)
    else:
        result.update({"share_left_in": args.share, "seed": args.seed})
        result["variants"] = variant_scores(findings, leaks, len(rows))
        name, text = "leakcheck_recall", markdown(result)
    name += f"_limit{args.limit}" if args.limit else ""
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{name}.json").write_text(json.dumps(result, indent=1))
    (args.out / f"{name}.md").write_text(text)
    print(text)


def markdown_real(result: dict) -> str:
    variants = result["variants"]
    first = next(iter(variants.values()))
    lines = [
        "# Leak check recall on what the redactor really misses", "",
        f"`eval/leakcheck_recall.py --real`: {result['notes']} notes of the multi-author corpus ({result['split']} "
        f"split; the held-out test authors are not read). The shipped redactor (rules + learned tagger) redacts each "
        f"note alone; a gold identifier of a type it redacts that it does not fully cover is a real miss "
        f"({result['misses']}, of which {result['partly_redacted_misses']} partly covered). The check runs on the "
        f"redactor's own output. Found = a finding overlaps a character the redactor left of that identifier. False "
        f"alarm = a finding that overlaps no real miss. Tagger threshold {result['tagger_threshold']}. "
        f"{result['seconds']:.0f} s in all ({result['redaction_seconds']:.0f} s of it redaction) on 2 shared CPU cores.",
        "",
        "| type | misses | " + " | ".join(variants) + " |",
        "|---|---:|" + "---:|" * len(variants),
    ]
    for kind, cell in first["by_type"].items():
        lines.append(f"| {kind} | {cell['support']} | " + " | ".join(
            "{:.3f} ({}) [{:.2f}, {:.2f}]".format(v["by_type"][kind]["recall"], v["by_type"][kind]["found"],
                                                  *v["by_type"][kind]["interval"]) for v in variants.values()) + " |")
    lines.append(f"| **all** | {first['support']} | " + " | ".join(
        (f"**{v['recall']:.3f}** ({v['found']}) [{v['interval'][0]:.3f}, {v['interval'][1]:.3f}]"
         if v["recall"] is not None else "-") for v in variants.values()) + " |")
    lines.append("| false alarms per 100 notes | | " + " | ".join(
        f"{v['false_alarms_per_100_notes']} ({v['false_alarms']})" for v in variants.values()) + " |")
    lines += ["", "Recall, found count in brackets, Wilson 95% interval in square brackets.", "",
              "False alarms by detector and by what they flag (counts; no words are written):", "",
              "| detector | " + " | ".join(sorted({k for c in result["false_alarm_kinds"].values() for k in c})) + " |"]
    kinds = sorted({k for c in result["false_alarm_kinds"].values() for k in c})
    lines.append("|---|" + "---:|" * len(kinds))
    for detector, counts in result["false_alarm_kinds"].items():
        lines.append(f"| {detector} | " + " | ".join(str(counts.get(k, 0)) for k in kinds) + " |")
    keep = result.get("keep_survival")
    if keep:
        lines += ["", "Kept by the redactor (no redaction touches them; `keep_survival`, targets derived from the "
                  "authors' service mentions and role words): " + ", ".join(
                      f"{kind} {cell['survival']:.4f} ({cell['survived']}/{cell['support']})"
                      for kind, cell in {"all": keep["overall"], **keep["per_kind"]}.items() if cell["support"]) + "."]
    return "\n".join(lines) + "\n"


def markdown(result: dict) -> str:
    variants = result["variants"]
    types = list(next(iter(variants.values()))["by_type"])
    lines = [
        "# Leak check recall on deliberately unredacted identifiers", "",
        f"`eval/leakcheck_recall.py`: {result['notes']} notes of the multi-author corpus ({result['split']} split, "
        f"development authors; the held-out test authors are not read). Every gold identifier of a type the "
        f"redactor redacts is replaced by a placeholder except a random {result['share_left_in']:.0%} "
        f"(seed {result['seed']}) left in as deliberate leaks; dates and organisation names stay as text, as the "
        f"redactor keeps them. Found = a finding overlaps the left-in span. False alarm = a finding that overlaps "
        f"no left-in identifier. Tagger threshold {result['tagger_threshold']}. "
        f"{result['seconds']:.0f} s for the whole check on 2 shared CPU cores.", "",
        "| type | support | " + " | ".join(variants) + " |",
        "|---|---:|" + "---:|" * len(variants),
    ]
    for kind in types:
        support = variants[next(iter(variants))]["by_type"][kind]["support"]
        lines.append(f"| {kind} | {support} | " + " | ".join(
            f"{v['by_type'][kind]['recall']:.3f} ({v['by_type'][kind]['found']})" for v in variants.values()) + " |")
    lines.append("| **all** | " + str(next(iter(variants.values()))["support"]) + " | " + " | ".join(
        f"**{v['recall']:.3f}** [{v['interval'][0]:.3f}, {v['interval'][1]:.3f}]" for v in variants.values()) + " |")
    lines.append("| false alarms per 100 notes | | " + " | ".join(
        f"{v['false_alarms_per_100_notes']} ({v['false_alarms']})" for v in variants.values()) + " |")
    lines += ["", "Recall with found count in brackets; the all row gives a Wilson 95% interval. The scan already "
              "contains the tagger at its shipped threshold (0.5), since the redactor runs it; so the old check and "
              "the tagger detector are not independent of each other, and the dictionary is the one detector that "
              "shares no model with the redactor.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
