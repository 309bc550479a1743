"""Fixtures: the real server in a subprocess, and sync clients with their own caches."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from store_files import fresh_db

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.store.local import Store
from friendship_tui.sync.backend import SyncBackend

from .server_process import ServerProcess

MakeClient = Callable[..., Awaitable[SyncBackend]]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess.running(tmp_path_factory.mktemp("server") / "server.db") as srv:
        yield srv


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of this test's own, for tests that stop or kill it."""
    srv = ServerProcess(tmp_path / "own-server.db")
    srv.prepare()
    srv.start()
    yield srv
    srv.kill()


def open_client(cache: Path, url: str, token: str, **options: Any) -> SyncBackend:
    """A SyncBackend with its own cache file (made fresh when it does not exist yet)."""
    cache = Path(cache)
    if not cache.exists():
        fresh_db(cache)
    remote = RemoteBackend(url, token, max_retries=0, timeout=10)
    options.setdefault("retry_base", 0.05)
    options.setdefault("retry_max", 0.5)
    return SyncBackend(Store.open(cache), remote, owns_store=True, **options)


@pytest.fixture
async def make_client(tmp_path: Path) -> AsyncIterator[MakeClient]:
    made: list[SyncBackend] = []

    async def make(name: str, url: str, token: str, **options: Any) -> SyncBackend:
        client = open_client(tmp_path / f"{name}.db", url, token, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()
