"""The yearly scans' "dated no later than the range's year" test: on SQLite one text
comparison (the year followed by a byte no UTF-8 text holds), so the counts walk the
index without calling ``substr`` per entry. It must keep exactly the rows
``substr(date, 1, 4) <= year`` keeps (what PostgreSQL still runs), odd text included."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from friendship_tui.store.agenda_queries import RAW
from friendship_tui.store.agenda_sql import AgendaReader, sqlite_runner

VALUES = [
    "2026-05-01", "2026-12-31", "2027-01-01", "2025-12-31T23:59:59Z", "1995-01-01",
    "--05-01", "0000-05-01", "2026", "202", "", "202:", "2029-01-01", "2030", "203",
    "ab", "2026\u00e9", "\u00e92026", "9999-12-31", "0999-01-01", "1000-01-01",
]  # fmt: skip
YEARS = ["2026", "2029", "1995", "0999", "1000", "0000", "9998", "9999"]


def _kept(db: sqlite3.Connection, reader: AgendaReader, year: str) -> list[Any]:
    test = reader._plain("birthday")
    sql = f"SELECT c.birthday FROM contact c WHERE 1 {test} ORDER BY c.birthday"
    return [r[0] for r in db.execute(sql, {"year": year})]


def test_the_sqlite_year_test_keeps_what_substr_keeps(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "years.db")
    db.execute("CREATE TABLE contact (birthday TEXT, birthday_md VARCHAR(32))")
    db.executemany("INSERT INTO contact VALUES (?, '05-01')", [(v,) for v in VALUES])
    run = sqlite_runner(db)
    fast = AgendaReader(run, "me", date(2026, 11, 27), 30, None, sqlite=True)
    portable = AgendaReader(run, "me", date(2026, 11, 27), 30, None, sqlite=False)
    assert "substr" not in fast._plain("birthday") and RAW["birthday"] in fast._plain("birthday")
    for year in YEARS:
        expected = _kept(db, portable, year)
        assert _kept(db, fast, year) == expected, year
    assert "2027-01-01" not in _kept(db, fast, "2026")
    assert {"2026-05-01", "--05-01", "202"} <= set(_kept(db, fast, "2026"))


def test_the_birthday_count_keeps_what_the_scan_keeps(tmp_path: Path) -> None:
    """SQLite counts birthdays as a pure index range less Feb 29 and the later-dated
    (``BIRTHDAY_COUNT``): it equals the count of the scan's own tests (``substr``, as
    PostgreSQL runs it) and the domain's rows, on windows across New Year and Feb 28."""
    from friendship_tui.store.local import Store

    path = tmp_path / "book.db"
    store = Store.open(path)
    days = ["12-30", "12-31", "01-01", "01-02", "02-28", "02-29", "03-01", "11-27", "11-28"]
    years = ["1990", "2026", "2027", "2028", "2031", "--"]
    rows: list[tuple[str, dict[str, Any]]] = []
    for i, (md, year) in enumerate((md, y) for md in days for y in years):
        birthday = f"--{md}" if year == "--" else f"{year}-{md}"
        if birthday.endswith("02-29") and year not in ("--", "2028"):
            birthday = f"2000-{md}"  # a real Feb 29 in a leap year
        person = {"name": f"P{i:03d}", "birthday": birthday, "is_archived": i % 7 == 3}
        rows.append(("contact", person))
    try:
        store.import_rows("me", rows)
    finally:
        store.close()
    db = sqlite3.connect(path)
    try:
        run = sqlite_runner(db)
        for today in (date(2026, 12, 20), date(2027, 2, 20), date(2028, 2, 10), date(2026, 11, 27)):
            for horizon in (0, 30, 400):
                fast = AgendaReader(run, "me", today, horizon, None).event_count()
                scan = AgendaReader(run, "me", today, horizon, None, sqlite=False).event_count()
                whole = AgendaReader(run, "me", today, horizon, None).event_rows(None)
                assert fast == scan == len(whole), (today, horizon)
                assert horizon == 0 or fast > 0
    finally:
        db.close()
