"""The header's words for the backend: its mode and, when it has one, its state.

Backends may offer ``status()`` (sync or async) returning ``store.base.Status``; the
local one may not, and a remote one may fail to answer. Neither stops the header.
"""

from __future__ import annotations

import inspect
from typing import Any

from ..store.base import Backend, Status


async def read_status(backend: Backend) -> str:
    mode = str(getattr(backend, "mode", "local") or "local")
    status_fn = getattr(backend, "status", None)
    if not callable(status_fn):
        return mode
    try:
        result: Any = status_fn()
        if inspect.isawaitable(result):
            result = await result
    except Exception as err:  # the header must never take the app down
        return f"{mode} · status unavailable ({type(err).__name__})"
    return describe_status(mode, result)


def describe_status(mode: str, status: Any) -> str:
    if not isinstance(status, Status):
        return f"{mode} · {status}" if status else mode
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
