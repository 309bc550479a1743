"""A tie day's sort keys come from indexes alone (migration 0010): the first day of an
agenda window holds hundreds of birthdays and life events at 100k, and the first rows
need every one's key (the name, the title, the id), so SQLite's own plan for each of
those narrow reads names covering indexes only, never a table row per entry; and a 0009
book upgrades to it (a copy kept, its indexes as declared, their statistics made) with
the same agenda, equal to the domain's row-by-row answer."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from friendship_tui.domain.agenda import PANELS
from friendship_tui.store.agenda_order import DAY_COLS
from friendship_tui.store.agenda_sql import AgendaReader, Row, sqlite_runner
from friendship_tui.store.local import Store
from friendship_tui.store.tables import TABLES

TODAY = date(2026, 11, 27)
TZ = ZoneInfo("Pacific/Auckland")
PEOPLE = 40
# the indexes migration 0010 rebuilt or made
TIE_INDEXES = {
    "contact": (
        "ix_contact_d_birthday_md",
        "ix_contact_d_anniversary_md",
        "ix_contact_agenda_name",
    ),
    "life_event": ("ix_life_event_d_occurred_md",),
    "reminder": ("ix_reminder_agenda",),
}


def _rows() -> list[tuple[str, dict[str, Any]]]:
    """Most people's birthday, anniversary, life event and reminder on one day (ties
    past any page), a few the next days; names out of the ids' order, one archived."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for i in range(PEOPLE):
        day = TODAY + timedelta(days=0 if i % 4 else 1 + i % 3)
        md = f"--{day.month:02d}-{day.day:02d}"
        cid = f"p{(i * 7) % PEOPLE:03d}"
        rows.append(
            (
                "contact",
                {
                    "id": cid,
                    "name": ("Zoë", "ann", "Émile", "Bob", "ßo")[i % 5] + f" {i % 3}",
                    "birthday": md if i % 2 else f"1990{md[1:]}",
                    "anniversary": md,
                    "stay_in_touch_frequency": "weekly",
                    "last_contacted_at": f"2026-11-{10 + i % 5:02d}T12:00:00Z",
                },
            )
        )
        event: dict[str, Any] = {
            "id": f"e{i:03d}",
            "parent_id": cid,
            "title": ("Party", "Ann", "Move")[i % 3],
        }
        event |= {"kind": "other", "occurred_at": f"2001{md[1:]}", "recurring": True}
        rows.append(("life_event", event))
        due = (TODAY - timedelta(days=2)).isoformat()
        rows.append(
            ("reminder", {"id": f"r{i:03d}", "parent_id": cid, "message": "Call", "due_date": due})
        )
    return rows


def _book(path: Path, revision: str = "head") -> None:
    store = Store.open(path, revision=revision)
    try:
        store.tx_listeners.clear()
        store.import_rows("me", _rows(), keep_ids=True)
        store.set_archived("me", "contact", "p000", True)
    finally:
        store.close()


def _narrow(sql: str) -> bool:
    """A tie day's read: its sort keys (``DAY_COLS``) only, no ids named."""
    return (
        any(sql.startswith(f"SELECT {cols}") for cols in DAY_COLS.values()) and " IN (" not in sql
    )


def test_tie_days_are_read_from_covering_indexes(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    _book(path)
    db = sqlite3.connect(path)
    db.execute("ANALYZE")
    seen: list[tuple[str, dict[str, Any]]] = []
    run = sqlite_runner(db)

    def recording(sql: str, params: Mapping[str, Any]) -> list[Row]:
        seen.append((sql, dict(params)))
        return run(sql, params)

    full = AgendaReader(run, "me", TODAY, 30, TZ).agenda(None)
    top = AgendaReader(recording, "me", TODAY, 30, TZ).agenda(5)
    for panel in PANELS:
        assert getattr(top, panel) == getattr(full, panel)[:5], panel
    narrow = [(s, p) for s, p in seen if _narrow(s)]
    # the events panel's keys per yearly source, the reminders' tie day
    froms = {sql.split(" FROM ")[1].split(" ")[0] for sql, _ in narrow}
    assert froms == {"contact", "life_event", "reminder"}, froms
    assert len(narrow) >= 4
    for sql, params in narrow:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
        reads = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]
        assert reads, plan
        for step in reads:
            assert "COVERING INDEX" in step and not step.startswith("SCAN"), (sql, plan)
    db.close()


def _columns(db: sqlite3.Connection, index: str) -> list[str]:
    return [row[2] for row in db.execute(f"PRAGMA index_info({index})")]


def test_a_0009_book_upgrades_to_the_tie_indexes(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    _book(path, revision="0009")
    db = sqlite3.connect(path)
    db.execute("ANALYZE")  # an analysed book, as a user's is after a close
    before = _columns(db, "ix_contact_d_birthday_md")
    assert "name" not in before
    old = AgendaReader(sqlite_runner(db), "me", TODAY, 30, TZ).agenda(None)
    db.close()

    store = Store.open(path)
    try:
        assert [p.name for p in tmp_path.glob("*.bak")] == ["book.db.0009_agenda_counts.bak"]
        limited = store.agenda("me", TODAY, 30, tz=TZ, limit=3)
        assert limited.totals == {p: len(getattr(old, p)) for p in PANELS}
        for panel in PANELS:
            assert getattr(limited, panel) == getattr(old, panel)[:3], panel
            assert (
                store.agenda_rows("me", panel, TODAY, 30, 3, 9, tz=TZ) == getattr(old, panel)[3:12]
            )
    finally:
        store.close()
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0010_agenda_ties",)
        ]
        for table, names in TIE_INDEXES.items():
            declared = {str(i.name): [c.name for c in i.columns] for i in TABLES[table].indexes}
            for name in names:
                assert _columns(db, name) == declared[name], name
                stats = "SELECT 1 FROM sqlite_stat1 WHERE idx = ?"
                assert db.execute(stats, (name,)).fetchall() == [(1,)], name
        assert _columns(db, "ix_contact_d_birthday_md")[-2:] == ["name", "id"]
    finally:
        db.close()
