"""The header's words for the backend: its mode and its state (``Backend.status``).

A status that cannot be read (a sync copy's file gone bad) does not stop the header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..store.base import Backend

if TYPE_CHECKING:
    from ..store.base import Status


async def read_status(backend: Backend) -> str:
    mode = backend.mode
    try:
        status = backend.status()
    except Exception as err:  # the header must never take the app down
        return f"{mode} · status unavailable ({type(err).__name__})"
    return describe_status(mode, status)


def describe_status(mode: str, status: Status) -> str:
    parts = [mode]
    if status.state and status.state != mode:
        parts.append(status.state)
    if status.pending:
        parts.append(f"{status.pending} pending")
    if status.conflicts:
        parts.append(f"{status.conflicts} conflicts")
    if status.last_sync:
        parts.append(f"synced {status.last_sync[:16].replace('T', ' ')}")
    if status.detail:
        parts.append(status.detail)
    return " · ".join(parts)
