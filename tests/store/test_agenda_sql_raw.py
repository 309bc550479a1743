"""The agenda straight from a ``sqlite3`` connection, with no SQLAlchemy imported: what a
first screen that skips SQLAlchemy calls (``read_agenda`` / ``read_agenda_rows``)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from friendship_tui.store.local import Store

CHILD = """
import json, sqlite3, sys
from datetime import date
from zoneinfo import ZoneInfo
from friendship_tui.store.agenda_sql import read_agenda, read_agenda_rows
db = sqlite3.connect(sys.argv[1])
tz = ZoneInfo("Pacific/Auckland")
agenda = read_agenda(db, "me", date(2026, 12, 2), 30, tz, 1)
rows = read_agenda_rows(db, "me", "stay_in_touch", date(2026, 12, 2), 30, tz, 1, 5)
print(json.dumps({"agenda": agenda.to_json(), "rest": [r.contact_name for r in rows],
                  "sqlalchemy": "sqlalchemy" in sys.modules}))
"""


async def test_read_agenda_on_a_raw_sqlite_connection(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    try:
        backend = store.backend("me")
        for name in ("Ann", "Bob", "Cleo"):  # Auckland: due 2 Dec (Ann), 1 Dec, never
            talk = {"Ann": "2026-11-24T12:26:00Z", "Bob": "2026-11-24T10:00:00Z"}.get(name)
            data = {"name": name, "stay_in_touch_frequency": "weekly"}
            await backend.create("contact", {**data, "last_contacted_at": talk} if talk else data)
        backend.tz = ZoneInfo("Pacific/Auckland")
        expected = await backend.agenda(date(2026, 12, 2), 30)
    finally:
        store.close()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout)
    assert got["sqlalchemy"] is False
    [first] = got["agenda"]["stay_in_touch"]
    assert first["contact_name"] == "Bob"  # 1 Dec in Auckland: a day overdue, first
    assert got["agenda"]["totals"]["stay_in_touch"] == 3
    assert got["rest"] == [r.contact_name for r in expected.stay_in_touch[1:]] == ["Cleo", "Ann"]
