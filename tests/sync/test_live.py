"""Live events: another client's write reaches this cache without a sync; after the
channel drops and comes back, a pull fills the gap."""

from __future__ import annotations

import asyncio

from waiting import wait_until_async

from friendship_tui.store.errors import NotFound

from .conftest import MakeClient
from .proxy import FaultProxy
from .server_process import ServerProcess


async def test_a_write_on_one_client_reaches_the_other_live(
    server: ServerProcess, make_client: MakeClient
) -> None:
    token = server.new_user()
    a = await make_client("a", server.url, token)
    b = await make_client("b", server.url, token)
    await b.list("contact")  # starts b's background sync and live channel
    stream = b.changes()

    c = await a.create("contact", {"name": "Live Wire"})

    async def b_has_it() -> bool:
        try:
            return (await b.get("contact", c["id"]))["name"] == "Live Wire"
        except NotFound:
            return False

    await wait_until_async(b_has_it, "the change on b")
    event = await asyncio.wait_for(stream.__anext__(), 20)
    assert (event.type, event.action, event.object["id"]) == ("contact", "create", c["id"])

    await a.update("contact", c["id"], {"nickname": "LW"})

    async def b_has_update() -> bool:
        return (await b.get("contact", c["id"]))["nickname"] == "LW"

    await wait_until_async(b_has_update, "the update on b")
    await a.delete("contact", c["id"])

    async def b_lost_it() -> bool:
        try:
            await b.get("contact", c["id"])
        except NotFound:
            return True
        return False

    await wait_until_async(b_lost_it, "the delete on b")
    await stream.aclose()


async def test_after_a_reconnect_the_gap_is_pulled(
    server: ServerProcess, make_client: MakeClient
) -> None:
    token = server.new_user()
    proxy = await FaultProxy(server.port).start()
    try:
        a = await make_client("a", server.url, token)
        b = await make_client("b", proxy.url, token)
        await b.list("contact")
        await wait_until_async(lambda: _connected(b), "b's live channel")
        proxy.go_offline()  # b misses what happens now
        gone = await a.create("contact", {"name": "Made While B Was Away"})
        proxy.go_online()  # b's channel reconnects by itself and pulls

        async def b_has_it() -> bool:
            return any(o["id"] == gone["id"] for o in (await b.list("contact")).items)

        await wait_until_async(b_has_it, "the change on b")
        assert b.status().pending == 0
    finally:
        await proxy.close()


async def _connected(client: object) -> bool:
    channel = getattr(client, "_live_channel", None)
    return channel is not None and channel.connected.is_set()
