"""A large import killed with SIGKILL midway leaves an intact database: all or nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from waiting import wait_until

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from friendship_tui.store.local import Store
    from friendship_tui.store.sample_data import sample_rows

    store = Store.open(sys.argv[1])
    # a small page cache, so the open transaction spills into the WAL before it commits
    # (the crash then leaves uncommitted frames on disk that recovery must ignore)
    from sqlalchemy import event
    event.listen(store.engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA cache_size=-256"))
    store.engine.dispose()

    def rows():
        for n, pair in enumerate(sample_rows(int(sys.argv[2]), date(2026, 3, 15), seed=7)):
            if n == 3000:
                print("midway", flush=True)  # chunks already written, transaction open
            yield pair

    store.import_rows("me", rows(), chunk_size=500, keep_ids=True)
    print("committed", flush=True)
    """
)


def _counts(path: Path) -> tuple[str, int, int]:
    with sqlite3.connect(path) as conn:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        notes = conn.execute("SELECT count(*) FROM note").fetchone()[0]
        conn.execute("INSERT INTO contact_fts(contact_fts) VALUES ('integrity-check')")
    return ok, contacts, notes


def _schema(path: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(path) as conn:
        sql = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        return conn.execute(sql).fetchall()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_midway_leaves_all_or_none(tmp_path: Path) -> None:
    from friendship_tui.store.local import Store

    path = tmp_path / "crash.db"
    store = Store.open(path)
    store.create("me", "contact", {"name": "Before The Import"})
    store.close()
    schema = _schema(path)  # the import drops and re-creates indexes (bulk_schema.py)

    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), "20000"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == "midway"
    wal = Path(str(path) + "-wal")

    def wal_size() -> int:
        return wal.stat().st_size if wal.exists() else 0

    # kill once the open transaction has spilled into the WAL (a condition, not a sleep)
    wait_until(
        lambda: wal_size() > 256 * 1024 or proc.poll() is not None,
        "the open transaction to spill into the WAL",
        timeout=60,
        every=0.01,
    )
    spilled = wal_size()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert spilled > 256 * 1024, "the import had not written anything yet"

    ok, contacts, notes = _counts(path)
    assert ok == "ok"
    assert (contacts, notes) == (1, 0)  # none of the import, the earlier row intact
    assert _schema(path) == schema  # every index and trigger as it was

    # and the store opens and works normally afterwards
    again = Store.open(path)
    try:
        assert [c["name"] for c in again.list("me", "contact").items] == ["Before The Import"]
    finally:
        again.close()


def test_a_completed_import_is_all_there(tmp_path: Path) -> None:
    path = tmp_path / "done.db"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), "400"], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["midway", "committed"]
    ok, contacts, notes = _counts(path)
    assert ok == "ok"
    assert contacts == 400 and notes == 400
