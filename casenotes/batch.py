"""The parallel, resumable batch runner: kept importable here (and ``python -m casenotes.batch``); it lives in
``casenotes.runner.pool``."""

from __future__ import annotations

from casenotes.runner.checkpoint import CHECKPOINT_SUFFIX, CHECKPOINT_VERSION, checkpoint_path, input_key
from casenotes.runner.pool import (
    BatchInterrupted,
    OutputChangedError,
    WorkerSetupError,
    _Immediate,  # noqa: F401 - tests reach the driver's internals here
    _Runner,  # noqa: F401
    main,
    run_batch,
)
from casenotes.runner.settings import BatchSpec, RunOptions
from casenotes.runner.summary import BatchSummary, StageTimes

__all__ = [
    "BatchInterrupted", "BatchSpec", "BatchSummary", "CHECKPOINT_SUFFIX", "CHECKPOINT_VERSION", "OutputChangedError",
    "RunOptions", "StageTimes", "WorkerSetupError", "checkpoint_path", "input_key", "main", "run_batch",
]

if __name__ == "__main__":
    main()
