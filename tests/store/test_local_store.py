"""Store-level behaviour beyond the contract: clock, ids, owners, listeners, derived columns."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from fake_clock import FakeClock
from sqlalchemy import Connection, select, text

from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend, ChangeEvent
from friendship_tui.store.errors import ValidationError
from friendship_tui.store.local import LocalBackend, Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL (tests/store/conftest.py)."""
    return any_store


def test_local_backend_satisfies_the_protocol(local: LocalBackend) -> None:
    """Every member of the protocol, with its parameters, is there (a runtime Protocol's
    isinstance checks only that the names exist)."""
    members = [n for n in vars(Backend) if not n.startswith("_")]
    assert "list" in members and "agenda" in members
    for name in members:
        want, have = getattr(Backend, name), getattr(type(local), name, None)
        assert have is not None, name
        if callable(want):
            assert callable(have), name
            assert inspect.iscoroutinefunction(have) == inspect.iscoroutinefunction(want), name
            params = [(p.name, p.kind) for p in inspect.signature(want).parameters.values()]
            got = [(p.name, p.kind) for p in inspect.signature(have).parameters.values()]
            assert got == params, name
    assert local.mode == "local"


async def test_timestamps_come_from_the_injected_clock(
    local: LocalBackend, clock: FakeClock
) -> None:
    made = await local.create("contact", {"name": "Clocked"})
    assert made["created_at"] == "2026-03-15T09:30:00.000000Z"
    clock.advance(days=1)
    changed = await local.update("contact", made["id"], {"city": "Oslo"})
    assert changed["created_at"] == "2026-03-15T09:30:00.000000Z"
    assert changed["updated_at"] == "2026-03-16T09:30:00.000000Z"


async def test_ids_stay_ordered_under_a_frozen_clock(local: LocalBackend) -> None:
    made = [await local.create("contact", {"name": f"P{i}"}) for i in range(20)]
    ids = [m["id"] for m in made]
    assert ids == sorted(ids) and len(set(ids)) == 20
    page = await local.list("contact", ListQuery(sort="created_at", limit=7))
    assert [o["id"] for o in page.items] == ids[:7]
    assert page.next_after == ids[6]


async def test_conversation_without_time_bumps_to_the_clock(
    local: LocalBackend, clock: FakeClock
) -> None:
    c = await local.create("contact", {"name": "A"})
    await local.create("conversation", {"parent_id": c["id"]})
    assert (await local.get("contact", c["id"]))["last_contacted_at"] == (
        "2026-03-15T09:30:00.000000Z"
    )


async def test_owners_are_separate(store: Store) -> None:
    alice, bob = store.backend("alice"), store.backend("bob")
    a = await alice.create("contact", {"name": "Shared Name", "tags": ["t"]})
    await bob.create("contact", {"name": "Shared Name", "tags": ["t"]})
    assert (await alice.list("contact")).total == 1
    assert [o["id"] for o in await alice.search("shared")] == [a["id"]]
    page = await alice.list("contact", ListQuery(filters={"tags": ["t"]}))
    assert [o["id"] for o in page.items] == [a["id"]]
    page = await alice.list("contact", ListQuery(filters={"owned_by": ["bob"]}))
    assert page.items == []
    with pytest.raises(ValidationError):  # bob cannot hang things off alice's contact
        await bob.create("note", {"parent_id": a["id"], "body": "x"})


async def test_tx_listeners_run_inside_the_transaction(store: Store, local: LocalBackend) -> None:
    seen: list[tuple[str, str, str, int]] = []

    def listener(conn: Connection, event: ChangeEvent) -> None:
        # the write is visible on the same connection, before commit
        count = conn.execute(text(f"SELECT count(*) FROM {event.type}")).scalar_one()
        seen.append((event.type, event.action, event.origin, count))

    store.tx_listeners.append(listener)
    c = await local.create("contact", {"name": "A"})
    await local.create("conversation", {"parent_id": c["id"], "occurred_at": "2026-01-01"})
    assert seen == [
        ("contact", "create", "user", 1),
        ("conversation", "create", "user", 1),
        ("contact", "update", "hook", 1),
    ]


async def test_failing_listener_rolls_the_write_back(store: Store, local: LocalBackend) -> None:
    def refuse(conn: Connection, event: ChangeEvent) -> None:
        raise RuntimeError("audit log unavailable")

    store.tx_listeners.append(refuse)
    with pytest.raises(RuntimeError):
        await local.create("contact", {"name": "Never"})
    store.tx_listeners.remove(refuse)
    assert (await local.list("contact")).total == 0


async def test_subscribers_get_every_owner_after_commit(store: Store) -> None:
    events: list[ChangeEvent] = []
    unsubscribe = store.subscribe(events.append)
    a = await store.backend("alice").create("contact", {"name": "A"})
    await store.backend("bob").create("contact", {"name": "B"})
    with pytest.raises(ValidationError):
        await store.backend("alice").create("contact", {})
    unsubscribe()
    await store.backend("alice").delete("contact", a["id"])
    assert [(e.owner, e.action) for e in events] == [("alice", "create"), ("bob", "create")]


async def test_cascade_events_are_marked(store: Store, local: LocalBackend) -> None:
    events: list[ChangeEvent] = []
    store.subscribe(events.append)
    a = await local.create("contact", {"name": "A"})
    b = await local.create("contact", {"name": "B"})
    await local.create("note", {"parent_id": a["id"], "body": "n"})
    await local.create("relationship", {"parent_id": b["id"], "target_id": a["id"]})
    events.clear()
    await local.delete("contact", a["id"])
    assert [(e.type, e.origin) for e in events][-1] == ("contact", "user")
    assert {(e.type, e.origin) for e in events[:-1]} == {
        ("note", "cascade"),
        ("relationship", "cascade"),
    }


async def test_set_archived_emits_an_update(store: Store, local: LocalBackend) -> None:
    events: list[ChangeEvent] = []
    store.subscribe(events.append)
    c = await local.create("contact", {"name": "A"})
    await local.set_archived("contact", c["id"], True)
    await local.set_archived("contact", c["id"], True)  # no change, no event
    assert [(e.action, e.changed) for e in events] == [("create", ()), ("update", ("is_archived",))]


async def test_noop_update_changes_nothing(local: LocalBackend, clock: FakeClock) -> None:
    c = await local.create("contact", {"name": "A", "city": "Oslo"})
    clock.advance(hours=1)
    same = await local.update("contact", c["id"], {"city": "Oslo"})
    assert same["updated_at"] == c["updated_at"]


def _hidden(store: Store, type_: str, id_: str, column: str) -> object:
    table = store.tables[type_]
    with store.engine.connect() as conn:
        return conn.execute(select(table.c[column]).where(table.c.id == id_)).scalar_one()


async def test_next_due_column_follows_the_data(store: Store, local: LocalBackend) -> None:
    c = await local.create(
        "contact",
        {"name": "A", "stay_in_touch_frequency": "monthly", "last_contacted_at": "2026-01-31"},
    )
    assert _hidden(store, "contact", c["id"], "next_due") == "2026-02-28"
    await local.update("contact", c["id"], {"stay_in_touch_frequency": "weekly"})
    assert _hidden(store, "contact", c["id"], "next_due") == "2026-02-07"
    await local.create("conversation", {"parent_id": c["id"], "occurred_at": "2026-03-01"})
    assert _hidden(store, "contact", c["id"], "next_due") == "2026-03-08"
    await local.update("contact", c["id"], {"stay_in_touch_frequency": "never"})
    assert _hidden(store, "contact", c["id"], "next_due") is None
    n = await local.create("contact", {"name": "N", "stay_in_touch_frequency": "yearly"})
    assert _hidden(store, "contact", n["id"], "next_due") == ""  # never contacted: due now


async def test_month_day_columns(store: Store, local: LocalBackend) -> None:
    c = await local.create("contact", {"name": "A", "birthday": "--02-29", "anniversary": "2001"})
    assert _hidden(store, "contact", c["id"], "birthday_md") == "02-29"
    assert _hidden(store, "contact", c["id"], "anniversary_md") is None  # year only: no yearly row
    ev = await local.create(
        "life_event", {"parent_id": c["id"], "title": "Wedding", "occurred_at": "2010-06-05"}
    )
    assert _hidden(store, "life_event", ev["id"], "occurred_md") is None  # not recurring
    await local.update("life_event", ev["id"], {"recurring": True})
    assert _hidden(store, "life_event", ev["id"], "occurred_md") == "06-05"


async def test_agenda_from_indexed_candidates(local: LocalBackend) -> None:
    today = date(2026, 12, 20)
    over = await local.create(
        "contact",
        {
            "name": "Overdue",
            "stay_in_touch_frequency": "monthly",
            "last_contacted_at": "2026-10-01",
        },
    )
    fine = await local.create(
        "contact",
        {"name": "Fine", "stay_in_touch_frequency": "yearly", "last_contacted_at": "2026-12-01"},
    )
    never = await local.create("contact", {"name": "Never", "stay_in_touch_frequency": "weekly"})
    newyear = await local.create("contact", {"name": "New Year", "birthday": "1990-01-05"})
    await local.create("contact", {"name": "Far", "birthday": "1990-06-05"})
    leap = await local.create("contact", {"name": "Leap", "birthday": "--02-29"})
    wed = await local.create("life_event", {
        "parent_id": fine["id"], "title": "Wedding", "occurred_at": "2016-12-24", "recurring": True,
    })  # fmt: skip
    await local.create(
        "life_event", {"parent_id": fine["id"], "title": "Moved", "occurred_at": "2016-12-24"}
    )
    rem = await local.create(
        "reminder", {"parent_id": fine["id"], "due_date": "2026-12-20", "message": "Call"}
    )
    await local.create(
        "reminder",
        {"parent_id": fine["id"], "due_date": "2026-12-01", "message": "Done", "completed": True},
    )
    agenda = await local.agenda(today, horizon_days=30)
    assert [r.contact_id for r in agenda.stay_in_touch] == [over["id"], never["id"]]
    assert [(r.object_id, r.years) for r in agenda.events] == [(wed["id"], 10), (newyear["id"], 37)]
    assert [(r.object_id, r.days) for r in agenda.reminders] == [(rem["id"], 0)]
    # Feb 29 falls on Feb 28 in a common year, and the window wraps around New Year
    late = await local.agenda(date(2027, 2, 20), horizon_days=10)
    assert [(r.contact_id, r.date) for r in late.events] == [(leap["id"], date(2027, 2, 28))]
    await local.set_archived("contact", over["id"], True)
    agenda = await local.agenda(today, horizon_days=30)
    assert [r.contact_id for r in agenda.stay_in_touch] == [never["id"]]


async def test_list_totals_kept_by_triggers_match_real_counts(store: Store) -> None:
    alice, bob = store.backend("alice"), store.backend("bob")
    made = [await alice.create("contact", {"name": f"A{i}"}) for i in range(6)]
    await bob.create("contact", {"name": "B"})
    for c in made[:3]:
        await alice.create("note", {"parent_id": c["id"], "body": "n"})
    await alice.set_archived("contact", made[0]["id"], True)
    await alice.delete("contact", made[1]["id"])  # cascades its note
    store.import_rows("alice", [("contact", {"name": f"Bulk {i}"}) for i in range(5)])

    def real(owner: str, type_: str, archived: bool) -> int:
        table = store.tables[type_]
        with store.engine.connect() as conn:
            return int(
                conn.execute(
                    select(text("count(*)"))
                    .select_from(table)
                    .where(table.c.owned_by == owner, table.c.is_archived == archived)
                ).scalar_one()
            )

    for owner, backend in (("alice", alice), ("bob", bob)):
        for type_ in ("contact", "note"):
            page = await backend.list(type_)
            assert page.total == real(owner, type_, False)
            both = await backend.list(type_, ListQuery(filters={"is_archived": ["1", "0"]}))
            assert both.total == real(owner, type_, False) + real(owner, type_, True)
    assert (await alice.list("contact")).total == 9  # 6 - 1 archived - 1 deleted + 5 bulk
    assert (await alice.list("contact", ListQuery(filters={"owned_by": ["bob"]}))).total == 0
