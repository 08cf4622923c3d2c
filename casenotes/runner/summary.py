"""What a run reports: counts of notes by outcome, error kinds, seconds per stage; and its progress bar."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from casenotes.contract import error_kind


@dataclass
class RunSummary:
    output: Path
    notes: int = 0
    ok: int = 0
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def notes_per_second(self) -> float:
        return self.notes / self.seconds if self.seconds else 0.0

    def count(self, records: list[dict]) -> None:
        """Add written records: ok, or an error counted by its kind."""
        for record in records:
            self.notes += 1
            if record["status"] == "ok":
                self.ok += 1
            else:
                self.errors += 1
                self.error_kinds[error_kind(record["error"] or "")] += 1


@dataclass
class StageTimes:
    """Seconds spent per stage (in workers, summed over workers, when workers > 1).

    ``extract`` is the rules (and combining); ``classify`` the classifier's forward passes, when a
    model is used; ``startup`` building the redactor, extractor and classifier in this process
    (workers=1), or starting the pool and the finaliser (workers > 1); ``worker_startup`` each worker's
    time from the pool's creation to the end of its initializer (interpreter start, imports, models
    loaded), summed over the workers.
    """

    read: float = 0.0
    detect: float = 0.0
    finalise: float = 0.0
    extract: float = 0.0
    classify: float = 0.0
    write: float = 0.0
    startup: float = 0.0
    worker_startup: float = 0.0

    def add(self, seconds: dict[str, float]) -> None:
        for name, value in seconds.items():
            setattr(self, name, getattr(self, name) + value)


@dataclass
class BatchSummary(RunSummary):
    workers: int = 1
    resumed_from: int = 0
    stages: StageTimes = field(default_factory=StageTimes)
    first_write_seconds: float | None = None  # from the start to the first chunk written (start-up + pipeline fill)
    first_write_notes: int = 0


class NotesPerSecondColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} notes/s" if speed else "- notes/s", style="cyan")


def progress_bar(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        NotesPerSecondColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )
