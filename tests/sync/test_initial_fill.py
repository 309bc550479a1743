"""The first pull into an empty cache fills tables without per-row triggers and builds
the search index and tag tables once: search and tag filters must work right after,
and the triggers must be back for every later write."""

from __future__ import annotations

from sqlalchemy import text

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.schema import ListQuery

from .conftest import MakeClient
from .server_process import ServerProcess


async def test_initial_sync_leaves_search_tags_and_triggers_working(
    server: ServerProcess, make_client: MakeClient
) -> None:
    token = server.new_user()
    remote = RemoteBackend(server.url, token)
    try:
        ann = await remote.create("contact", {"name": "Ånnika Zephyr", "tags": ["climbing"]})
        await remote.create("contact", {"name": "Bert Plain", "tags": ["chess", "wine"]})
        await remote.create("note", {"parent_id": ann["id"], "body": "loves marzipan"})
    finally:
        await remote.close()
    client = await make_client("fill", server.url, token, live=False, autostart=False)
    with client.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='trigger'"))
        triggers = before.scalar_one()
    summary = await client.sync_now()
    assert summary.ok and summary.pulled == 3
    with client.engine.connect() as conn:
        after = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='trigger'"))
        assert after.scalar_one() == triggers
    assert [c["name"] for c in await client.search("annika")] == ["Ånnika Zephyr"]
    tagged = await client.list("contact", ListQuery(filters={"tags": ["wine"]}))
    assert [c["name"] for c in tagged.items] == ["Bert Plain"]
    notes = await client.list("note", ListQuery(q="marzipan"))
    assert [n["body"] for n in notes.items] == ["loves marzipan"]
    # later writes go through the triggers again
    await client.create("contact", {"name": "Cleo Later", "tags": ["wine"]})
    assert [c["name"] for c in await client.search("cleo")] == ["Cleo Later"]
    tagged = await client.list("contact", ListQuery(filters={"tags": ["wine"]}, sort="name"))
    assert [c["name"] for c in tagged.items] == ["Bert Plain", "Cleo Later"]
