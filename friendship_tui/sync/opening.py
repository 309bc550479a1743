"""Opening a sync profile: its own cache database in the data dir, and the remote half."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..config import data_dir
from ..store.local import Store
from .backend import SyncBackend


def cache_path_for(profile_name: str, explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` or the profile's ``db`` wins; else ``sync-<profile>.db`` in the data dir."""
    if explicit:
        return Path(explicit).expanduser()
    return data_dir() / f"sync-{profile_name}.db"


def open_sync(cache: str | os.PathLike[str], remote: Any, **options: Any) -> SyncBackend:
    """A SyncBackend that owns (and closes) its cache store."""
    return SyncBackend(Store.open(cache), remote, owns_store=True, **options)
