"""Running the stages over many notes: one stage order (``stages.note_stages``: detect in a batch, finalise in
input order, extract), three drivers.

* ``process_file`` (``local``): one process, the plain path (``casenotes redact``, ``extract``);
* ``run_batch`` (``pool``): worker processes, checkpoints and ``--resume`` (``casenotes run``);
* ``run_spark`` (``spark``): PySpark executors, Parquet in and out (``casenotes run --engine spark``).

``BatchSpec.from_options`` assembles the settings once, for every caller. ``casenotes.pipeline``,
``casenotes.batch`` and ``casenotes.spark`` keep their old names importable.
"""

from casenotes.runner.local import process_file
from casenotes.runner.pool import BatchInterrupted, OutputChangedError, WorkerSetupError, run_batch
from casenotes.runner.settings import BatchSpec, RunOptions
from casenotes.runner.stages import Failed, Stage, Stages, note_stages, process_chunk
from casenotes.runner.summary import BatchSummary, RunSummary, StageTimes

__all__ = [
    "BatchInterrupted", "BatchSpec", "BatchSummary", "Failed", "OutputChangedError", "RunOptions", "RunSummary",
    "Stage", "StageTimes", "Stages", "WorkerSetupError", "note_stages", "process_chunk", "process_file", "run_batch",
]
