"""Cascades, tombstones with updated_since, archiving and the change stream."""

from __future__ import annotations

import asyncio

import pytest

from friendship_tui.schema import CHILD_TYPES, ListQuery
from friendship_tui.store.base import Backend, ChangeEvent
from friendship_tui.store.errors import NotFound

from .helpers import child, contact


async def test_deleting_a_contact_deletes_children_and_links(backend: Backend) -> None:
    doomed = await contact(backend, "Doomed")
    friend = await contact(backend, "Friend")
    kids = {t: await child(backend, t, doomed["id"]) for t in CHILD_TYPES}
    incoming = await backend.create(
        "relationship", {"parent_id": friend["id"], "target_id": doomed["id"], "kind": "friend"}
    )
    keep = await child(backend, "note", friend["id"])
    await backend.delete("contact", doomed["id"])

    with pytest.raises(NotFound):
        await backend.get("contact", doomed["id"])
    for type_, obj in kids.items():
        with pytest.raises(NotFound):
            await backend.get(type_, obj["id"])
    with pytest.raises(NotFound):
        await backend.get("relationship", incoming["id"])
    for type_ in CHILD_TYPES:
        page = await backend.list(type_, ListQuery(filters={"parent_id": [doomed["id"]]}))
        assert page.items == [], type_
    # the friend keeps its own things, minus the relationships to the doomed contact
    assert (await backend.get("note", keep["id"]))["id"] == keep["id"]
    rels = await backend.list("relationship", ListQuery(filters={"parent_id": [friend["id"]]}))
    assert all(r["target_id"] != doomed["id"] for r in rels.items)


async def test_tombstones_with_updated_since(backend: Backend) -> None:
    old = await contact(backend, "Old")
    marker = await contact(backend, "Marker")
    since = str(marker["updated_at"])
    c = await contact(backend, "Soon Gone")
    note = await child(backend, "note", c["id"])
    await backend.delete("contact", c["id"])

    plain = await backend.list("contact", ListQuery(updated_since=since, limit=200))
    assert old["id"] not in [o["id"] for o in plain.items]
    assert marker["id"] in [o["id"] for o in plain.items]
    assert all(not o.get("deleted") for o in plain.items)

    page = await backend.list(
        "contact", ListQuery(updated_since=since, include_deleted=True, limit=200)
    )
    tomb = [o for o in page.items if o["id"] == c["id"]]
    assert len(tomb) == 1 and tomb[0]["deleted"] is True
    assert tomb[0]["updated_at"] >= since
    notes = await backend.list(
        "note", ListQuery(updated_since=since, include_deleted=True, limit=200)
    )
    ntomb = [o for o in notes.items if o["id"] == note["id"]]
    assert len(ntomb) == 1 and ntomb[0]["deleted"] is True
    assert ntomb[0]["parent_id"] == c["id"]


async def test_updated_since_sees_updates(backend: Backend) -> None:
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    since = str(b["updated_at"])
    changed = await backend.update("contact", a["id"], {"city": "Paris"})
    assert changed["updated_at"] >= since
    page = await backend.list("contact", ListQuery(updated_since=since))
    assert a["id"] in [o["id"] for o in page.items]


async def test_archived_rows_leave_default_lists(backend: Backend) -> None:
    a = await contact(backend, "Archived")
    b = await contact(backend, "Active")
    archived = await backend.set_archived("contact", a["id"], True)
    assert archived["is_archived"] is True
    page = await backend.list("contact")
    assert [o["id"] for o in page.items] == [b["id"]]
    page = await backend.list("contact", ListQuery(filters={"is_archived": ["true"]}))
    assert [o["id"] for o in page.items] == [a["id"]]
    page = await backend.list("contact", ListQuery(filters={"is_archived": ["true", "false"]}))
    assert page.total == 2
    assert (await backend.get("contact", a["id"]))["is_archived"] is True
    restored = await backend.set_archived("contact", a["id"], False)
    assert restored["is_archived"] is False
    assert (await backend.list("contact")).total == 2


async def _collect(stream: object, n: int) -> list[ChangeEvent]:
    out: list[ChangeEvent] = []
    async for event in stream:  # type: ignore[attr-defined]
        out.append(event)
        if len(out) == n:
            break
    return out


async def test_change_stream_reports_writes_and_hooks(backend: Backend) -> None:
    if not backend.capabilities.live:
        pytest.skip("no live changes")
    stream = backend.changes()
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    await backend.create("conversation", {"parent_id": a["id"], "occurred_at": "2026-01-01"})
    await backend.create("relationship", {"parent_id": a["id"], "target_id": b["id"]})
    await backend.delete("contact", b["id"])
    events = await asyncio.wait_for(_collect(stream, 9), timeout=10)
    # order is guaranteed within a type; a live channel per type may interleave types
    by_type: dict[str, list[str]] = {}
    for e in events:
        by_type.setdefault(e.type, []).append(e.action)
    assert by_type == {
        "contact": ["create", "create", "update", "delete"],  # update: bump_last_contacted
        "conversation": ["create"],
        "relationship": ["create", "create", "delete", "delete"],  # the mirror both times
    }
    bump = next(e for e in events if e.type == "contact" and e.action == "update")
    assert bump.object["id"] == a["id"]
    assert bump.object["last_contacted_at"] == "2026-01-01"
    gone = [e for e in events if e.action == "delete"]
    assert {str(e.object["id"]) for e in gone if e.type == "contact"} == {b["id"]}
