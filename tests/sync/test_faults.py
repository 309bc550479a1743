"""Faults: the server dies mid-push, a response is lost after the commit, the client is
SIGKILLed with a full outbox. Nothing may be lost and nothing duplicated."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from store_files import fresh_db
from waiting import wait_until_async

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import iter_all

from .conftest import MakeClient, open_client
from .helpers import assert_healthy, assert_same, dump
from .proxy import FaultProxy
from .server_process import ServerProcess, free_port

BOTH = {"is_archived": ["true", "false"]}


async def _server_names(url: str, token: str, type_: str = "contact") -> list[str]:
    remote = RemoteBackend(url, token, max_retries=3)
    try:
        field = "name" if type_ == "contact" else "body"
        names = [
            str(o[field]) async for o in iter_all(remote, type_, ListQuery(filters=dict(BOTH)))
        ]
        return sorted(names)
    finally:
        await remote.close()


async def test_server_stopped_in_the_middle_of_a_push(
    own_server: ServerProcess, make_client: MakeClient
) -> None:
    token = own_server.new_user()
    proxy = await FaultProxy(own_server.port).start()
    try:
        client = await make_client("c", proxy.url, token, live=False)
        proxy.go_offline()
        await client.create("contact", {"name": "first"})  # learns it is offline
        for i in range(60):
            await client.create("contact", {"name": f"n{i:03d}"})
        proxy.go_online()
        pending = client.status().pending
        proxy.hold_writes_after(pending // 2)  # the push stops at an exact point
        push = asyncio.create_task(client.sync_now())
        await asyncio.wait_for(proxy.held(), 60)
        own_server.kill()
        proxy.release()
        first = await push
        assert first.error is not None  # the push stopped part-way
        assert 0 < client.status().pending < pending

        own_server.start()  # same port, same database
        second = await client.sync_now()
        assert second.ok, second
    finally:
        await proxy.close()
    names = await _server_names(own_server.url, token)
    assert names == sorted(["first", *(f"n{i:03d}" for i in range(60))])
    remote = RemoteBackend(own_server.url, token)
    try:
        assert_same(await dump(client), await dump(remote))
    finally:
        await remote.close()


@pytest.mark.parametrize("idempotency", [True, False], ids=["idempotency-key", "content-match"])
async def test_response_lost_after_the_server_committed(
    server: ServerProcess, make_client: MakeClient, idempotency: bool
) -> None:
    token = server.new_user()
    proxy = await FaultProxy(server.port).start()
    try:
        # no background pusher: only the test's own sync rounds may meet the dropped
        # response, or a retry could race them and take it first
        client = await make_client(
            "c", proxy.url, token, live=False, use_idempotency_keys=idempotency, autostart=False
        )
        contact = await client.create("contact", {"name": "Lost Response"})
        proxy.go_offline()
        note = await client.create("note", {"parent_id": contact["id"], "body": "only once"})
        await client.update("contact", contact["id"], {"nickname": "LR"})
        proxy.go_online()
        proxy.drop_next_post_response()
        first = await client.sync_now()
        assert proxy.dropped == 1
        assert first.error is not None and client.status().pending == 2
        # edited while the create's fate is unknown: the create, maybe applied by the
        # server already, must be repeated exactly; the edit follows it
        await client.update("note", note["id"], {"body": "only once, edited"})
        assert client.status().pending == 3
        second = await client.sync_now()
        assert second.ok, second
    finally:
        await proxy.close()
    assert await _server_names(server.url, token, "note") == ["only once, edited"]
    notes = (await client.list("note")).items
    assert [n["body"] for n in notes] == ["only once, edited"]
    assert not notes[0]["id"].startswith("local-")
    remote = RemoteBackend(server.url, token)
    try:
        assert_same(await dump(client), await dump(remote))
    finally:
        await remote.close()


CHILD = textwrap.dedent(
    """
    import asyncio, sys
    sys.path[:0] = [{root!r}, {root!r} + "/tests"]  # as pytest sets it: the shared helpers
    from sync.conftest import open_client

    async def main():
        url = sys.argv[2]
        client = open_client(sys.argv[1], url, sys.argv[3], live=False)
        if sys.argv[4] == "fill":
            for i in range(30):
                c = await client.create("contact", {{"name": f"k{{i:02d}}"}})
                await client.create("note", {{"parent_id": c["id"], "body": f"note{{i:02d}}"}})
                await client.update("contact", c["id"], {{"nickname": f"nick{{i:02d}}"}})
            print("filled", client.status().pending, flush=True)
        else:
            print("pushing", flush=True)
            await client.sync_now()
            print("done", flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
    """
)


def _child(root: Path, script: Path, args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
    )


async def test_client_sigkilled_with_a_full_outbox_then_mid_push(
    server: ServerProcess, tmp_path: Path
) -> None:
    root = Path(__file__).resolve().parents[2]
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(root)))
    # made here: the child is killed, so a template it made for itself would stay in /tmp
    cache = fresh_db(tmp_path / "killed.db")
    token = server.new_user()
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens: offline

    # 1. fill the outbox offline, then SIGKILL
    proc = _child(root, script, [str(cache), closed, token, "fill"])
    assert proc.stdout is not None
    line = await asyncio.to_thread(proc.stdout.readline)
    assert line.startswith("filled"), line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    # 2. restart against the server and SIGKILL again in the middle of the push
    proc = _child(root, script, [str(cache), server.url, token, "push"])
    assert proc.stdout is not None
    assert (await asyncio.to_thread(proc.stdout.readline)).startswith("pushing")

    async def ten_arrived() -> bool:
        return len(await _server_names(server.url, token)) >= 10

    await wait_until_async(ten_arrived, "ten contacts on the server", timeout=100)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(await _server_names(server.url, token))
    assert partial >= 10

    # 3. restart once more: everything arrives exactly once
    client = open_client(cache, server.url, token, live=False)
    try:
        summary = await client.sync_now()
        assert summary.ok, summary
        assert await _server_names(server.url, token) == [f"k{i:02d}" for i in range(30)]
        assert await _server_names(server.url, token, "note") == [f"note{i:02d}" for i in range(30)]
        remote = RemoteBackend(server.url, token)
        try:
            on_server = await dump(remote)
        finally:
            await remote.close()
        assert_same(await dump(client), on_server)
        assert_healthy(on_server)
        assert {c["nickname"] for c in on_server["contact"].values()} == {
            f"nick{i:02d}" for i in range(30)
        }
    finally:
        await client.close()
