"""One long note through ``casenotes run`` as a user meets it: a whole process, default options, timed end to end.

    .venv/bin/python eval/bench_long_note.py                 # 1 MB, writes eval/results/bench_long_note.{json,md}
    .venv/bin/python eval/bench_long_note.py --size 200000 --precision fp32

The note is the development authors' notes joined end to end (fictional, realistic wording) and cut at ``--size``
characters. Reported: wall seconds, CPU seconds of every process (parent and workers), peak memory of the process
tree (psutil, sampled every 100 ms), and the record's status. Issue 17's goal: 1 MB in under 60 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "eval"))
from bench_pipeline import PeakRSS  # noqa: E402 - the same sampler as the pipeline benchmark


def long_note(size: int, source: Path) -> str:
    texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    parts, length = [], 0
    while length < size:
        for text in texts:
            parts.append(text)
            length += len(text) + 2
            if length >= size:
                break
    return "\n\n".join(parts)[:size]


def bench(size: int, precision: str, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "long.csv"
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["note_id", "case_id", "text"])
            writer.writerow(["L1", "C1", long_note(size, REPO / "corpus" / "data" / "dev.jsonl")])
        output = Path(folder) / "out.jsonl"
        command = [sys.executable, "-m", "casenotes", "run", str(source), "-o", str(output), "--precision", precision, *extra]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        peak = PeakRSS(process.pid)
        log, _ = process.communicate()
        wall = time.perf_counter() - started
        peak_mb = peak.stop()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()] if output.exists() else []
    return {"size_chars": size, "precision": precision, "options": extra, "exit_code": process.returncode,
            "wall_s": round(wall, 1), "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
            "peak_tree_mb": peak_mb, "records": len(records),
            "status": [r.get("status") for r in records], "cores": os.cpu_count(),
            "log_tail": [line for line in log.splitlines() if line.startswith(("Rules", "Wrote"))]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters (default 1,000,000)")
    parser.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16", "int8"))
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "bench_long_note.json")
    parser.add_argument("extra", nargs="*", help="further casenotes run options, after --")
    args = parser.parse_args(argv)
    result = bench(args.size, args.precision, args.extra)
    print(json.dumps(result, indent=1))
    runs = json.loads(args.out.read_text()) if args.out.exists() else []
    runs.append({"measured": time.strftime("%Y-%m-%d %H:%M"), **result})
    args.out.write_text(json.dumps(runs, indent=1))
    lines = ["# One long note through `casenotes run` (eval/bench_long_note.py)", "",
             "| measured | size | precision | options | wall s | CPU s | peak MB (all processes) | status |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['measured']} | {r['size_chars']:,} | {r['precision']} | {' '.join(r['options']) or 'default'} | "
              f"{r['wall_s']} | {r['cpu_s']} | {r['peak_tree_mb']} | {', '.join(map(str, r['status']))} |" for r in runs]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
