"""The agenda's exact totals stay equal to its row-by-row answer through every kind of
write (migration 0009's bucket counts on SQLite, the index counts on PostgreSQL), and on
SQLite the triggers' buckets always equal the buckets counted from the rows themselves.

Writes that move rows between buckets, into and out of the window: a bulk import,
archiving and unarchiving a contact with children, completing and reopening a reminder,
editing dates (birthday, talk, event, due date), changing a frequency, turning an event
one-off, deleting a contact (its children go too) and a reminder, and a raw change of
owner such as the sync cache may write. Dates include Feb 29, partial dates (no year),
dates after the window's year, a window across New Year and one across Feb 28.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from friendship_tui.domain.agenda import PANELS
from friendship_tui.store import agenda_counts
from friendship_tui.store.local import Store

TZ = ZoneInfo("Pacific/Auckland")
DAYS = [date(2026, 12, 20), date(2027, 2, 14)]  # across New Year; across Feb 28
PEOPLE = 120


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def _near(today: date, rng: random.Random) -> date:
    return today + timedelta(days=rng.randint(-10, 45))


def _yearly(today: date, rng: random.Random) -> str:
    pick = rng.randrange(7)
    if pick == 0:
        return f"{rng.choice((1996, 2000, 2004))}-02-29"
    if pick == 6:
        return "1985"  # a year alone: no month-day
    day = _near(today, rng)
    if pick == 1:
        return f"--{day.month:02d}-{day.day:02d}"  # no year
    year = rng.choice((1950, 1988, today.year, today.year + 1, today.year + 3))
    return f"{year}-{day.month:02d}-{day.day:02d}"


def _talk(today: date, rng: random.Random) -> str:
    day = today - timedelta(days=rng.randint(0, 420))
    return f"{day.isoformat()}T{rng.randint(0, 23):02d}:{rng.choice((0, 30, 59)):02d}:00Z"


def _rows(today: date, seed: int) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(PEOPLE):
        person: dict[str, Any] = {"id": f"p{i:03d}", "name": f"P{i:03d}"}
        if rng.random() < 0.7:
            person["birthday"] = _yearly(today, rng)
        if rng.random() < 0.4:
            person["anniversary"] = _yearly(today, rng)
        if rng.random() < 0.7:
            person["stay_in_touch_frequency"] = rng.choice(
                ("weekly", "biweekly", "monthly", "quarterly", "yearly")
            )
            if rng.random() < 0.85:
                person["last_contacted_at"] = _talk(today, rng)
        out.append(("contact", person))
        for j in range(rng.randint(1, 2)):
            event = {"id": f"e{i:03d}{j}", "parent_id": person["id"], "title": f"E{j}"}
            event |= {"occurred_at": _yearly(today, rng), "recurring": rng.random() < 0.7}
            out.append(("life_event", event))
        for j in range(rng.randint(1, 2)):
            due = today + timedelta(days=rng.randint(-90, 45))
            reminder = {"id": f"r{i:03d}{j}", "parent_id": person["id"], "message": "Call"}
            reminder |= {"due_date": due.isoformat(), "completed": rng.random() < 0.3}
            out.append(("reminder", reminder))
    return out


def _check(store: Store, today: date, step: str) -> None:
    full = store.agenda("me", today, 30, tz=TZ)  # every row, built by the domain
    limited = store.agenda("me", today, 30, tz=TZ, limit=3)
    assert limited.totals == {p: len(getattr(full, p)) for p in PANELS}, step
    with store.raw_read() as db:
        if db is not None:
            kept = "SELECT owned_by, panel, bucket, n FROM agenda_count WHERE n <> 0"
            assert sorted(db.execute(kept)) == sorted(db.execute(agenda_counts.COUNTED_SQL)), step


def _writes(today: date) -> list[tuple[str, str, str, Any]]:
    """(what, type, id, patch): a patch, True/False to archive, or None to delete."""
    later = (today + timedelta(days=3)).isoformat()
    gone = (today - timedelta(days=40)).isoformat() + "T01:00:00Z"
    return [
        ("archive", "contact", "p001", True),
        ("archive", "contact", "p002", True),
        ("unarchive", "contact", "p002", False),
        ("complete", "reminder", "r0030", {"completed": True}),
        ("reopen", "reminder", "r0040", {"completed": False}),
        ("due", "reminder", "r0050", {"due_date": later}),
        ("birthday", "contact", "p006", {"birthday": "1992-02-29"}),
        ("birthday", "contact", "p007", {"birthday": later}),
        ("birthday", "contact", "p008", {"birthday": None}),
        ("anniversary", "contact", "p009", {"anniversary": "--12-31"}),
        ("talk", "contact", "p010", {"last_contacted_at": gone}),
        ("talk", "contact", "p011", {"last_contacted_at": None}),
        ("freq", "contact", "p012", {"stay_in_touch_frequency": "weekly"}),
        ("freq", "contact", "p013", {"stay_in_touch_frequency": None}),
        ("event", "life_event", "e0140", {"occurred_at": later}),
        ("one-off", "life_event", "e0150", {"recurring": False}),
        ("archive event", "life_event", "e0160", True),
        ("archive reminder", "reminder", "r0170", True),
        ("delete", "reminder", "r0180", None),
        ("delete", "contact", "p019", None),  # its events and reminders go with it
        ("rename", "contact", "p020", {"name": "Zed"}),
    ]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_totals_stay_exact_through_every_kind_of_write(store: Store, today: date) -> None:
    rows = _rows(today, seed=today.toordinal())
    store.import_rows("me", rows, keep_ids=True)
    _check(store, today, "import")
    for step, type_, id_, change in _writes(today):  # a row the seed lacks: NotFound
        if change is None:
            store.delete("me", type_, id_)
        elif isinstance(change, bool):
            store.set_archived("me", type_, id_, change)
        else:
            store.update("me", type_, id_, change)
        _check(store, today, step)


def test_a_change_of_owner_outside_the_store_moves_the_counts(tmp_path: Path) -> None:
    """The sync cache and other writers reach the rows with plain SQL: the triggers see
    every write, not only the store's."""
    today = DAYS[0]
    path = tmp_path / "book.db"
    store = Store.open(path)
    store.import_rows("me", _rows(today, seed=3), keep_ids=True)
    before = store.agenda("me", today, 30, tz=TZ, limit=3).totals
    store.close()
    db = sqlite3.connect(path)
    with db:
        for table in ("contact", "life_event", "reminder"):
            db.execute(f"UPDATE {table} SET owned_by = 'you'")
    counted = sorted(db.execute(agenda_counts.COUNTED_SQL))
    kept = "SELECT owned_by, panel, bucket, n FROM agenda_count WHERE n <> 0"
    assert sorted(db.execute(kept)) == counted and {r[0] for r in counted} == {"you"}
    db.close()
    store = Store.open(path)
    try:
        assert store.agenda("you", today, 30, tz=TZ, limit=3).totals == before
        assert set(store.agenda("me", today, 30, tz=TZ, limit=3).totals.values()) == {0}
    finally:
        store.close()


def test_rebuilding_from_scratch_gives_the_triggers_counts(tmp_path: Path) -> None:
    """What an import that ran without the triggers calls afterwards (drop, import,
    create, rebuild): the same buckets as the triggers kept."""
    path = tmp_path / "book.db"
    store = Store.open(path)
    store.import_rows("me", _rows(DAYS[1], seed=5), keep_ids=True)
    store.close()
    db = sqlite3.connect(path)
    kept = "SELECT owned_by, panel, bucket, n FROM agenda_count WHERE n <> 0"
    by_triggers = sorted(db.execute(kept))
    with db:
        for statement in agenda_counts.drop_sql():
            db.execute(statement)
        db.execute("DELETE FROM agenda_count")
        db.execute("UPDATE contact SET birthday = NULL, birthday_md = NULL WHERE id = 'p000'")
        for statement in [*agenda_counts.create_sql(), *agenda_counts.REBUILD_SQL]:
            db.execute(statement)
    rebuilt = sorted(db.execute(kept))
    assert rebuilt == sorted(db.execute(agenda_counts.COUNTED_SQL))
    assert len(by_triggers) > 100 and rebuilt != by_triggers  # p000's birthday is gone
    db.close()


def test_a_0008_book_upgrades_with_its_counts_a_copy_and_statistics(tmp_path: Path) -> None:
    """An analysed 0008 book (the benchmark books, a user's book after a close): kept
    as a copy, its counts filled from its rows, and the new table analysed, so a close
    does not analyse it again and again."""
    path = tmp_path / "book.db"
    today = DAYS[0]
    old = Store.open(path, revision="0008")
    old.tx_listeners.clear()
    old.import_rows("me", _rows(today, seed=8), keep_ids=True)
    old.close()
    db = sqlite3.connect(path)
    db.execute("ANALYZE")
    made = "SELECT name FROM sqlite_master WHERE name = 'agenda_count'"
    assert db.execute(made).fetchall() == []
    db.close()

    store = Store.open(path)
    try:
        assert [p.name for p in tmp_path.glob("*.bak")] == ["book.db.0008_agenda_due_ranges.bak"]
        full = store.agenda("me", today, 30, tz=TZ)
        limited = store.agenda("me", today, 30, tz=TZ, limit=3)
        assert limited.totals == {p: len(getattr(full, p)) for p in PANELS}
        assert min(limited.totals.values()) > 5
    finally:
        store.close()
    db = sqlite3.connect(path)
    try:
        kept = "SELECT owned_by, panel, bucket, n FROM agenda_count WHERE n <> 0"
        assert sorted(db.execute(kept)) == sorted(db.execute(agenda_counts.COUNTED_SQL))
        stats = "SELECT 1 FROM sqlite_stat1 WHERE tbl = 'agenda_count'"
        assert db.execute(stats).fetchall() == [(1,)]
        from friendship_tui.store.agenda_sql import read_agenda

        assert read_agenda(db, "me", today, 30, TZ, 3).totals == limited.totals
        again = [row[0] for row in db.execute("PRAGMA optimize(0x03)")]
        assert not [a for a in again if "agenda_count" in a]
    finally:
        db.close()
