"""Sort keys that mean something other than their text: birthdays by next occurrence
(unknown last), timestamps with mixed offsets as time. On a real store with the clock
injected (the date "today" is the store clock's)."""

from __future__ import annotations

from datetime import UTC, datetime

from fake_clock import FakeClock

from friendship_tui.schema import ListQuery
from friendship_tui.store.local import Store

TODAY = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def names(store: Store, type_: str, sort: str, field: str = "name") -> list[str]:
    return [str(r[field]) for r in store.list("me", type_, ListQuery(sort=sort)).items]


def test_birthday_sorts_by_next_occurrence_unknown_last(any_store: Store, clock: FakeClock) -> None:
    clock.now = TODAY
    for name, born in (
        ("none", None),
        ("dec5", "--12-05"),
        ("year only", "1985"),
        ("dec10", "1990-12-10"),
        ("jan15", "1970-01-15"),  # next January: after December
        ("nov30", "2000-11-30"),
        ("today", "1999-11-25"),
        ("feb", "--02-28"),
    ):
        any_store.create("me", "contact", {"name": name, "birthday": born})
    assert names(any_store, "contact", "birthday") == [
        "today", "nov30", "dec5", "dec10", "jan15", "feb", "none", "year only",
    ]  # fmt: skip
    assert names(any_store, "contact", "-birthday") == [
        "feb", "jan15", "dec10", "dec5", "nov30", "today", "year only", "none",
    ]  # fmt: skip


def test_birthday_order_follows_the_clock(any_store: Store, clock: FakeClock) -> None:
    for name, born in (("dec", "--12-05"), ("jan", "--01-15")):
        any_store.create("me", "contact", {"name": name, "birthday": born})
    clock.now = datetime(2026, 12, 20, tzinfo=UTC)
    assert names(any_store, "contact", "birthday") == ["jan", "dec"]
    clock.now = datetime(2026, 6, 1, tzinfo=UTC)
    assert names(any_store, "contact", "birthday") == ["dec", "jan"]


def test_timestamps_with_offsets_sort_as_time(any_store: Store) -> None:
    """On SQLite and on the real PostgreSQL alike: the text order would put "eleven in
    +02" last and "ten thirty" before "nine fifteen"."""
    store = any_store
    ann = store.create("me", "contact", {"name": "Ann"})
    for summary, when in (
        ("ten thirty utc", "2026-01-01T10:30:00Z"),
        ("eleven in +02", "2026-01-01T11:00:00+02:00"),  # 09:00 UTC: the earlier one
        ("a date", "2026-01-01"),  # midnight UTC
        ("nine fifteen in -05:30", "2026-01-01T09:15:00.5-05:30"),  # 14:45:00.5 UTC
        ("fourteen forty-five", "2026-01-01 14:45:00Z"),
    ):
        store.create(
            "me", "conversation", {"parent_id": ann["id"], "summary": summary, "occurred_at": when}
        )
    got = names(store, "conversation", "occurred_at", "summary")
    assert got == [
        "a date", "eleven in +02", "ten thirty utc", "fourteen forty-five",
        "nine fifteen in -05:30",
    ]  # fmt: skip
    assert names(store, "conversation", "-occurred_at", "summary") == got[::-1]


def test_unreadable_timestamps_sort_first_without_error(any_store: Store) -> None:
    """A row from before the shapes were strict ("2026-02-30", free text) never makes
    the sort fail; what cannot be read as time sorts as NULL, first when ascending."""
    store = any_store
    ann = store.create("me", "contact", {"name": "Ann"})
    for summary in ("later", "odd day", "free text"):
        store.create(
            "me",
            "conversation",
            {"parent_id": ann["id"], "summary": summary, "occurred_at": "2026-03-05T10:00:00Z"},
        )
    with store.engine.begin() as conn:
        for summary, raw in (("odd day", "2026-02-30T10:00:00Z"), ("free text", "soon")):
            conn.exec_driver_sql(
                "UPDATE conversation SET occurred_at = %(v)s WHERE summary = %(s)s"
                if store.engine.dialect.name == "postgresql"
                else "UPDATE conversation SET occurred_at = :v WHERE summary = :s",
                {"v": raw, "s": summary},
            )
    got = names(store, "conversation", "occurred_at", "summary")
    assert got[0] == "free text"
    assert got[-1] == "later"
