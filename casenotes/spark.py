"""``--engine spark``: kept importable here (see docs/spark.md); it lives in ``casenotes.runner.spark``."""

from __future__ import annotations

from casenotes.runner.spark import executor_model_dir, output_arrow_schema, process_partition, run_spark

__all__ = ["executor_model_dir", "output_arrow_schema", "process_partition", "run_spark"]
