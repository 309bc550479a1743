"""The stay-in-touch count and top rows from index ranges (store/agenda_due.py, migration
0008) equal the domain's row-by-row computation, on SQLite and PostgreSQL.

Talks are placed within days of each frequency's boundary, at every hour, in every
shape the store accepts (UTC with seconds, microseconds or a fraction, an offset, naive,
a bare date, none), and read in zones east and west of UTC, with half-hour and
45-minute offsets, on DST nights (one at midnight, one going back across it) and at
month ends: a range one second off, or a shape read as UTC text, changes a count here.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from friendship_tui.domain.agenda import DUE_SOON_DAYS, stay_in_touch_rows
from friendship_tui.schema.models import FREQUENCY_STEPS
from friendship_tui.store.agenda_due import due_spans
from friendship_tui.store.local import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


CASES: list[tuple[date, tzinfo]] = [
    (date(2026, 11, 27), ZoneInfo("Pacific/Auckland")),  # +13
    (date(2026, 11, 27), ZoneInfo("Pacific/Pago_Pago")),  # -11
    (date(2027, 2, 21), ZoneInfo("Pacific/Kiritimati")),  # +14, a month step from Jan 31
    (date(2028, 2, 22), ZoneInfo("Pacific/Chatham")),  # +13:45, a leap February
    (date(2026, 9, 26), ZoneInfo("Pacific/Auckland")),  # DST starts on the 27th
    (date(2026, 4, 4), ZoneInfo("Pacific/Auckland")),  # DST ends on the 5th
    (date(2026, 3, 28), ZoneInfo("Europe/London")),
    (date(2026, 9, 5), ZoneInfo("America/Santiago")),  # clocks skip midnight
    (date(2027, 4, 3), ZoneInfo("America/Santiago")),  # midnight back to 23:00
    (date(2026, 10, 4), ZoneInfo("Australia/Lord_Howe")),  # a half-hour DST
    (date(2026, 12, 24), ZoneInfo("America/St_Johns")),  # -3:30
    (date(2026, 11, 30), timezone(timedelta(hours=13))),
    (date(2026, 11, 30), timezone(timedelta(hours=-12))),
    (date(2026, 11, 30), UTC),
]
PEOPLE = 260


def _shape(moment: datetime, rng: random.Random) -> str | None:
    pick = rng.randrange(8)
    if pick == 0:
        return None
    if pick == 1:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if pick == 2:
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".5Z"
    if pick == 3:
        zone = timezone(timedelta(minutes=rng.choice((780, -660, 345, 0))))
        return moment.astimezone(zone).isoformat()
    if pick == 4:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")  # naive: read as UTC
    if pick == 5:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _people(today: date, tz: tzinfo, seed: int) -> list[dict[str, Any]]:
    """Talks within four days either side of each step's boundary, at any second, and
    a third of them on (or a second before) a local midnight near it."""
    rng = random.Random(seed)
    last = today + timedelta(days=DUE_SOON_DAYS)
    out: list[dict[str, Any]] = []
    for i in range(PEOPLE):
        freq = rng.choice((*FREQUENCY_STEPS, "never", None))
        months, days = FREQUENCY_STEPS.get(freq or "", (0, 7))
        edge = last - relativedelta(months=months, days=days)
        moment = datetime(edge.year, edge.month, edge.day, tzinfo=UTC)
        moment += timedelta(seconds=rng.randint(-4 * 86400, 4 * 86400))
        if rng.random() < 0.3:
            day = edge + timedelta(days=rng.randint(-1, 1))
            local = datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)
            moment = local - timedelta(seconds=rng.choice((0, 0, 1)))
        data: dict[str, Any] = {"name": f"P{i:03d}"}
        if freq:
            data["stay_in_touch_frequency"] = freq
        if (talk := _shape(moment, rng)) is not None:
            data["last_contacted_at"] = talk
        out.append(data)
    return out


@pytest.mark.parametrize(("today", "tz"), CASES, ids=lambda v: str(v))
def test_counts_and_top_rows_equal_the_domain_row_by_row(
    store: Store, today: date, tz: tzinfo
) -> None:
    people = _people(today, tz, seed=today.toordinal())
    store.import_rows("me", [("contact", dict(p)) for p in people])
    reference = stay_in_touch_rows(
        [{**p, "id": p["name"]} for p in people], today, DUE_SOON_DAYS, tz
    )
    assert 40 < len(reference) < PEOPLE - 40  # the boundary cuts through the book
    agenda = store.agenda("me", today, 30, tz=tz, limit=7)
    assert agenda.totals["stay_in_touch"] == len(reference)
    top = [(r.contact_name, r.date, r.days, r.kind) for r in agenda.stay_in_touch]
    assert top == [(r.contact_name, r.date, r.days, r.kind) for r in reference[:7]]


def test_ranges_change_at_a_dst_night_and_stay_whole_elsewhere() -> None:
    """A zone with one offset around the boundary gives each frequency one range; the
    night London's clocks go forward (in the window) still gives one, cut at BST's
    midnight."""
    plain = due_spans(date(2026, 12, 4), ZoneInfo("Pacific/Auckland"))
    assert plain is not None and plain["weekly"] == [(None, "2026-11-27T11:00:00")]
    spring = due_spans(date(2026, 4, 5), ZoneInfo("Europe/London"))
    assert spring is not None and spring["weekly"] == [(None, "2026-03-29T23:00:00")]
    back = due_spans(date(2026, 4, 11), ZoneInfo("America/Santiago"))
    assert back is not None
    assert len(back["weekly"]) == 1 and back["weekly"][0][1] is not None


def test_a_0007_book_upgrades_with_the_ranges_indexes(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    old = Store.open(path, revision="0007")
    old.tx_listeners.clear()
    today, tz = date(2026, 11, 27), ZoneInfo("Pacific/Auckland")
    people = _people(today, tz, seed=7)
    old.import_rows("me", [("contact", dict(p)) for p in people])
    old.close()
    db = sqlite3.connect(path)
    names = "SELECT name FROM sqlite_master WHERE name LIKE 'ix_contact_due_%'"
    assert db.execute(names).fetchall() == []
    db.close()

    store = Store.open(path)
    try:
        db = sqlite3.connect(path)
        made = sorted(r[0] for r in db.execute(names))
        assert made == ["ix_contact_due_shape"]
        db.close()
        reference = stay_in_touch_rows(
            [{**p, "id": p["name"]} for p in people], today, DUE_SOON_DAYS, tz
        )
        agenda = store.agenda("me", today, 30, tz=tz, limit=3)
        assert agenda.totals["stay_in_touch"] == len(reference) > 40
    finally:
        store.close()


def test_closing_the_book_does_not_analyse_it_again_each_time(tmp_path: Path) -> None:
    """Every talk canonical: an index holding only the other shapes would be empty, have
    no statistics, and make each close (``PRAGMA optimize``) analyse the whole contact
    table again, a cost that grows with the book on every ``friendship today``."""
    path = tmp_path / "book.db"
    today, tz = date(2026, 11, 27), ZoneInfo("Pacific/Auckland")
    people = [
        {
            "name": f"P{i}",
            "stay_in_touch_frequency": "weekly",
            "last_contacted_at": f"2026-11-{1 + i % 28:02d}T10:00:00Z",
        }
        for i in range(40)
    ]
    store = Store.open(path)
    store.import_rows("me", [("contact", p) for p in people])
    assert store.agenda("me", today, 30, tz=tz, limit=3).totals["stay_in_touch"] > 0
    store.close()
    db = sqlite3.connect(path)
    try:
        from friendship_tui.store.agenda_sql import read_agenda

        db.execute("ANALYZE")  # a book analysed once, as a close does for what it used
        assert read_agenda(db, "me", today, 30, tz, 3).totals["stay_in_touch"] > 0
        again = [row[0] for row in db.execute("PRAGMA optimize(0x03)")]  # what it would run
        assert 'ANALYZE "main"."contact"' not in again  # (empty child tables: cheap)
    finally:
        db.close()
