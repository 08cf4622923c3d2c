"""The README's headline figures: the shipped system on the multi-author corpus's held-out authors.

    .venv/bin/python eval/evaluate_heldout.py                 # test authors (a02, a05, a08): once per release
    .venv/bin/python eval/evaluate_heldout.py --split dev     # development authors: what rules and thresholds were tuned on
    .venv/bin/python eval/evaluate_heldout.py --limit 20 --bootstrap 50    # a quick smoke run (CI runs one)
    .venv/bin/python eval/evaluate_heldout.py --fairness      # the fairness swap test alone (test authors: once)

Four runs on the same notes, each through ``casenotes evaluate``'s own code (one metrics core):

1. **shipped**: what ``casenotes run`` does on a fresh checkout (redaction with the rules and the learned tagger,
   then the rules and the classifier), on the original text;
2. **rules only**: the same without the classifier and without the tagger;
3. **shipped with a people table**: each note's people listed by full name, as a council's table would list them
   (PERSON recall over the mentions of listed people is reported beside the usual figures);
4. **context and subject**: the extraction alone on the gold text with its personal data masked by placeholders
   (``casenotes.classify.mask_pii``), so gold mention offsets line up: subject (A/B/C) accuracy, and whether
   negated, hypothetical and historical mentions stay out of the note-level sets.

Writes ``eval/results/heldout_<split>.json`` and ``.md``; no note text is written (the worst labels' evidence excerpts are left out), leaks are offsets only.

``--fairness`` runs instead ``casenotes evaluate --fairness``'s test with the shipped system: the notes as written,
then with every name swapped to a name of another origin (from the same notes) and with each demographic description
inserted; it reports redaction recall per variant and origin, and the notes whose labels changed (ids and label
codes only), in ``eval/results/heldout_<split>_fairness.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casenotes import evaluation  # noqa: E402
from casenotes.classify import DEFAULT_MODEL_DIR, _mask_with_offsets, _masked_offset  # noqa: E402
from casenotes.redact import Redactor, RedactorConfig  # noqa: E402


def masked_gold(gold: list[dict]) -> list[dict]:
    """Gold notes with personal data replaced by placeholders and every mention moved to match (no ``pii``)."""
    out = []
    for record in gold:
        pii = [span for span in record["pii"] if span["type"] not in ("DATE", "ORG_NAME", "LOCATION")]
        text, replaced = _mask_with_offsets(record["text"], pii)
        mentions = [{**m, "start": _masked_offset(m["start"], replaced), "end": _masked_offset(m["end"] - 1, replaced) + 1}
                    for m in record["mentions"]]
        out.append({key: value for key, value in record.items() if key != "pii"} | {"text": text, "mentions": mentions})
    return out


def people_table(gold: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """What a council's people table would hold for these notes: each note its own case, listing the people
    the note names in full (two or more words), as a case record would. Short forms, initials and nicknames
    are left for the redactor to connect, as they would be in a real table."""
    table: dict[str, list[tuple[str, str]]] = {}
    for record in gold:
        names = {record["text"][s["start"]:s["end"]] for s in record["pii"] if s["type"] == "PERSON"}
        full = sorted(name for name in names if len(name.split()) >= 2 and not any(c.isdigit() for c in name))
        if full:
            table[record["note_id"]] = [(name, "other") for name in full]
    return table


def listed_person_recall(gold: list[dict], predictions: Path, table: dict) -> dict:
    """PERSON recall over the gold mentions that are a listed person's full name or one of its words."""
    predicted = {r["note_id"]: r for r in evaluation.load_jsonl(predictions)}
    found = total = 0
    for record in gold:
        words = {w.lower() for name, _ in table.get(record["note_id"], []) for w in name.split()}
        covered = [False] * (len(record["text"]) + 1)
        for span in predicted.get(record["note_id"], {}).get("pii") or []:
            for i in range(span["start"], span["end"]):
                covered[i] = True
        for span in record["pii"]:
            surface = record["text"][span["start"]:span["end"]]
            if span["type"] == "PERSON" and surface.split() and all(w.lower() in words for w in surface.split()):
                total += 1
                found += all(covered[i] for i in range(span["start"], span["end"]) if not record["text"][i].isspace())
    return {"recall": round(found / total, 4) if total else None, "support": total}


def run(gold: list[dict], folder: Path, *, tagger: bool, model: str | None, resamples: int,
        people: dict | None = None) -> dict:
    config = RedactorConfig() if tagger else RedactorConfig(tagger=None)
    predictions = folder / "predictions.jsonl"
    started = time.perf_counter()
    if people is not None:  # the people table is per case: each note is its own case here
        gold = [{**record, "case_id": record["note_id"]} for record in gold]
    evaluation.run_predictions(gold, predictions, Redactor(config, people=people), evaluation.system_extractor(model))
    result = evaluation.evaluate(gold, evaluation.load_jsonl(predictions), resamples)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["system"] = {"tagger": config.tagger_folder() is not None, "model": None if model is None else Path(model).name,
                        "people_table": people is not None}
    if people is not None:
        result["listed_person_recall"] = listed_person_recall(gold, predictions, people)
    return result


def headline(result: dict) -> dict:
    red, labels = result["redaction"], result["labels"]["averages"]
    return {
        "direct_identifiers": red["direct_identifiers"], "person": red["per_type"].get("PERSON"),
        "char_precision": red["char"]["precision"],
        "worst_origin": min(((v["recall"], k) for k, v in red["person_by_origin"].items() if v["recall"] is not None),
                            default=None),
        **{group: {"micro": labels[group]["micro"], "macro": labels[group]["macro"]} for group in ("factors", "needs", "services")},
    }


def markdown(split: str, results: dict) -> str:
    lines = [f"# Held-out evaluation: {split} authors", "",
             "| system | direct-identifier recall | PERSON | char precision | factors micro F1 | factors macro F1 | needs micro F1 | services micro F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for name in ("shipped", "rules_only", "shipped_people_table"):
        if name not in results:
            continue
        h = headline(results[name])

        def ci(block):  # redaction blocks give recall, label blocks F1, each with its 95% interval
            value, interval = (block["recall"], block.get("recall_ci")) if "f1" not in block else \
                (block["f1"], block.get("ci", {}).get("f1"))  # no interval with --bootstrap 0
            return f"{value:.3f} ({interval[0]:.3f}-{interval[1]:.3f})" if interval else f"{value:.3f}"

        lines.append(f"| {name.replace('_', ' ')} | {ci(h['direct_identifiers'])} | {h['person']['recall']:.3f} | "
                     f"{h['char_precision']:.3f} | {ci(h['factors']['micro'])} | {h['factors']['macro']['f1']:.3f} | "
                     f"{ci(h['needs']['micro'])} | {ci(h['services']['micro'])} |")
    listed = results.get("shipped_people_table", {}).get("listed_person_recall")
    if listed:
        lines += ["", f"With a people table listing each note's people by full name: PERSON recall over the mentions of "
                      f"listed people {listed['recall']} ({listed['support']} mentions)."]
    shipped = results["shipped"]["labels"].get("kept_out", {}).get("all", {})
    context = results.get("context_subject", {}).get("context", {})
    lines += ["", f"Negated, hypothetical and historical labels kept out of the note-level sets (shipped): "
                  f"{shipped.get('kept_out')} of {shipped.get('n')} (note, label) pairs."]
    if context and "skipped" not in context:
        subject = context.get("subject_accuracy", {})
        lines.append(f"Subject letter right for {subject.get('accuracy', 0):.3f} of {subject.get('n', 0)} matched factor "
                     "mentions (extraction on the gold text with personal data masked).")
    return "\n".join(lines) + "\n"


def _share(value) -> str:
    return "" if value is None else f"{value:.4f}"


def fairness_markdown(split: str, result: dict) -> str:
    """The fairness swap test as a table: recall per variant, its change from the notes as written, label changes."""
    lines = [f"# Fairness swap test: {split} authors", "",
             "`eval/evaluate_heldout.py --fairness`: the shipped system (rules + learned tagger; rules + classifier) on the "
             "notes as written and on each variant. Recall: gold identifiers fully redacted (dates and organisation "
             "names, which the redactor keeps by design, count in *overall* only).", "",
             "| variant | notes changed | overall recall | direct identifiers | PERSON | change in PERSON recall | "
             "char precision | role words and services kept | notes with changed labels |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, entry in result.items():
        red = entry["redaction"]
        change = entry.get("recall_change", {}).get("person")
        lines.append(f"| {name.replace('_', ' ')} | {entry['notes_changed']} | {red['overall']:.4f} | "
                     f"{red['direct_identifiers']:.4f} | {red['person']:.4f} | "
                     f"{'' if change is None else f'{change:+.4f}'} | {red['char_precision']:.4f} | "
                     f"{_share(red.get('keep_survival', {}).get('overall'))} | "
                     f"{len(entry.get('label_changes', [])) if name != 'original' else ''} |")
    origins = sorted({o for entry in result.values() for o in entry["redaction"]["person_by_origin"]})
    lines += ["", "PERSON recall by the name's origin (after a swap, the origin of the name put in):", "",
              "| variant | " + " | ".join(origins) + " |", "|---|" + "---:|" * len(origins)]
    for name in ("original", "names_swapped"):
        by_origin = result[name]["redaction"]["person_by_origin"]
        lines.append(f"| {name.replace('_', ' ')} | " + " | ".join(
            "" if by_origin.get(o) is None else f"{by_origin[o]:.3f}" for o in origins) + " |")
    return "\n".join(lines) + "\n"


def run_fairness(gold: list[dict], model: str | None, out: Path, name: str) -> dict:
    """The fairness swap test with the shipped system; writes ``<name>_fairness.json`` and ``.md`` under ``out``."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = evaluation.fairness(gold, Path(folder), Redactor(RedactorConfig()), evaluation.system_extractor(model))
    split = gold[0]["split"] if gold and "split" in gold[0] else name
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}_fairness.json").write_text(json.dumps(
        {"notes": len(gold), "seconds": round(time.perf_counter() - started, 1),
         "system": {"tagger": True, "model": None if model is None else Path(model).name}, "fairness": result}, indent=1))
    (out / f"{name}_fairness.md").write_text(fairness_markdown(split, result))
    return result


#: Left out of the written results: per-note results (for a paired --compare) stay in memory, and the evidence
#: excerpts of the worst labels are note text (redacted, but the held-out authors' words must not be read).
NOT_WRITTEN = frozenset({"per_note", "evidence"})


def _without_per_note(value):
    """The committed results keep the figures only (see ``NOT_WRITTEN``)."""
    if isinstance(value, dict):
        return {key: _without_per_note(item) for key, item in value.items() if key not in NOT_WRITTEN}
    if isinstance(value, list):
        return [_without_per_note(item) for item in value]
    return value


def _name(args: argparse.Namespace) -> str:
    """``heldout_test``, ``heldout_test_a20-a22``, ``heldout_dev_limit20``: the results' file name."""
    authors = f"_{args.authors.replace(',', '-')}" if args.authors else ""
    return f"heldout_{args.split}{authors}" + (f"_limit{args.limit}" if args.limit else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--authors", default=None,
                        help="only these authors of the split, comma-separated (e.g. the fourth wave's test authors: a20,a22)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results")
    parser.add_argument("--fairness", action="store_true",
                        help="run only the fairness swap test (names swapped across origins, descriptions inserted)")
    args = parser.parse_args(argv)
    gold = evaluation.load_jsonl(ROOT / "corpus" / "data" / f"{args.split}.jsonl")
    if args.authors:
        wanted = set(args.authors.split(","))
        gold = [note for note in gold if note["author"] in wanted]
        if not gold:
            parser.error(f"no notes by {args.authors} in the {args.split} split")
    gold = gold[:args.limit] if args.limit else gold
    model = str(DEFAULT_MODEL_DIR) if (DEFAULT_MODEL_DIR / "labels.json").is_file() else None
    if args.fairness:
        name = _name(args)
        result = run_fairness(gold, model, args.out, name)
        print(fairness_markdown(args.split, result))
        return
    results: dict = {"split": args.split, "notes": len(gold), "authors": sorted({g["author"] for g in gold})}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        results["shipped"] = run(gold, folder, tagger=True, model=model, resamples=args.bootstrap)
        results["rules_only"] = run(gold, folder, tagger=False, model=None, resamples=args.bootstrap)
        results["shipped_people_table"] = run(gold, folder, tagger=True, model=model, resamples=args.bootstrap,
                                              people=people_table(gold))
        masked = masked_gold(gold)
        predictions = folder / "masked_predictions.jsonl"
        evaluation.run_predictions(masked, predictions, None, evaluation.system_extractor(model))
        results["context_subject"] = evaluation.evaluate(masked, evaluation.load_jsonl(predictions), args.bootstrap)
    args.out.mkdir(parents=True, exist_ok=True)
    name = _name(args)
    for system in ("shipped", "rules_only", "shipped_people_table"):
        results[system].pop("predictions", None)
    (args.out / f"{name}.json").write_text(json.dumps(_without_per_note(results), indent=1, default=str))
    (args.out / f"{name}.md").write_text(markdown(args.split, results))
    print(markdown(args.split, results))


if __name__ == "__main__":
    main()
