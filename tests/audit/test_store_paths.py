"""Every write through the store leaves exactly one audit row per change, with the right
before/after values, in the same transaction: user writes, hook side effects,
cascades, bulk imports. Rolled-back writes leave none."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from contract.samples import patchable_probe, valid_object
from fake_clock import FakeClock
from sqlalchemy import Connection

from friendship_tui.schema import MODELS, format_timestamp
from friendship_tui.store import audit
from friendship_tui.store.audit import AuditQuery, acting_as, describe
from friendship_tui.store.base import ChangeEvent
from friendship_tui.store.errors import NotFound, ValidationError
from friendship_tui.store.local import LocalBackend, Store

from .helpers import audit_rows, brief


async def test_create_update_delete_one_row_each(
    store: Store, local: LocalBackend, clock: FakeClock
) -> None:
    ann = await local.create("contact", {"name": "Ann", "company": "Acme"})
    rows = audit_rows(store.engine)
    assert brief(rows) == [("contact", "create", "user", ann["id"])]
    assert rows[0]["changes"] == {"name": [None, "Ann"]}  # what names it; the rest is data
    assert rows[0]["owned_by"] == "me"
    assert rows[0]["at"] == ann["created_at"]

    clock.advance(minutes=5)
    updated = await local.update("contact", ann["id"], {"company": "Initech", "name": "Ann"})
    rows = audit_rows(store.engine)
    assert len(rows) == 2
    assert rows[1]["action"] == "update"
    assert rows[1]["changes"] == {"company": ["Acme", "Initech"]}  # name did not change
    assert rows[1]["at"] == updated["updated_at"]

    await local.update("contact", ann["id"], {"company": "Initech"})  # no change: no row
    assert len(audit_rows(store.engine)) == 2

    await local.delete("contact", ann["id"])
    rows = audit_rows(store.engine)
    assert brief(rows)[2] == ("contact", "delete", "user", ann["id"])
    assert rows[2]["changes"] == {"name": ["Ann", None], "company": ["Initech", None]}
    assert len(rows) == 3


@pytest.mark.parametrize("type_", list(MODELS))
async def test_every_model_is_audited(store: Store, local: LocalBackend, type_: str) -> None:
    model = MODELS[type_]
    refs: dict[str, str] = {}
    if model.parent:
        refs["parent_id"] = (await local.create("contact", {"name": "Parent"}))["id"]
    if model.has_field("target_id"):
        refs["target_id"] = (await local.create("contact", {"name": "Target"}))["id"]
    obj = await local.create(type_, valid_object(model, refs))
    field, value = patchable_probe(model)
    await local.update(type_, obj["id"], {field: value})
    await local.delete(type_, obj["id"])

    mine = [r for r in audit_rows(store.engine) if r["object_id"] == obj["id"]]
    assert [r["action"] for r in mine] == ["create", "update", "delete"]
    assert mine[1]["changes"] == {field: [obj[field], value]}
    assert all(r["type"] == type_ for r in mine)
    if model.parent:
        assert {r["parent_id"] for r in mine} == {refs["parent_id"]}


async def test_bump_hook_is_its_own_row(store: Store, local: LocalBackend) -> None:
    ann = await local.create("contact", {"name": "Ann", "last_contacted_at": "2026-01-01"})
    conv = await local.create(
        "conversation", {"parent_id": ann["id"], "channel": "call", "occurred_at": "2026-03-01"}
    )
    rows = audit_rows(store.engine)[1:]
    assert brief(rows) == [
        ("conversation", "create", "user", conv["id"]),
        ("contact", "update", "hook", ann["id"]),
    ]
    assert rows[1]["changes"] == {"last_contacted_at": ["2026-01-01", "2026-03-01"]}
    # an older conversation does not move it back: no contact row at all
    await local.create(
        "conversation", {"parent_id": ann["id"], "channel": "sms", "occurred_at": "2025-01-01"}
    )
    assert [r["type"] for r in audit_rows(store.engine)[3:]] == ["conversation"]


async def test_mirror_relationship_rows(store: Store, local: LocalBackend) -> None:
    a = await local.create("contact", {"name": "A"})
    b = await local.create("contact", {"name": "B"})
    rel = await local.create(
        "relationship", {"parent_id": a["id"], "target_id": b["id"], "kind": "manager"}
    )
    rows = audit_rows(store.engine)[2:]
    assert [(r["action"], r["origin"], r["parent_id"]) for r in rows] == [
        ("create", "user", a["id"]),
        ("create", "hook", b["id"]),
    ]
    assert rows[1]["changes"]["kind"] == [None, "report"]
    mirror_id = rows[1]["object_id"]

    await local.update("relationship", rel["id"], {"kind": "mentor", "label": "Boss"})
    rows = audit_rows(store.engine)[4:]
    assert [(r["object_id"], r["origin"]) for r in rows] == [
        (rel["id"], "user"),
        (mirror_id, "hook"),
    ]
    assert rows[0]["changes"] == {"kind": ["manager", "mentor"], "label": [None, "Boss"]}
    assert rows[1]["changes"] == {"kind": ["report", "mentee"], "label": [None, "Boss"]}

    await local.delete("relationship", mirror_id)
    rows = audit_rows(store.engine)[6:]
    assert sorted((r["object_id"], r["action"]) for r in rows) == sorted(
        [(rel["id"], "delete"), (mirror_id, "delete")]
    )


async def test_cascade_rows_for_every_child(store: Store, local: LocalBackend) -> None:
    a = await local.create("contact", {"name": "A"})
    b = await local.create("contact", {"name": "B"})
    note = await local.create("note", {"parent_id": a["id"], "body": "hi"})
    pet = await local.create("pet", {"parent_id": a["id"], "name": "Rex"})
    rel = await local.create("relationship", {"parent_id": b["id"], "target_id": a["id"]})
    start = len(audit_rows(store.engine))
    await local.delete("contact", a["id"])
    rows = audit_rows(store.engine)[start:]
    deleted = {r["object_id"]: r for r in rows}
    assert len(rows) == len(deleted) == 5  # note, pet, both relationship halves, contact
    assert {note["id"], pet["id"], rel["id"], a["id"]} <= deleted.keys()
    assert all(r["action"] == "delete" for r in rows)
    assert deleted[note["id"]]["origin"] == "cascade"
    assert deleted[note["id"]]["changes"]["body"] == ["hi", None]
    assert deleted[a["id"]]["origin"] == "user"


async def test_archive_is_an_update_row(store: Store, local: LocalBackend) -> None:
    a = await local.create("contact", {"name": "A"})
    await local.set_archived("contact", a["id"], True)
    await local.set_archived("contact", a["id"], True)  # already: nothing
    await local.set_archived("contact", a["id"], False)
    rows = audit_rows(store.engine)[1:]
    assert [r["changes"] for r in rows] == [
        {"is_archived": [False, True]},
        {"is_archived": [True, False]},
    ]


async def test_long_text_is_cut_in_the_log_only(store: Store, local: LocalBackend) -> None:
    a = await local.create("contact", {"name": "A"})
    body = "x" * 5000
    note = await local.create("note", {"parent_id": a["id"], "body": body})
    logged = audit_rows(store.engine)[-1]["changes"]["body"][1]
    assert logged.startswith("x" * audit.MAX_TEXT)
    assert len(logged) < 600 and "+4500 chars" in logged
    assert (await local.get("note", note["id"]))["body"] == body


async def test_rolled_back_writes_leave_no_rows(store: Store, local: LocalBackend) -> None:
    a = await local.create("contact", {"name": "A"})
    before = audit_rows(store.engine)
    with pytest.raises(ValidationError):
        await local.create("contact", {"name": "B", "gender": "robot"})
    with pytest.raises(ValidationError):
        await local.update("contact", a["id"], {"email": "x" * 400})
    with pytest.raises(NotFound):
        await local.delete("note", "nope")

    def explode(conn: Connection, event: ChangeEvent) -> None:
        if event.origin == "hook":
            raise RuntimeError("forced failure after the user's row was written")

    store.tx_listeners.append(explode)
    with pytest.raises(RuntimeError):
        await local.create("conversation", {"parent_id": a["id"], "channel": "call"})
    store.tx_listeners.remove(explode)
    assert audit_rows(store.engine) == before
    assert (await local.list("conversation")).total == 0


def _import_rows(n: int) -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        rows.append(
            ("contact", {"id": f"c{i}", "name": f"P{i}", "last_contacted_at": "2025-01-01"})
        )
        rows.append(("conversation", {"parent_id": f"c{i}", "occurred_at": "2026-02-01"}))
    rows.append(("relationship", {"parent_id": "c0", "target_id": "c1", "kind": "parent"}))
    return rows


@pytest.mark.parametrize("emit_events", [False, True])
def test_bulk_import_rows(store: Store, emit_events: bool) -> None:
    result = store.import_rows("me", _import_rows(5), keep_ids=True, chunk_size=3,
                               emit_events=emit_events)  # fmt: skip
    rows = audit_rows(store.engine)
    creates = [r for r in rows if r["action"] == "create"]
    assert len(creates) == result.total == 5 + 5 + 2  # incl. the mirror
    assert sum(1 for r in creates if r["origin"] == "hook") == 1  # the mirror
    bumps = [r for r in rows if r["action"] == "update"]
    assert sorted(r["object_id"] for r in bumps) == [f"c{i}" for i in range(5)]
    assert {r["origin"] for r in bumps} == {"hook"}
    assert all(r["changes"] == {"last_contacted_at": ["2025-01-01", "2026-02-01"]} for r in bumps)
    assert len(rows) == len(creates) + len(bumps)


def test_failed_bulk_import_leaves_no_rows(store: Store) -> None:
    rows = _import_rows(20)
    rows.append(("contact", {"name": "Bad", "gender": "robot"}))
    with pytest.raises(ValidationError):
        store.import_rows("me", rows, keep_ids=True, chunk_size=4)
    assert audit_rows(store.engine) == []
    assert store.list("me", "contact").total == 0


async def test_actor_comes_from_the_context(store: Store, local: LocalBackend) -> None:
    with acting_as("phone"):
        await local.create("contact", {"name": "From the phone"})
    await local.create("contact", {"name": "From here"})
    assert [r["actor"] for r in audit_rows(store.engine)] == ["phone", None]


async def test_read_api_filters_pages_and_scopes(store: Store, clock: FakeClock) -> None:
    me, other = store.backend("me"), store.backend("other")
    a = await me.create("contact", {"name": "A", "company": "Acme"})
    note = await me.create("note", {"parent_id": a["id"], "body": "n"})
    b = await me.create("contact", {"name": "B"})
    clock.advance(hours=1)
    since = format_timestamp(clock.now)
    await me.update("contact", a["id"], {"company": "Initech"})
    await other.create("contact", {"name": "Theirs"})

    page = await me.audit()
    assert page.total == 4
    assert [e["object_id"] for e in page.items] == [a["id"], b["id"], note["id"], a["id"]]
    assert {e["owned_by"] for e in page.items} == {"me"}

    history = await me.audit(AuditQuery(contact_id=a["id"]))
    assert [describe(e) for e in history.items] == [
        "changed company from Acme to Initech",
        "created note “n”",
        "created contact “A”",
    ]
    assert (await me.audit(AuditQuery(object_id=a["id"]))).total == 2
    assert [e["id"] for e in (await me.audit(AuditQuery(parent_id=a["id"]))).items] == [
        e["id"] for e in history.items if e["object_id"] == note["id"]
    ]
    assert (await me.audit(AuditQuery(type="note"))).total == 1
    assert (await me.audit(AuditQuery(since=since))).total == 1

    first = await me.audit(AuditQuery(limit=3))
    second = await me.audit(AuditQuery(limit=3, offset=3))
    assert len(first.items) == 3 and len(second.items) == 1
    assert [e["id"] for e in first.items + second.items] == [e["id"] for e in page.items]

    assert (await other.audit()).total == 1
    assert (await other.audit(AuditQuery(contact_id=a["id"]))).total == 0

    with pytest.raises(ValidationError) as err:
        await me.audit(AuditQuery(type="gadget", since="yesterday", limit=0))
    assert set(err.value.fields) == {"type", "since", "limit"}


async def test_retention_prunes_old_rows(tmp_path: Any, clock: FakeClock) -> None:
    store = Store.open(tmp_path / "kept.db", clock=clock)
    try:
        local = store.backend()
        await local.create("contact", {"name": "Old"})
        clock.advance(days=40)
        await local.create("contact", {"name": "New"})
        assert len(audit_rows(store.engine)) == 2  # default: keep everything
        with store.engine.begin() as conn:
            removed = audit.prune(conn, clock.now - timedelta(days=30))
        assert removed == 1
        assert [r["changes"]["name"][1] for r in audit_rows(store.engine)] == ["New"]

        store.audit_log.retention = timedelta(days=10)
        clock.advance(days=11)
        await local.create("contact", {"name": "Newest"})  # the write prunes as it goes
        assert [r["changes"]["name"][1] for r in audit_rows(store.engine)] == ["Newest"]
    finally:
        store.close()


def test_describe_reads_like_a_sentence() -> None:
    def entry(action: str, changes: dict[str, Any], type_: str = "contact") -> dict[str, Any]:
        return {
            "type": type_,
            "action": action,
            "origin": "user",
            "changes": {k: {"old": o, "new": n} for k, (o, n) in changes.items()},
        }

    assert describe(entry("update", {"company": ("Acme", "Initech")})) == (
        "changed company from Acme to Initech"
    )
    assert describe(entry("update", {"job_title": (None, "CTO"), "email": ("a@b.c", None)})) == (
        "set job title to CTO; cleared email (was a@b.c)"
    )
    assert describe(entry("update", {"is_archived": (False, True)})) == "archived the contact"
    assert describe(entry("create", {"title": (None, "Book")}, "gift")) == "created gift “Book”"
    assert describe(entry("delete", {"body": ("Hello", None)}, "note")) == "deleted note “Hello”"
    assert describe(entry("update", {"pinned": (False, True)}, "note")) == (
        "note: changed pinned from no to yes"
    )
