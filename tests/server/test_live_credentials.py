"""The live channel lives only as long as its credentials, and each token's share of it
is capped. The real ``friendship serve`` in its own process, on SQLite and PostgreSQL;
revokes and deletes made by the real CLI in other processes."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from postgres_cluster import fresh_database
from waiting import wait_until_async
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from .serve_cli import Served, cli, new_user, serve

TIMEOUT = 15.0
CLOSE_BAD_TOKEN = 4401
CLOSE_TOO_MANY = 4429


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "server.db")
    return fresh_database()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "server.db")


@pytest.fixture
def server(db: str, tmp_path: Path) -> Iterator[tuple[str, Served]]:
    new_user(db, "carol")  # the server tables exist before the server starts
    with serve(db, tmp_path / "serve.log") as served:
        yield db, served


async def _open(served: Served, token: str) -> ClientConnection:
    return await connect(f"{served.ws_url}/xapi2/ch?token={token}", proxy=None)


async def _frame(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
    return frame


async def _subscribe(
    ws: ClientConnection, sub_id: str, data_type: str = "contact"
) -> dict[str, Any]:
    await ws.send(json.dumps({"op": "subscribe", "id": sub_id, "dataType": data_type}))
    return await _frame(ws)


async def _closed_with(ws: ClientConnection) -> tuple[int | None, list[dict[str, Any]]]:
    """Read until the server closes the socket: (close code, frames seen meanwhile)."""
    frames: list[dict[str, Any]] = []
    try:
        while True:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT)))
    except ConnectionClosed as exc:
        return (exc.rcvd.code if exc.rcvd is not None else None), frames


async def _post(served: Served, token: str, name: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=served.url, timeout=TIMEOUT) as http:
        return await http.post(
            "/xapi2/data/contact",
            json={"name": name},
            headers={"Authorization": f"Bearer {token}"},
        )


async def test_a_revoked_token_s_socket_is_closed_at_once(server: tuple[str, Served]) -> None:
    db, served = server
    secret, token_id = await asyncio.to_thread(new_user, db, "carol2")
    async with await _open(served, secret) as ws:
        assert (await _subscribe(ws, "s1"))["op"] == "subscribed"
        assert (await _post(served, secret, "before")).status_code == 201
        assert (await _frame(ws))["object"]["name"] == "before"
        await asyncio.to_thread(cli, db, "token", "revoke", token_id)
        revoked_at = time.monotonic()
        code, frames = await _closed_with(ws)
        took = time.monotonic() - revoked_at
    assert code == CLOSE_BAD_TOKEN
    assert frames == []
    assert took < 2.0, f"closed {took:.2f}s after the revoke"  # ~0.25 s when idle
    assert (await _post(served, secret, "after")).status_code == 401


async def test_a_deleted_user_s_socket_is_closed(sqlite_db: str, tmp_path: Path) -> None:
    secret, _ = new_user(sqlite_db, "dave")
    with serve(sqlite_db, tmp_path / "serve.log") as served:
        async with await _open(served, secret) as ws:
            assert (await _subscribe(ws, "s1"))["op"] == "subscribed"
            await asyncio.to_thread(cli, sqlite_db, "user", "delete", "dave", "--yes")
            code, _ = await _closed_with(ws)
            assert code == CLOSE_BAD_TOKEN
            with pytest.raises(ConnectionClosed):  # no new subscriptions on it
                await _subscribe(ws, "s2")


async def test_a_reused_name_never_reaches_the_old_account_s_socket(
    sqlite_db: str, tmp_path: Path
) -> None:
    old_secret, _ = new_user(sqlite_db, "erin")
    with serve(sqlite_db, tmp_path / "serve.log") as served:
        async with await _open(served, old_secret) as old_ws:
            assert (await _subscribe(old_ws, "s1"))["op"] == "subscribed"
            await asyncio.to_thread(cli, sqlite_db, "user", "delete", "erin", "--yes")
            new_secret, _ = await asyncio.to_thread(new_user, sqlite_db, "erin")
            async with await _open(served, new_secret) as new_ws:
                assert (await _subscribe(new_ws, "n1"))["op"] == "subscribed"
                made = await _post(served, new_secret, "new erin's friend")
                assert made.status_code == 201
                assert (await _frame(new_ws))["object"]["id"] == made.json()["id"]
            code, frames = await _closed_with(old_ws)
    assert code == CLOSE_BAD_TOKEN
    assert [f for f in frames if f.get("op") == "event"] == []


async def test_sockets_and_subscriptions_per_token_are_capped(
    sqlite_db: str, tmp_path: Path
) -> None:
    secret, _ = new_user(sqlite_db, "fay")
    other, _ = new_user(sqlite_db, "gus")
    flags = ("--max-sockets", "2", "--max-subscriptions", "3")
    with serve(sqlite_db, tmp_path / "serve.log", *flags) as served:
        async with await _open(served, secret) as a, await _open(served, secret) as b:
            # A third socket for the same token: an error frame naming the cap, then closed.
            async with await _open(served, secret) as c:
                code, frames = await _closed_with(c)
            assert code == CLOSE_TOO_MANY
            assert frames[0]["op"] == "error" and frames[0]["limit"] == "max_sockets"
            assert "at most 2" in frames[0]["message"]
            # Another token is not affected by this one's count.
            async with await _open(served, other) as d:
                assert (await _subscribe(d, "x"))["op"] == "subscribed"
            # Subscriptions count over all the token's sockets.
            assert (await _subscribe(a, "s1"))["op"] == "subscribed"
            assert (await _subscribe(a, "s2", "note"))["op"] == "subscribed"
            assert (await _subscribe(b, "s3", "activity"))["op"] == "subscribed"
            refused = await _subscribe(b, "s4", "reminder")
            assert refused["op"] == "error" and refused["limit"] == "max_subscriptions"
            assert "at most 3" in refused["message"] and refused["id"] == "s4"
            # Re-subscribing an id it already holds is not a new subscription.
            assert (await _subscribe(a, "s1"))["op"] == "subscribed"
            # A closed socket gives its room back (once the server has seen it go).
            await b.close()

            async def room_back() -> bool:
                return (await _subscribe(a, "s5", "reminder"))["op"] == "subscribed"

            await wait_until_async(room_back, "the closed socket's room", timeout=TIMEOUT)
