"""Two clients of one user, offline edits on both, then both catch up with the server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.schema import ListQuery

from .conftest import MakeClient
from .helpers import assert_healthy, assert_same, dump
from .proxy import FaultProxy
from .server_process import ServerProcess


@pytest.fixture
async def proxies(server: ServerProcess) -> AsyncIterator[tuple[FaultProxy, FaultProxy]]:
    a, b = FaultProxy(server.port), FaultProxy(server.port)
    await a.start()
    await b.start()
    yield a, b
    await a.close()
    await b.close()


async def test_offline_edits_on_both_sides_converge(
    server: ServerProcess, make_client: MakeClient, proxies: tuple[FaultProxy, FaultProxy]
) -> None:
    token = server.new_user()
    pa, pb = proxies
    a = await make_client("a", pa.url, token)
    b = await make_client("b", pb.url, token)

    shared = await a.create("contact", {"name": "Shared", "city": "Oslo"})
    doomed = await a.create("contact", {"name": "Doomed"})
    assert not shared["id"].startswith("local-")  # online: written through
    assert (await b.sync_now()).ok

    pa.go_offline()
    pb.go_offline()
    # A, offline: a new contact with children and a link, edits of shared and doomed
    x = await a.create("contact", {"name": "Xavier"})
    assert x["id"].startswith("local-")
    note = await a.create("note", {"parent_id": x["id"], "body": "met on the train"})
    rel = await a.create(
        "relationship", {"parent_id": x["id"], "target_id": shared["id"], "kind": "parent"}
    )
    await a.update("contact", x["id"], {"nickname": "Xavi"})  # folds into the queued create
    await a.update("contact", shared["id"], {"nickname": "Shary", "city": "Bergen"})
    await a.update("contact", doomed["id"], {"company": "Acme"})
    await a.create("conversation", {"parent_id": x["id"], "occurred_at": "2026-02-01"})
    status = a.status()
    assert status.state == "offline" and status.pending >= 5
    # B, offline: another field of shared, the same field (city), and deletes doomed
    await b.update("contact", shared["id"], {"company": "Fjord AS", "city": "Tromsø"})
    await b.delete("contact", doomed["id"])
    assert b.status().pending == 2

    pa.go_online()
    pb.go_online()
    summary_b = await b.sync_now()
    assert summary_b.ok, summary_b
    summary_a = await a.sync_now()
    assert summary_a.ok, summary_a
    assert (await b.sync_now()).ok

    remote = RemoteBackend(server.url, token, max_retries=0)
    try:
        on_server = await dump(remote)
    finally:
        await remote.close()
    in_a, in_b = await dump(a), await dump(b)
    assert_same(in_a, on_server)
    assert_same(in_b, on_server)
    assert_healthy(on_server)

    # ids remapped: the local ids are gone and their objects live on under server ids
    names = sorted(c["name"] for c in on_server["contact"].values())
    assert names == ["Shared", "Xavier"]  # no twins; doomed deleted (delete wins)
    (x_id,) = [i for i, c in on_server["contact"].items() if c["name"] == "Xavier"]
    assert on_server["contact"][x_id]["nickname"] == "Xavi"
    assert on_server["contact"][x_id]["last_contacted_at"] == "2026-02-01"
    (note_srv,) = on_server["note"].values()
    assert note_srv["parent_id"] == x_id and note_srv["body"] == note["body"]
    assert len(on_server["relationship"]) == 2  # the pair, not four
    assert rel["id"] not in on_server["relationship"]
    assert all(not r["parent_id"].startswith("local-") for r in on_server["relationship"].values())

    # different fields both survive; the same field keeps the server's (B's, first) value
    s = on_server["contact"][shared["id"]]
    assert (s["nickname"], s["company"], s["city"]) == ("Shary", "Fjord AS", "Tromsø")
    lost = [(e.kind, e.field, e.local_value) for e in a.conflicts()]
    assert ("same_field", "city", "Bergen") in lost
    assert ("deleted_remote", "company", "Acme") in lost  # the edit of doomed, logged
    assert b.conflicts() == []
    assert a.status().pending == 0 and b.status().pending == 0

    # an old local id still finds its object in this session
    assert (await a.get("contact", x["id"]))["id"] == x_id


async def test_a_refused_operation_does_not_block_the_queue(
    server: ServerProcess, make_client: MakeClient, proxies: tuple[FaultProxy, FaultProxy]
) -> None:
    token = server.new_user()
    pa, _ = proxies
    a = await make_client("a", pa.url, token)
    b = await make_client("b", server.url, token)
    c = await a.create("contact", {"name": "Carol"})
    await b.sync_now()

    pa.go_offline()
    await a.create("note", {"parent_id": c["id"], "body": "for a contact about to vanish"})
    later = await a.create("contact", {"name": "After the refused one"})
    await b.delete("contact", c["id"])  # the server now refuses A's note (400 parent_id)
    pa.go_online()

    summary = await a.sync_now()
    assert summary.pending == 0
    kinds = {e.kind for e in a.conflicts()}
    assert kinds & {"rejected", "deleted_remote"}
    page = await b.remote.list("contact", ListQuery(q="After"))
    assert [o["name"] for o in page.items] == [later["name"]]
    assert (await a.list("note")).items == []
    assert a.status().conflicts >= 1
