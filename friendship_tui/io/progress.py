"""Progress reporting for long imports and exports.

The io functions take a ``Progress`` and call ``start``/``advance``; the CLI decides
whether that draws a rich bar (a terminal) or nothing at all (piped, cron, tests), so
the readers and writers never look at the terminal themselves.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO, Any, Protocol


class Progress(Protocol):
    def start(self, description: str, total: int | None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    """Says nothing: the default for library calls and for output that is piped."""

    def start(self, description: str, total: int | None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


class BarProgress:
    """A rich progress bar on ``stream`` (stderr), one task at a time."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr),
            transient=True,
        )
        self._task: Any = None
        self._running = False

    def start(self, description: str, total: int | None) -> None:
        if not self._running:
            self._bar.start()
            self._running = True
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)

    def finish(self) -> None:
        if self._running:
            self._bar.stop()
            self._running = False
        self._task = None

    def __enter__(self) -> BarProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish()


def progress_for(stream: IO[str] | None = None, *, enabled: bool | None = None) -> Progress:
    """A bar when ``stream`` (default stderr) is a terminal, silence otherwise."""
    target = stream or sys.stderr
    if enabled is None:
        isatty = getattr(target, "isatty", None)
        enabled = bool(isatty and isatty())
    return BarProgress(target) if enabled else NoProgress()
