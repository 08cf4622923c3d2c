"""--engine spark on a local Spark session: the same records as the single-machine run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None and not __import__("os").environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java", allow_module_level=True)

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from casenotes.batch import BatchSpec  # noqa: E402
from casenotes.io import read_records  # noqa: E402
from casenotes.pipeline import RunOptions, process_file  # noqa: E402

GOLD = Path(__file__).resolve().parents[1] / "eval" / "data" / "redaction_gold.jsonl"
COMPARED = ("note_id", "row", "status", "error", "redacted_text", "pii", "factors", "needs", "services", "mentions", "case_id")


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors use this venv
    session = (SparkSession.builder.master("local[2]").appName("casenotes-test")
               .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate())
    yield session
    session.stop()


def _normalise(record: dict) -> dict:
    out = {}
    for key in COMPARED:
        value = record.get(key)
        if key in ("pii", "mentions") and value:
            # a detected span's score is the tagger's, in bf16 by default: Spark's partitions batch the notes
            # differently, which can move it by 0.01; the spans, their types and the text must still be equal
            value = [{k: v for k, v in item.items() if v is not None and (key, k) != ("pii", "score")} for item in value]
        out[key] = value
    return out


def _notes_parquet(tmp_path: Path) -> Path:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()[:28]]
    notes = [{"note_id": r["note_id"], "case_id": r["case_id"], "text": r["text"]} for r in rows]
    notes.append({"note_id": "blank", "case_id": "C9", "text": "   "})
    notes.append({"note_id": rows[0]["note_id"], "case_id": "C9", "text": "a duplicate id"})
    source = tmp_path / "notes.parquet"
    pq.write_table(pa.Table.from_pylist(notes), source)
    return source


def _spark_equals_single_machine(tmp_path: Path, spark, spec: BatchSpec, single_extractor) -> list[dict]:
    source = _notes_parquet(tmp_path)
    options = RunOptions(progress=False)
    single = tmp_path / "single.jsonl"
    process_file(source, single, options, spec.build_redactor(), single_extractor)

    from casenotes.spark import run_spark

    counts = run_spark(str(source), str(tmp_path / "spark_out"), options, spec, spark=spark, partitions=3)
    spark_records = [row.asDict(recursive=True) for row in spark.read.parquet(str(tmp_path / "spark_out")).orderBy("row").collect()]
    expected = [_normalise(r) for r in read_records(single)]
    assert counts == {"notes": 30, "ok": 28, "errors": 2}
    assert [_normalise(r) for r in spark_records] == expected
    return expected


@pytest.mark.slow
def test_spark_output_equals_single_machine(tmp_path, spark):
    spec = BatchSpec.from_objects(__import__("casenotes.redact", fromlist=["Redactor"]).Redactor(), extractor=True)
    _spark_equals_single_machine(tmp_path, spark, spec, spec.build_extractor())


@pytest.mark.slow
def test_spark_with_a_shipped_classifier_equals_single_machine(tmp_path, spark, tiny_classifier_dir):
    """The model folder is shipped with addFile and found by name on the executors (the path given does not exist)."""
    from casenotes.classify import Classifier, CombinedExtractor
    from casenotes.redact import RedactorConfig

    spark.sparkContext.addFile(str(tiny_classifier_dir), recursive=True)
    spec = BatchSpec(RedactorConfig(), extract=True, model=str(Path("/not/on/this/executor") / tiny_classifier_dir.name))
    combined = CombinedExtractor(BatchSpec(extract=True).build_extractor(), Classifier.load(tiny_classifier_dir, precision=spec.precision))
    expected = _spark_equals_single_machine(tmp_path, spark, spec, combined)
    assert any(m.get("source") == "model" for r in expected for m in r["mentions"] or [])
