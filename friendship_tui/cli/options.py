"""Options every subcommand shares (``--db``, ``--profile``, ``--demo``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class GlobalOptions:
    db: str | None = None
    profile: str | None = None
    demo: bool = False
