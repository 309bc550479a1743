"""Options every subcommand shares (``--db``, ``--profile``, ``--demo``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.clock import LocalClock


@dataclass(slots=True)
class GlobalOptions:
    """What the group's options chose: the book, the profile or the demo, and the clock."""

    db: str | None = None
    profile: str | None = None
    demo: bool = False
    # The one clock (DESIGN.md): the CLI's "today" is the app's. Tests pass their own
    # through ``CliRunner.invoke(cli, ..., obj=GlobalOptions(clock=...))``.
    clock: LocalClock = field(default_factory=LocalClock)
