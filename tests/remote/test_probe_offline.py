"""A capability probe made while the server is down concludes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from friendship_tui.remote import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.server.app import create_app
from friendship_tui.server.running import ThreadedServer
from friendship_tui.store.errors import Unavailable

SINCE = "2020-01-01T00:00:00Z"


async def _no_sleep(_: float) -> None:
    return None


async def test_probe_while_down_then_up_finds_the_extensions(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "server.db"), rate_limit=None)
    accounts = app.state.server.accounts
    accounts.add_user("ann")
    _, token = accounts.create_token("ann", "probe", ["*:*"])
    server = ThreadedServer(app)  # port chosen, nothing listening yet
    backend = RemoteBackend(server.url, token, max_retries=1, sleep=_no_sleep)
    try:
        with pytest.raises(Unavailable):
            await backend.probe_capabilities()
        with pytest.raises(Unavailable):  # offline, not "the server lacks updated_since"
            await backend.list("contact", ListQuery(updated_since=SINCE, include_deleted=True))
        server.start()
        caps = await backend.probe_capabilities()
        assert caps.updated_since and caps.search and caps.archive and caps.server_agenda
        page = await backend.list("contact", ListQuery(updated_since=SINCE, include_deleted=True))
        assert page.items == []
    finally:
        await backend.close()
        server.stop()
        app.state.server.store.close()


async def test_status_says_what_the_last_request_found(tmp_path: Path) -> None:
    """The app header reads this: offline while the server is down, online after."""
    app = create_app(str(tmp_path / "server.db"), rate_limit=None)
    accounts = app.state.server.accounts
    accounts.add_user("ann")
    _, token = accounts.create_token("ann", "status", ["*:*"])
    server = ThreadedServer(app)
    backend = RemoteBackend(server.url, token, max_retries=0, sleep=_no_sleep)
    try:
        assert backend.status().state == "connecting"
        with pytest.raises(Unavailable):
            await backend.list("contact")
        assert backend.status().state == "offline"
        server.start()
        await backend.list("contact")
        assert backend.status().state == "online"
    finally:
        await backend.close()
        server.stop()
        app.state.server.store.close()
