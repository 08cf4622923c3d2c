"""Redaction recall and precision: casenotes vs Presidio's defaults, on the gold set and on TAB.

Both systems run on the same texts in the same process. The table shows figures only; the JSON
holds the same figures plus leaks as offsets and types. No note text is printed or written.

Example:
    .venv/bin/python eval/evaluate_redaction.py --limit 20
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import time
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional, Sequence

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from casenotes.evaluation.baselines import DEFAULT_SPACY_MODEL, presidio_default_analyzer, presidio_spans  # noqa: E402
from casenotes.evaluation.redaction import Span, casenotes_spans, score_redaction, score_tab  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "eval" / "data" / "redaction_gold.jsonl"
DEFAULT_TAB = REPO.parent / "shared" / "data" / "tab_test"
DEFAULT_OUT = REPO / "eval" / "results" / "redaction.json"
SYSTEMS = ("casenotes", "presidio_default")

console = Console(width=max(100, shutil.get_terminal_size((100, 24)).columns))
Opt = typer.Option


class DateHandling(str, Enum):
    keep = "keep"
    month = "month"


# -- data ---------------------------------------------------------------------------------------
def load_gold(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Gold records from JSONL (blank lines skipped), the first ``limit`` if given."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    return records


def load_tab(folder: Path, limit: int | None = None) -> tuple[dict[str, str], dict[str, list]]:
    """TAB ``texts.json`` and ``manual_mentions.json``, the first ``limit`` documents if given."""
    texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
    mentions = json.loads((folder / "manual_mentions.json").read_text(encoding="utf-8"))
    doc_ids = list(texts)[:limit] if limit is not None else list(texts)
    return {doc_id: texts[doc_id] for doc_id in doc_ids}, mentions


# -- running both systems -----------------------------------------------------------------------
Runner = Callable[[Sequence[str], Sequence[str | None] | None], list[list[Span]]]


def build_runners(spacy_model: str, dates: str = "keep") -> dict[str, Runner]:
    """One casenotes Redactor and one default Presidio analyzer, each loaded once."""
    from casenotes.redact import Redactor, RedactorConfig

    redactor = Redactor(RedactorConfig(spacy_model=spacy_model, dates=dates))
    analyzer = presidio_default_analyzer(spacy_model)
    return {
        "casenotes": lambda texts, case_ids: casenotes_spans(texts, redactor, case_ids),
        "presidio_default": lambda texts, case_ids: presidio_spans(texts, analyzer),
    }


def run_all(runners: dict[str, Runner], texts: Sequence[str], case_ids: Sequence[str | None] | None) -> tuple[dict, dict]:
    """Predicted spans and seconds taken, per system."""
    spans, seconds = {}, {}
    for name, runner in runners.items():
        started = time.perf_counter()
        spans[name] = runner(texts, case_ids)
        seconds[name] = round(time.perf_counter() - started, 2)
    return spans, seconds


def evaluate_gold(runners: dict[str, Runner], gold: list[dict[str, Any]]) -> dict[str, Any]:
    texts = [record["text"] for record in gold]
    case_ids = [record.get("case_id") for record in gold]
    spans, seconds = run_all(runners, texts, case_ids)
    return {"notes": len(gold), "seconds": seconds, **{name: score_redaction(gold, spans[name]) for name in runners}}


def evaluate_tab(
    runners: dict[str, Runner], texts: dict[str, str], mentions: dict[str, list], keep_leaks: bool = False
) -> dict[str, Any]:
    """TAB scores per system; the (long) leak lists are kept only when asked for."""
    doc_ids = list(texts)
    spans, seconds = run_all(runners, [texts[d] for d in doc_ids], None)
    scores = {name: score_tab(texts, mentions, dict(zip(doc_ids, spans[name]))) for name in runners}
    if not keep_leaks:
        for score in scores.values():
            score["leaks"] = len(score["leaks"])
    return {"documents": len(doc_ids), "chars": sum(map(len, texts.values())), "seconds": seconds, **scores}


# -- display ------------------------------------------------------------------------------------
def _fmt(cell: dict[str, Any] | None, key: str) -> str:
    if key == "partly" and cell and cell.get("support"):
        return f"{cell['partly_redacted'] / cell['support']:.3f}"
    if not cell or cell.get(key) is None:
        return "-"
    return f"{cell[key]:.3f}"


def comparison_rows(result: dict[str, Any]) -> list[tuple[str, dict, str]]:
    """(label, {system: cell}, metric key) rows for the side-by-side table."""
    first = result[SYSTEMS[0]]
    rows = [("recall, all spans", {s: result[s]["overall"] for s in SYSTEMS}, "recall"),
            ("  share at least partly covered", {s: result[s]["overall"] for s in SYSTEMS}, "partly")]
    if "direct_identifiers" in first:
        rows.append(("recall, direct identifiers", {s: result[s]["direct_identifiers"] for s in SYSTEMS}, "recall"))
    types = sorted(set().union(*(result[s]["per_type"] for s in SYSTEMS)))
    rows += [(f"recall {t}", {s: result[s]["per_type"].get(t) for s in SYSTEMS}, "recall") for t in types]
    rows.append(("PERSON recall, title may stay", {s: result[s]["person_title_optional"] for s in SYSTEMS}, "recall"))
    for origin in sorted(first.get("person_by_origin", {})):
        rows.append((f"PERSON recall, origin={origin}", {s: result[s]["person_by_origin"].get(origin) for s in SYSTEMS}, "recall"))
    for form in sorted(first.get("person_by_form", {})):
        rows.append((f"PERSON recall, form={form}", {s: result[s]["person_by_form"].get(form) for s in SYSTEMS}, "recall"))
    rows.append(("char precision", {s: result[s]["char"] for s in SYSTEMS}, "precision"))
    rows.append(("char recall", {s: result[s]["char"] for s in SYSTEMS}, "recall"))
    if "keep_survival" in first:
        rows.append(("keep survival, all", {s: result[s]["keep_survival"]["overall"] for s in SYSTEMS}, "survival"))
        for kind in first["keep_survival"]["per_kind"]:
            rows.append((f"keep survival, {kind}", {s: result[s]["keep_survival"]["per_kind"].get(kind) for s in SYSTEMS}, "survival"))
    return rows


def _support(cells: dict[str, Any], key: str) -> str:
    cell = next((c for c in cells.values() if c), None) or {}
    if key == "precision":
        return ""
    return str(cell.get("support", cell.get("gold_chars", "")))


def render(title: str, result: dict[str, Any]) -> Table:
    table = Table(title=title)
    table.add_column("metric")
    for name in SYSTEMS:
        table.add_column(name, justify="right")
    table.add_column("support", justify="right")
    for label, cells, key in comparison_rows(result):
        table.add_row(label, *(_fmt(cells[s], key) for s in SYSTEMS), _support(cells, key))
    seconds = result["seconds"]
    table.caption = "seconds: " + ", ".join(f"{s} {seconds[s]}" for s in SYSTEMS)
    return table


# -- command ------------------------------------------------------------------------------------
def main(
    gold: Annotated[Path, Opt(help="Gold set JSONL.")] = DEFAULT_GOLD,
    tab: Annotated[Path, Opt(help="TAB test folder (texts.json, manual_mentions.json).")] = DEFAULT_TAB,
    no_gold: Annotated[bool, Opt("--no-gold", help="Do not score the gold set.")] = False,
    no_tab: Annotated[bool, Opt("--no-tab", help="Do not score TAB.")] = False,
    out: Annotated[Path, Opt(help="Where to write the JSON results.")] = DEFAULT_OUT,
    limit: Annotated[Optional[int], Opt(help="Score only the first N gold notes and N TAB documents.")] = None,
    spacy_model: Annotated[str, Opt(help="spaCy model for both systems.")] = DEFAULT_SPACY_MODEL,
    tab_leaks: Annotated[bool, Opt("--tab-leaks", help="Write every missed TAB mention (offsets) to the JSON, not just a count.")] = False,
    dates: Annotated[DateHandling, Opt(help="casenotes dates other than birth dates: keep (default) or month.")] = DateHandling.keep,
) -> None:
    """Score casenotes and Presidio's defaults side by side; write the figures as JSON."""
    results: dict[str, Any] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                               "spacy_model": spacy_model, "casenotes_dates": dates.value, "limit": limit}
    have_gold = not no_gold and gold.is_file()
    have_tab = not no_tab and (tab / "texts.json").is_file()
    if not no_gold and not have_gold:
        console.print(f"[yellow]Gold set not found at {gold}; skipping it.[/]")
    if not no_tab and not have_tab:
        console.print(f"[yellow]TAB data not found at {tab}; skipping it.[/]")
    if not (have_gold or have_tab):
        raise typer.Exit(code=2)
    runners = build_runners(spacy_model, dates.value)
    if have_gold:
        results["gold"] = evaluate_gold(runners, load_gold(gold, limit))
        console.print(render(f"Gold set ({results['gold']['notes']} notes)", results["gold"]))
    if have_tab:
        results["tab"] = evaluate_tab(runners, *load_tab(tab, limit), keep_leaks=tab_leaks)
        console.print(render(f"TAB test ({results['tab']['documents']} documents)", results["tab"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    console.print(f"Results written to {out}")


if __name__ == "__main__":
    typer.run(main)
