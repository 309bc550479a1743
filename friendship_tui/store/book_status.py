"""A backend's connection state, as the header shows it (``Backend.status``).

Apart from the other records (backend_records.py, which hands it out too): the app
reads a local book's status as it starts, and needs no other record class for that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Status:
    """Connection state for the header: "local", "online", "offline", "syncing"."""

    state: str = "local"
    pending: int = 0
    conflicts: int = 0
    last_sync: str | None = None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
