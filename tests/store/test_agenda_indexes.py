"""The agenda's exact totals are counted from covering indexes (migration 0007) and the
bucket counts (migration 0009): SQLite's own plan for every count the agenda runs names a
covering index or the buckets' key and never a table's rows, so the totals cost the
entries in the window, not a row read each (issue 14)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from friendship_tui.store.agenda_sql import AgendaReader, Row, sqlite_runner
from friendship_tui.store.local import Store


def _book(path: Path) -> None:
    """A book with something in every panel, and an archived person with children."""
    store = Store.open(path)
    try:
        for i, name in enumerate(("Ann", "Bob", "Cleo", "Dan")):
            person = store.create(
                "me",
                "contact",
                {
                    "name": name,
                    "birthday": f"1990-12-0{i + 1}",
                    "anniversary": f"--12-1{i}",
                    "stay_in_touch_frequency": ("weekly", "monthly")[i % 2],
                    "last_contacted_at": f"2026-11-{20 + i}T23:30:00Z",
                },
            )
            store.create(
                "me",
                "life_event",
                {
                    "parent_id": person["id"],
                    "title": "Moved",
                    "occurred_at": f"2015-12-0{i + 2}",
                    "recurring": True,
                },
            )
            store.create(
                "me",
                "reminder",
                {"parent_id": person["id"], "message": "Call", "due_date": f"2026-12-0{i + 3}"},
            )
            if name == "Dan":
                store.set_archived("me", "contact", person["id"], True)
    finally:
        store.close()


def test_every_agenda_count_reads_only_indexes(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    _book(path)
    db = sqlite3.connect(path)
    seen: list[tuple[str, dict[str, Any]]] = []
    run = sqlite_runner(db)

    def recording(sql: str, params: Mapping[str, Any]) -> list[Row]:
        seen.append((sql, dict(params)))
        return run(sql, params)

    tz = ZoneInfo("Pacific/Auckland")
    full = AgendaReader(run, "me", date(2026, 11, 29), 30, tz).agenda(None)
    agenda = AgendaReader(recording, "me", date(2026, 11, 29), 30, tz).agenda(1)
    # Dan is archived: his birthday, anniversary, event and reminder are not counted
    assert agenda.totals == {
        "stay_in_touch": len(full.stay_in_touch),
        "events": len(full.events) == 9 and 9,
        "reminders": len(full.reminders) == 3 and 3,
    }
    assert agenda.totals["stay_in_touch"] >= 1
    counting = ("SELECT count(*)", "SELECT (SELECT")
    counts = [(s, p) for s, p in seen if s.startswith(counting) or "GROUP BY" in s]
    # stay (never contacted, the ranges, other shapes), each yearly source per range,
    # reminders: a read sums several counts in one statement (agenda_tallies.summed)
    assert sum(s.count("count(*)") + s.count("sum(n)") for s, _ in counts) >= 9
    for sql, params in counts:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
        # (a sum of counts selects from no table: its "constant row" is no read)
        steps = [step for step in plan if step != "SCAN CONSTANT ROW"]
        reads = [step for step in steps if step.startswith(("SEARCH", "SCAN"))]
        assert reads, plan
        for n, step in enumerate(reads):
            # CROSS JOIN: from the archived contacts (an index) to their (few) rows
            if "CROSS JOIN" in sql and step.startswith(ARCHIVED):
                continue
            if "CROSS JOIN" in sql and n and reads[n - 1].startswith(ARCHIVED):
                continue
            if step == LATER_DATED:  # a row each for the few dated after the range's year
                continue
            if step.startswith(BUCKETS):  # migration 0009's counts: the key is the table
                continue
            assert "COVERING INDEX" in step and not step.startswith("SCAN"), (sql, plan)
    db.close()


ARCHIVED = "SEARCH c USING COVERING INDEX"
BUCKETS = "SEARCH agenda_count USING PRIMARY KEY (owned_by=? AND panel=?"
# The birthday count's one row read (agenda_queries.BIRTHDAY_COUNT): birthdays dated
# after the range's year, from the birthday's sort index (none in most books).
LATER_DATED = (
    "SEARCH c USING INDEX ix_contact_s_birthday (owned_by=? AND is_archived=? AND birthday>?)"
)
