"""Real books with real faults, and the real ``friendship`` CLI run on them in a subprocess.

The faults are made the way they happen: bytes overwritten in the middle of the file,
a file cut short, a small file system that fills up, another process holding the lock.
Nothing of ours is mocked; the busy timeout is shortened through its documented
environment variable so a held lock is reported in a fraction of a second.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from friendship_tui.store.local import Store

SECRET_NAME = "Person Quux"
SECRET_WORDS = "private words"
CLI = [sys.executable, "-m", "friendship_tui.cli.main"]
LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def make_book(path: Path, contacts: int = 300) -> str:
    """A book of ``contacts`` contacts with a note each; returns the last contact's id."""
    store = Store.open(path)
    backend = store.backend()

    async def seed() -> str:
        last = ""
        for i in range(contacts):
            c = await backend.create(
                "contact", {"name": f"{SECRET_NAME} {i}", "email": f"quux{i}@example.org"}
            )
            await backend.create("note", {"parent_id": c["id"], "body": SECRET_WORDS * 30})
            last = str(c["id"])
        return last

    try:
        return asyncio.run(seed())
    finally:
        store.close()


def overwrite_middle(path: Path, size: int = 16384, seed: int = 1) -> None:
    middle = os.path.getsize(path) // 2
    with open(path, "r+b") as f:
        f.seek(middle)
        f.write(random.Random(seed).randbytes(size))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def friendship(
    db: Path, *args: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """``friendship --db DB ARGS`` in its own process (its own SQLite connections)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*CLI, "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=full_env,
        **kwargs,
    )


def assert_one_line_fault(proc: subprocess.CompletedProcess[str], db: Path, *words: str) -> str:
    """Exit 3, one line on stderr naming the file and the words; no traceback, SQL or data."""
    err = proc.stderr
    assert proc.returncode == 3, (proc.returncode, err[-2000:])
    assert len(err.strip().splitlines()) == 1, err[-2000:]
    assert str(db) in err
    for word in words:
        assert word in err, (word, err)
    for leak in ("Traceback", "SELECT", "INSERT", "sqlalche.me", SECRET_NAME, SECRET_WORDS):
        assert leak not in err, (leak, err)
    assert "server" not in err.lower()
    return err
