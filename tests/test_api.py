"""The Python API (casenotes.redact_text, analyse, analyse_frame): what casenotes run writes, and its doctests."""

from __future__ import annotations

import csv
import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

import casenotes

REPO = Path(__file__).resolve().parents[1]


def test_importing_casenotes_loads_no_model_code():
    code = ("import sys, casenotes; f = casenotes.analyse; "
            "print(sorted(m for m in ('spacy', 'torch', 'presidio_analyzer', 'casenotes.redact', 'pyarrow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
    assert {"redact_text", "analyse", "analyse_frame"} <= set(dir(casenotes))


@pytest.mark.parametrize("module", ["casenotes.contract", "casenotes.redact.finaliser", "casenotes.runner.settings"])
def test_the_contract_and_runner_doctests_run(module):
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(module))
    assert attempted >= 1 and failed == 0


@pytest.mark.slow
def test_the_api_doctests_run():
    from casenotes import api

    failed, attempted = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert attempted >= 6 and failed == 0


@pytest.mark.slow
def test_analyse_gives_the_records_run_writes(tmp_path):
    """The sample notes through ``casenotes run`` (with the people table) and through ``analyse``: same records."""
    from casenotes.runner import BatchSpec, run_batch

    with (REPO / "examples" / "sample_notes.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:8]
    texts, case_ids = [row["text"] for row in rows], [row["case_id"] for row in rows]
    source = tmp_path / "notes.jsonl"
    source.write_text("".join(json.dumps({"note_id": str(i), "text": t, "case_id": c}) + "\n"
                              for i, (t, c) in enumerate(zip(texts, case_ids), start=1)))
    people = REPO / "examples" / "people.csv"
    spec = BatchSpec.from_options(people=people)
    run_batch(source, tmp_path / "run.jsonl", spec.run_options(progress=False), spec)
    written = [json.loads(line) for line in (tmp_path / "run.jsonl").read_text().splitlines()]

    analysed = casenotes.analyse(texts, case_ids=case_ids, people=people)
    assert analysed == written
    assert any("[" in record["redacted_text"] for record in analysed)

    import pandas as pd

    frame = pd.DataFrame({"text": texts, "case_id": case_ids}, index=[str(i) for i in range(1, len(texts) + 1)])
    out = casenotes.analyse_frame(frame, people=people)
    assert list(out.index) == list(frame.index)
    assert out.to_dict("records") == written


@pytest.mark.slow
def test_analyse_frame_reads_missing_values_as_empty():
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b"], "text": ["Mum drinks heavily.", float("nan")]})
    out = casenotes.analyse_frame(frame, id_col="id", model=None)
    assert list(out["status"]) == ["ok", "error"]
    assert out.loc[1, "error"] == "row 2: text is missing" and out.loc[1, "note_id"] == "b"
    assert out.loc[0, "provenance"]["model"] == "rules only"
