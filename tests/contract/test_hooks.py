"""The documented hooks: bump_last_contacted and pair_relationship."""

from __future__ import annotations

import pytest

from friendship_tui.schema import ListQuery, parse_timestamp
from friendship_tui.store.base import Backend
from friendship_tui.store.errors import NotFound

from .helpers import contact


async def _conversation(backend: Backend, cid: str, occurred_at: str | None = None) -> None:
    body: dict[str, object] = {"parent_id": cid, "channel": "call"}
    if occurred_at is not None:
        body["occurred_at"] = occurred_at
    await backend.create("conversation", body)


async def _last(backend: Backend, cid: str) -> str | None:
    value = (await backend.get("contact", cid))["last_contacted_at"]
    return None if value is None else str(value)


async def test_conversation_bumps_last_contacted(backend: Backend) -> None:
    c = await contact(backend)
    assert c["last_contacted_at"] is None
    await _conversation(backend, c["id"], "2026-03-10T09:00:00Z")
    assert await _last(backend, c["id"]) == "2026-03-10T09:00:00Z"


async def test_bump_never_moves_backwards(backend: Backend) -> None:
    c = await contact(backend)
    await _conversation(backend, c["id"], "2026-03-10T09:00:00Z")
    await _conversation(backend, c["id"], "2025-12-24")
    assert await _last(backend, c["id"]) == "2026-03-10T09:00:00Z"
    await _conversation(backend, c["id"], "2026-04-01")
    assert await _last(backend, c["id"]) == "2026-04-01"


async def test_bump_respects_an_explicit_later_value(backend: Backend) -> None:
    c = await contact(backend, last_contacted_at="2030-01-01")
    await _conversation(backend, c["id"], "2026-03-10")
    assert await _last(backend, c["id"]) == "2030-01-01"


async def test_conversation_without_time_bumps_to_now(backend: Backend) -> None:
    c = await contact(backend, last_contacted_at="2001-01-01")
    made = await backend.create("conversation", {"parent_id": c["id"], "channel": "sms"})
    last = await _last(backend, c["id"])
    assert last is not None and last != "2001-01-01"
    bumped, created = parse_timestamp(last), parse_timestamp(str(made["created_at"]))
    assert bumped is not None and created is not None
    assert abs((bumped - created).total_seconds()) < 3600  # "now", in the server's clock


async def test_bump_moves_the_contact_into_stay_in_touch_order(backend: Backend) -> None:
    c = await contact(backend, stay_in_touch_frequency="weekly")
    await _conversation(backend, c["id"], "2026-03-10")
    page = await backend.list("contact", ListQuery(sort="-last_contacted_at"))
    assert page.items[0]["id"] == c["id"]


async def _rels_of(backend: Backend, cid: str) -> list[dict[str, object]]:
    page = await backend.list("relationship", ListQuery(filters={"parent_id": [cid]}))
    return page.items


@pytest.mark.parametrize(
    ("kind", "inverse"),
    [
        ("parent", "child"),
        ("child", "parent"),
        ("manager", "report"),
        ("report", "manager"),
        ("mentor", "mentee"),
        ("mentee", "mentor"),
        ("friend", "friend"),
        ("spouse", "spouse"),
        ("sibling", "sibling"),
    ],
)
async def test_relationship_is_mirrored_with_inverse_kind(
    backend: Backend, kind: str, inverse: str
) -> None:
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    rel = await backend.create(
        "relationship",
        {"parent_id": a["id"], "target_id": b["id"], "kind": kind, "label": "L", "since": "2010"},
    )
    assert rel["kind"] == kind
    mirrors = await _rels_of(backend, b["id"])
    assert len(mirrors) == 1
    m = mirrors[0]
    assert (m["target_id"], m["kind"], m["label"], m["since"]) == (a["id"], inverse, "L", "2010")
    assert [r["id"] for r in await _rels_of(backend, a["id"])] == [rel["id"]]  # no re-mirror
    total = await backend.list("relationship")
    assert total.total == 2


@pytest.mark.parametrize("which", ["original", "mirror"])
async def test_deleting_either_half_deletes_both(backend: Backend, which: str) -> None:
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    rel = await backend.create(
        "relationship", {"parent_id": a["id"], "target_id": b["id"], "kind": "mentor"}
    )
    mirror = (await _rels_of(backend, b["id"]))[0]
    victim = rel if which == "original" else mirror
    await backend.delete("relationship", str(victim["id"]))
    for r in (rel, mirror):
        with pytest.raises(NotFound):
            await backend.get("relationship", str(r["id"]))
    assert (await backend.list("relationship")).total == 0
    assert (await backend.get("contact", a["id"]))["name"] == "A"


async def test_relationship_update_reaches_the_mirror(backend: Backend) -> None:
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    rel = await backend.create(
        "relationship", {"parent_id": a["id"], "target_id": b["id"], "kind": "friend"}
    )
    await backend.update(
        "relationship", rel["id"], {"kind": "manager", "label": "boss", "notes": "n"}
    )
    m = (await _rels_of(backend, b["id"]))[0]
    assert (m["kind"], m["label"], m["notes"]) == ("report", "boss", "n")
