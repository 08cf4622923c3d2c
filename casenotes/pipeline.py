"""Batch processing of a note file in one process: kept importable here; it lives in ``casenotes.runner``."""

from __future__ import annotations

from casenotes.contract import error_kind
from casenotes.runner.local import process_file
from casenotes.runner.settings import RunOptions
from casenotes.runner.stages import Extractor, Failed, process_chunk
from casenotes.runner.summary import RunSummary

__all__ = ["Extractor", "Failed", "RunOptions", "RunSummary", "error_kind", "process_chunk", "process_file"]
