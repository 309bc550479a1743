"""The /xapi2/ch live channel against the real server: scoping, order, hooks, errors."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from server_sandbox import Sandbox
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

TIMEOUT = 10


async def _open(sandbox: Sandbox, token: str) -> ClientConnection:
    return await connect(sandbox.server.ws_url + f"/xapi2/ch?token={token}", proxy=None)


async def _frame(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
    return frame


async def _subscribe(ws: ClientConnection, *types: str) -> None:
    for t in types:
        await ws.send(json.dumps({"op": "subscribe", "id": f"s-{t}", "dataType": t}))
        assert await _frame(ws) == {"op": "subscribed", "id": f"s-{t}", "dataType": t}


def _client(sandbox: Sandbox, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=sandbox.url, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )


async def test_each_user_sees_only_their_own_events(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    alice, bob = sandbox.token(users[0]), sandbox.token(users[1])
    async with await _open(sandbox, alice) as ws_a, await _open(sandbox, bob) as ws_b:
        await _subscribe(ws_a, "contact")
        await _subscribe(ws_b, "contact")
        async with _client(sandbox, alice) as ca, _client(sandbox, bob) as cb:
            a1 = (await ca.post("/xapi2/data/contact", json={"name": "Alice's"})).json()
            b1 = (await cb.post("/xapi2/data/contact", json={"name": "Bob's"})).json()
            a2 = (await ca.post("/xapi2/data/contact", json={"name": "Alice's 2"})).json()
        # Events are delivered in commit order: had Alice's first event leaked to Bob, it
        # would arrive before Bob's own.
        got_b = await _frame(ws_b)
        assert got_b["object"]["id"] == b1["id"]
        got_a = [await _frame(ws_a), await _frame(ws_a)]
        assert [f["object"]["id"] for f in got_a] == [a1["id"], a2["id"]]
        assert all(f["object"]["owned_by"] == users[0] for f in got_a)
        await ws_b.send(json.dumps({"op": "ping", "id": "p"}))
        assert await _frame(ws_b) == {"op": "pong", "id": "p"}  # nothing else was queued


async def test_writes_and_hook_side_effects_arrive_in_order(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    token = sandbox.token(users[0])
    async with await _open(sandbox, token) as ws, _client(sandbox, token) as c:
        await _subscribe(ws, "contact", "conversation", "relationship")
        ann = (await c.post("/xapi2/data/contact", json={"name": "Ann"})).json()
        ben = (await c.post("/xapi2/data/contact", json={"name": "Ben"})).json()
        await c.post(
            "/xapi2/data/conversation",
            json={"parent_id": ann["id"], "channel": "call", "occurred_at": "2026-03-01"},
        )
        await c.patch(f"/xapi2/data/contact/{ben['id']}", json={"nickname": "B"})
        await c.post(
            "/xapi2/data/relationship",
            json={"parent_id": ann["id"], "target_id": ben["id"], "kind": "parent"},
        )
        await c.delete(f"/xapi2/data/contact/{ben['id']}")
        frames = [await _frame(ws) for _ in range(10)]
    seen = [(f["dataType"], f["event"]) for f in frames]
    assert seen[:7] == [
        ("contact", "create"),
        ("contact", "create"),
        ("conversation", "create"),
        ("contact", "update"),  # bump_last_contacted
        ("contact", "update"),  # the PATCH
        ("relationship", "create"),
        ("relationship", "create"),  # the mirror, with the inverse kind
    ]
    assert frames[3]["object"]["id"] == ann["id"]
    assert frames[3]["object"]["last_contacted_at"].startswith("2026-03-01")
    assert frames[3].get("origin") == "hook"
    assert frames[4]["object"]["nickname"] == "B"
    assert {frames[5]["object"]["kind"], frames[6]["object"]["kind"]} == {"parent", "child"}
    assert sorted(seen[7:]) == [
        ("contact", "delete"),
        ("relationship", "delete"),
        ("relationship", "delete"),
    ]
    deleted = next(f for f in frames[7:] if f["dataType"] == "contact")
    assert deleted["object"]["id"] == ben["id"]


async def test_unsubscribe_stops_events(sandbox: Sandbox, users: tuple[str, str]) -> None:
    token = sandbox.token(users[0])
    async with await _open(sandbox, token) as ws, _client(sandbox, token) as c:
        await _subscribe(ws, "contact", "note")
        await ws.send(json.dumps({"op": "unsubscribe", "id": "s-contact"}))
        assert await _frame(ws) == {"op": "unsubscribed", "id": "s-contact"}
        ann = (await c.post("/xapi2/data/contact", json={"name": "Ann"})).json()
        await c.post("/xapi2/data/note", json={"parent_id": ann["id"], "body": "hi"})
        frame = await _frame(ws)
        assert (frame["dataType"], frame["event"]) == ("note", "create")


@pytest.mark.parametrize("token", ["pat_wrong", "", "not-even-a-pat"])
async def test_bad_token_closes_4401(sandbox: Sandbox, token: str) -> None:
    async with await _open(sandbox, token) as ws:
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    assert ws.close_code == 4401


async def test_revoked_token_closes_4401(sandbox: Sandbox, users: tuple[str, str]) -> None:
    token = sandbox.token(users[0])
    sandbox.state.accounts.revoke(token[:12])
    async with await _open(sandbox, token) as ws:
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    assert ws.close_code == 4401


async def test_missing_list_scope_is_an_error_frame(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    token = sandbox.token(users[0], scopes=["contact:list", "note:read"])
    async with await _open(sandbox, token) as ws:
        await ws.send(json.dumps({"op": "subscribe", "id": "n", "dataType": "note"}))
        frame = await _frame(ws)
        assert frame["op"] == "error" and frame["id"] == "n"
        assert "note:list" in frame["message"]
        await _subscribe(ws, "contact")  # the connection stays usable


async def test_bad_frames_get_error_frames(sandbox: Sandbox, users: tuple[str, str]) -> None:
    async with await _open(sandbox, sandbox.token(users[0])) as ws:
        for raw in ("not json", "[1]", json.dumps({"op": "dance", "id": "x"})):
            await ws.send(raw)
            assert (await _frame(ws))["op"] == "error"
        await ws.send(json.dumps({"op": "subscribe", "id": "u", "dataType": "unicorn"}))
        frame = await _frame(ws)
        assert frame["op"] == "error" and "dataType" in frame["message"]
