"""The app's header follows the sync state live: online, then offline as soon as the
connection drops (no write needed, no periodic refresh), then the pending count."""

from __future__ import annotations

from datetime import date

from waiting import wait_until_async

from friendship_tui.app import AppSettings, make_app

from .conftest import MakeClient
from .server_process import ServerProcess


async def _wait_for(app: object, text: str) -> str:
    """The header text, once it says ``text`` (tests/waiting.py)."""

    def header() -> str:
        sub = str(getattr(app, "sub_title", ""))
        return sub if text in sub else ""

    return await wait_until_async(header, f"the header to say {text!r}")


async def test_header_shows_sync_state_and_pending_changes(
    own_server: ServerProcess, make_client: MakeClient
) -> None:
    token = own_server.new_user()
    client = await make_client("tui", own_server.url, token)
    await client.create("contact", {"name": "Online Olga"})
    # A long periodic refresh: only the backend's own announcements can update the header.
    settings = AppSettings.fixed(date(2026, 11, 25), status_interval=3600)
    app = make_app(client, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert (await _wait_for(app, "sync")).split(" · ")[0] == "sync"
        await _wait_for(app, "online")
        own_server.kill()  # no write: only the dropped connection can tell the header
        await _wait_for(app, "offline")
        await client.create("contact", {"name": "Offline Otto"})
        assert "1 pending" in await _wait_for(app, "pending")
