"""The registry of backends the contract suite runs against.

Adding a backend is a five-line change: write an async context manager that takes the
test's ``tmp_path`` and yields a ``ContractEnv`` (the backend under test, plus
optionally a second backend of another owner on the same storage), then register it:

    @asynccontextmanager
    async def remote_env(tmp_path: Path) -> AsyncIterator[ContractEnv]:
        async with start_server(tmp_path) as server:          # your helper
            yield ContractEnv(server.backend("alice"), server.backend("bob"))

    BACKEND_FACTORIES["remote"] = remote_env

(in this file, or in a module imported at the bottom of this file). Every test in
tests/contract/ is then parametrised over it.
"""

from __future__ import annotations

import atexit
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store_files import at_process_exit, fresh_db, process_folder

from friendship_tui.store.base import Backend
from friendship_tui.store.local import Store


@dataclass
class ContractEnv:
    backend: Backend
    other: Backend | None = None  # another owner on the same storage (None: skip those tests)


BackendFactory = Callable[[Path], AbstractAsyncContextManager[ContractEnv]]


@asynccontextmanager
async def local_env(tmp_path: Path) -> AsyncIterator[ContractEnv]:
    store = Store.open(fresh_db(tmp_path / "contract.db"))
    try:
        yield ContractEnv(store.backend("me"), store.backend("someone-else"))
    finally:
        store.close()


BACKEND_FACTORIES: dict[str, BackendFactory] = {"local": local_env}


_SANDBOXES: dict[str, Any] = {}  # one real server per database kind and test process


def _sandbox(kind: str) -> Any:
    """This process's server storing in ``kind`` ("sqlite" or "postgresql"), started on
    first use; tests share it with fresh users each (owners are isolated)."""
    if kind not in _SANDBOXES:
        from server_sandbox import start_sandbox

        if kind == "sqlite":
            db = str(process_folder("contract-remote-"))
        else:
            from postgres_cluster import fresh_database

            db = fresh_database()
        sandbox = start_sandbox(db, users=())
        at_process_exit(sandbox.stop)  # (before its folder goes: last in, first out)
        _SANDBOXES[kind] = sandbox
    return _SANDBOXES[kind]


@asynccontextmanager
async def _remote_pair(kind: str) -> AsyncIterator[ContractEnv]:
    tag = uuid.uuid4().hex[:10]
    sandbox = _sandbox(kind)
    mine = sandbox.backend(f"alice-{tag}", track=False)
    theirs = sandbox.backend(f"bob-{tag}", track=False)
    try:
        yield ContractEnv(mine, theirs)
    finally:
        await mine.close()
        await theirs.close()


@asynccontextmanager
async def remote_env(tmp_path: Path) -> AsyncIterator[ContractEnv]:
    """RemoteBackend talking HTTP to the project's real server on 127.0.0.1."""
    async with _remote_pair("sqlite") as env:
        yield env


BACKEND_FACTORIES["remote"] = remote_env


@asynccontextmanager
async def sync_env(tmp_path: Path) -> AsyncIterator[ContractEnv]:
    """SyncBackend (online, own cache file) over the same real server as ``remote``."""
    from friendship_tui.sync.backend import SyncBackend

    tag = uuid.uuid4().hex[:10]
    made = []
    for user in ("alice", "bob"):
        fresh_db(tmp_path / f"cache-{user}.db")
        remote = _sandbox("sqlite").backend(f"{user}-{tag}", track=False, max_retries=1)
        made.append(SyncBackend(Store.open(tmp_path / f"cache-{user}.db"), remote, owns_store=True))
    try:
        yield ContractEnv(made[0], made[1])
    finally:
        for backend in made:
            await backend.close()


BACKEND_FACTORIES["sync"] = sync_env


_PG_STORE: list[Store] = []  # one database per test process, fresh owners per test


@asynccontextmanager
async def postgres_env(tmp_path: Path) -> AsyncIterator[ContractEnv]:
    """LocalBackend on a real PostgreSQL server (the store does not assume SQLite)."""
    from postgres_cluster import fresh_database

    if not _PG_STORE:
        _PG_STORE.append(Store.open(fresh_database()))
        atexit.register(_PG_STORE[0].close)
    tag = uuid.uuid4().hex[:10]
    yield ContractEnv(_PG_STORE[0].backend(f"me-{tag}"), _PG_STORE[0].backend(f"else-{tag}"))


BACKEND_FACTORIES["postgres"] = postgres_env


@asynccontextmanager
async def remote_postgres_env(tmp_path: Path) -> AsyncIterator[ContractEnv]:
    """RemoteBackend against the real server storing in PostgreSQL (``serve --db URL``)."""
    async with _remote_pair("postgresql") as env:
        yield env


BACKEND_FACTORIES["remote-postgres"] = remote_postgres_env
