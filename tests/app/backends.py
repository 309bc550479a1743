"""The backends the UI tests run against: one fixture, many backends.

Register another as an async context manager yielding a Backend, e.g. a remote backend
against the project's server, and every test in tests/app/ runs on it too:

    UI_BACKENDS["remote"] = remote_backend
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from friendship_tui.store.base import Backend
from friendship_tui.store.local import Store


@asynccontextmanager
async def local_backend(tmp_path: Path) -> AsyncIterator[Backend]:
    store = Store.open(tmp_path / "app.db")
    try:
        yield store.backend("me")
    finally:
        store.close()


@asynccontextmanager
async def remote_backend(tmp_path: Path) -> AsyncIterator[Backend]:
    """The same screens over HTTP: RemoteBackend against the project's server on 127.0.0.1."""
    from contract.backends import remote_env

    async with remote_env(tmp_path) as env:
        yield env.backend


UI_BACKENDS: dict[str, Callable[[Path], AbstractAsyncContextManager[Backend]]] = {
    "local": local_backend,
    "remote": remote_backend,
}


@asynccontextmanager
async def sync_backend(tmp_path: Path) -> AsyncIterator[Backend]:
    """SyncBackend (own cache file, online) against the project's server on 127.0.0.1."""
    from contract.backends import sync_env

    async with sync_env(tmp_path) as env:
        yield env.backend


# Every backend the app runs on, for features that must work on each (undo, snooze);
# the UI suite as a whole runs on UI_BACKENDS.
ALL_BACKENDS: dict[str, Callable[[Path], AbstractAsyncContextManager[Backend]]] = {
    **UI_BACKENDS,
    "sync": sync_backend,
}


@asynccontextmanager
async def sync_pair(tmp_path: Path) -> AsyncIterator[tuple[Backend, Backend]]:
    """Two SyncBackends of the same user (two devices), each with its own cache file,
    against the project's server on 127.0.0.1."""
    import uuid

    from contract.backends import _sandbox
    from store_files import fresh_db

    from friendship_tui.sync.backend import SyncBackend

    user = f"pair-{uuid.uuid4().hex[:10]}"
    made = []
    for device in ("phone", "laptop"):
        cache = fresh_db(tmp_path / f"{device}.db")
        remote = _sandbox("sqlite").backend(user, track=False, max_retries=1)
        made.append(SyncBackend(Store.open(cache), remote, owns_store=True))
    try:
        yield made[0], made[1]
    finally:
        for backend in made:
            await backend.close()
