"""The sync cache: local writes are audited like any local write (their history follows
the server id), and what a pull brings in is audited once, as actor "sync". The very
first fill of an empty cache is a copy of the server (whose log has that history), so
it leaves no rows (the sync engine's choice, ``Puller._apply_page``): the tests seed
the server first, so that every type they touch has been filled once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from server_sandbox import Sandbox

from friendship_tui.remote import RemoteBackend
from friendship_tui.store.audit import SYNC_ACTOR, contact_history, describe
from friendship_tui.store.local import Store
from friendship_tui.sync.backend import SyncBackend

from .helpers import audit_rows, brief


@pytest.fixture
async def user(sandbox: Sandbox) -> AsyncIterator[tuple[str, RemoteBackend]]:
    """A fresh user and a plain remote client of theirs (the "other device")."""
    name = f"sam-{uuid.uuid4().hex[:10]}"
    token = sandbox.token(name, name="other-device")
    remote = RemoteBackend(sandbox.url, token)
    yield name, remote
    await remote.close()


def _client(sandbox: Sandbox, cache: Path, user: str) -> SyncBackend:
    remote = RemoteBackend(sandbox.url, sandbox.token(user, name="sync-client"), max_retries=0)
    return SyncBackend(Store.open(cache), remote, owns_store=True, live=False, autostart=False)


async def test_local_writes_and_pulled_changes(
    sandbox: Sandbox, user: tuple[str, RemoteBackend], tmp_path: Path
) -> None:
    name, other = user
    seed = await other.create("contact", {"name": "Seed"})
    await other.create("note", {"parent_id": seed["id"], "body": "seed"})
    client = _client(sandbox, tmp_path / "cache.db", name)
    try:
        await client.sync_now()  # the first fill is a copy (no history); later pulls are news
        assert audit_rows(client.store.engine) == []
        ann = await client.create("contact", {"name": "Ann", "company": "Acme"})
        assert not str(ann["id"]).startswith("local-")  # written through: the server id
        rows = audit_rows(client.store.engine)
        assert brief(rows) == [("contact", "create", "user", ann["id"])]  # remapped

        await other.update("contact", ann["id"], {"company": "Initech"})
        note = await other.create("note", {"parent_id": ann["id"], "body": "from the phone"})
        await client.sync_now()
        pulled = audit_rows(client.store.engine)[1:]
        assert sorted(brief(pulled)) == [
            ("contact", "update", "user", ann["id"]),
            ("note", "create", "user", note["id"]),
        ]
        assert {r["actor"] for r in pulled} == {SYNC_ACTOR}
        update = next(r for r in pulled if r["action"] == "update")
        assert update["changes"] == {"company": ["Acme", "Initech"]}

        await client.sync_now()  # nothing new on the server: nothing new in the log
        assert len(audit_rows(client.store.engine)) == 3

        await other.delete("note", note["id"])
        await client.sync_now()
        last = audit_rows(client.store.engine)[-1]
        assert (last["type"], last["action"], last["object_id"], last["actor"]) == (
            "note", "delete", note["id"], SYNC_ACTOR,
        )  # fmt: skip
        assert last["changes"]["body"] == ["from the phone", None]
        assert len(audit_rows(client.store.engine)) == 4

        texts = [describe(e) for e in await contact_history(client, ann["id"])]
        assert texts[0] == "deleted note “from the phone”"
        assert sorted(texts[1:3]) == [
            "changed company from Acme to Initech",
            "created note “from the phone”",
        ]
        assert texts[3:] == ["created contact “Ann”"]
    finally:
        await client.close()


async def test_first_fill_is_a_copy_then_changes_are_audited_once(
    sandbox: Sandbox, user: tuple[str, RemoteBackend], tmp_path: Path
) -> None:
    name, other = user
    a = await other.create("contact", {"name": "A"})
    b = await other.create("contact", {"name": "B"})
    await other.create("relationship", {"parent_id": a["id"], "target_id": b["id"]})
    await other.create("note", {"parent_id": b["id"], "body": "n"})
    client = _client(sandbox, tmp_path / "fresh.db", name)
    try:
        await client.sync_now()
        assert (await client.list("contact")).total == 2
        assert audit_rows(client.store.engine) == []  # the server keeps that history
        await client.sync_now()
        assert audit_rows(client.store.engine) == []  # nothing changed: nothing logged

        await other.update("contact", b["id"], {"city": "Oslo"})
        note = await other.create("note", {"parent_id": a["id"], "body": "second"})
        await client.sync_now()
        rows = audit_rows(client.store.engine)
        assert sorted(brief(rows)) == [
            ("contact", "update", "user", b["id"]),
            ("note", "create", "user", note["id"]),
        ]
        assert {r["actor"] for r in rows} == {SYNC_ACTOR}
        assert next(r for r in rows if r["type"] == "contact")["changes"] == {
            "city": [None, "Oslo"]
        }
        await client.sync_now()
        assert len(audit_rows(client.store.engine)) == 2
    finally:
        await client.close()


async def test_offline_create_keeps_its_history_through_the_remap(
    sandbox: Sandbox, user: tuple[str, RemoteBackend], tmp_path: Path
) -> None:
    name, _ = user
    remote = RemoteBackend(sandbox.url, sandbox.token(name), max_retries=0)
    client = SyncBackend(
        Store.open(tmp_path / "offline.db"),
        remote,
        owns_store=True,
        live=False,
        autostart=False,
        write_through=False,
    )
    try:
        made = await client.create("contact", {"name": "Offline Olga"})
        local_id = str(made["id"])
        assert local_id.startswith("local-")
        await client.update("contact", local_id, {"company": "Acme"})
        await client.sync_now()
        server_id = client.cache.remapped[local_id]
        rows = audit_rows(client.store.engine)
        assert [(r["object_id"], r["action"]) for r in rows] == [
            (server_id, "create"),
            (server_id, "update"),
        ]
    finally:
        await client.close()
