"""507 Insufficient Storage (a server whose disk is full) is never retried: retrying
cannot make room and hammers a server that is struggling already."""

from __future__ import annotations

import pytest

from friendship_tui.remote import RemoteBackend
from friendship_tui.remote.errors import ServerFailed, StorageFull
from friendship_tui.store.errors import Unavailable

from .conftest import StartRaw


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


async def test_507_raises_storage_full_at_once(raw_server: StartRaw) -> None:
    error = {"error": {"code": "insufficient_storage", "message": "disk full"}}
    raw = await raw_server(lambda req: (507, {}, error))
    sleeps = Sleeps()
    backend = RemoteBackend(raw.url, "pat_x", sleep=sleeps, max_retries=4)
    with pytest.raises(StorageFull) as info:
        await backend.create("contact", {"name": "Ann"})
    assert not isinstance(info.value, Unavailable)  # callers must not treat it as "retry"
    assert "507" in str(info.value) and "disk full" in str(info.value)
    assert len(raw.requests) == 1 and sleeps.delays == []
    await backend.close()


async def test_500_is_a_server_failure_of_that_request(raw_server: StartRaw) -> None:
    raw = await raw_server(lambda req: (500, {}, None))
    sleeps = Sleeps()
    backend = RemoteBackend(raw.url, "pat_x", sleep=sleeps, max_retries=4)
    with pytest.raises(ServerFailed) as info:
        await backend.list("note")
    assert isinstance(info.value, Unavailable) and info.value.status == 500
    assert len(raw.requests) == 1
    await backend.close()
