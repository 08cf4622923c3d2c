"""``--engine spark``: the same pipeline on PySpark, Parquet in and out (see docs/spark.md).

Each executor's Python worker builds one ``Redactor`` and one extractor the first time it
sees a partition (module-level, so reused across the partitions it runs) and runs the stages
(``casenotes.runner.stages.process_chunk``) over its rows with ``mapInPandas``. With ``BatchSpec.model`` the extractor is rules +
classifier, the classifier loaded once per Python worker from the model folder: a path every executor
can read, or a folder shipped with ``SparkContext.addFile(folder, recursive=True)`` (found by its name
with ``SparkFiles.get`` when the path does not exist on the executor). Rows are repartitioned by case id and sorted
by input row within a partition, so each case is processed in input order by one worker with a
fresh case memory per partition: placeholder numbering then equals the single-machine output.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any, Iterator

import pyarrow as pa

from casenotes.contract import InputNote, output_schema
from casenotes.io import NoteValidator, duplicate_id_problem
from casenotes.runner.settings import BatchSpec, RunOptions
from casenotes.runner.stages import process_chunk

ROW = "row"
DUPLICATE = "_casenotes_duplicate"
_EXECUTOR: dict[str, Any] = {}


def output_arrow_schema(passthrough: list[str], spec: BatchSpec) -> pa.Schema:
    return output_schema(passthrough, spec.extract)


def executor_model_dir(model: str) -> str:
    """The classifier folder as this executor sees it: the path itself if it is there, else the folder of
    that name shipped with ``SparkContext.addFile(folder, recursive=True)``."""
    if os.path.isdir(model):
        return model
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get(os.path.basename(os.path.normpath(model)))
    except Exception:  # noqa: BLE001 - no Spark context here: report the path as given
        shipped = None
    if shipped and os.path.isdir(shipped):
        return shipped
    raise FileNotFoundError(f"classifier folder {model!r} is not readable on this executor; put it on storage every "
                            "executor mounts, or ship it with spark.sparkContext.addFile(folder, recursive=True)")


def _pipeline(spec: BatchSpec):
    """One redactor + extractor (+ classifier) per executor Python process, built on first use."""
    if _EXECUTOR.get("spec") != spec:
        os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
        local = spec if spec.model is None or not spec.extract else replace(spec, model=executor_model_dir(spec.model))
        _EXECUTOR.clear()  # the previous spec's models go before the next ones load
        _EXECUTOR.update(spec=spec, redactor=local.build_redactor(), extractor=local.build_extractor())
    return _EXECUTOR["redactor"], _EXECUTOR["extractor"]


def process_partition(frames: Iterator, spec: BatchSpec, options: RunOptions, passthrough: list[str], chunk_size: int = 64):
    """mapInPandas function: rows of one partition (sorted by case, then row) -> output records."""
    import pandas as pd

    redactor, extractor = _pipeline(spec)
    if redactor is not None:  # a retried or reused task must number placeholders from scratch
        redactor.reset()  # the Redactor is its own Finaliser
    names = output_arrow_schema(passthrough, spec).names
    validator = NoteValidator(options.encoding, unique_ids=False)  # duplicates are found across the whole input
    for frame in frames:
        for start in range(0, len(frame), chunk_size):
            part = frame.iloc[start:start + chunk_size]
            notes = []
            for record in part.to_dict("records"):
                extra = {c: (None if _missing(record.get(c)) else str(record[c])) for c in passthrough}
                note_id, text = record.get(options.id_col), record.get(options.text_col)
                note = validator.check(int(record[ROW]), None if _missing(note_id) else note_id, None if _missing(text) else text, extra)
                if note.problem is None and record.get(DUPLICATE):
                    note = InputNote(note.row, note.note_id, None, extra, duplicate_id_problem(note.row))
                notes.append(note)
            records = process_chunk(notes, options, redactor, extractor)
            yield pd.DataFrame({name: [r.get(name) for r in records] for name in names})


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def run_spark(input_parquet: str, output_parquet: str, options: RunOptions, spec: BatchSpec, spark=None,
              partitions: int | None = None) -> dict[str, int]:
    """Run the pipeline on Spark: Parquet (file or folder) in, a Parquet folder out, rows in input order.

    ``row`` is the 1-based row in the order Spark reads the input (the file order for one file).
    Returns counts: notes, ok, errors.
    """
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    spark = spark or SparkSession.builder.appName("casenotes").getOrCreate()
    frame = spark.read.parquet(input_parquet)
    missing = [c for c in (options.id_col, options.text_col) if c not in frame.columns]
    if missing:
        raise ValueError(f"input has no column {' or '.join(map(repr, missing))} (columns found: {', '.join(frame.columns)})")
    passthrough = [c for c in frame.columns if c not in (options.id_col, options.text_col, ROW)]
    indexed = frame.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + 1))
    frame = spark.createDataFrame(indexed, frame.columns + [ROW])
    for column in passthrough:
        frame = frame.withColumn(column, F.col(column).cast("string"))
    trimmed = F.trim(F.col(options.id_col).cast("string"))
    first_row = F.min(F.when(trimmed != "", F.col(ROW))).over(Window.partitionBy(trimmed))
    frame = frame.withColumn(DUPLICATE, (trimmed != "") & (F.col(ROW) != first_row))
    case = options.case_col if options.case_col in frame.columns else None
    keyed = frame.repartition(partitions or spark.sparkContext.defaultParallelism, *([case] if case else []))
    keyed = keyed.sortWithinPartitions(*([case] if case else []), ROW)
    arrow_schema = output_arrow_schema(passthrough, spec)

    def on_partition(frames):
        return process_partition(frames, spec, options, passthrough)

    # persisted so the range sort's sampling pass does not run the models a second time
    result = keyed.mapInPandas(on_partition, schema=from_arrow_schema(arrow_schema)).persist()
    result.orderBy(ROW).write.mode("overwrite").parquet(output_parquet)
    result.unpersist()
    written = spark.read.parquet(output_parquet)
    counts = {row["status"]: row["count"] for row in written.groupBy("status").count().collect()}
    return {"notes": sum(counts.values()), "ok": counts.get("ok", 0), "errors": counts.get("error", 0)}
