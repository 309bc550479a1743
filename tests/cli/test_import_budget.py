"""What a short command imports, read from a real process (``python -X importtime``).

Not a timing: Python's own import log names every module the process imported. A
local ``friendship contact list`` or ``today`` must not pull in the server (FastAPI,
uvicorn), the HTTP client, the terminal app or the migration machinery (Alembic), and
``--version`` imports nothing of ours beyond the version string.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from friendship_tui.store.local import Store
from friendship_tui.store.migrate import head_revision

HEAVY = ("fastapi", "uvicorn", "httpx", "textual", "alembic")


def imported_modules(*args: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """Top-level packages the real ``friendship`` process imported, and its stdout."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "friendship_tui.cli.entry", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names: set[str] = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":
                names.add(name)
    assert names, "python -X importtime wrote no import log"
    return names, proc.stdout


def heavy_in(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in HEAVY)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A current book with one contact (created, and migrated, by the store)."""
    path = tmp_path / "book.db"
    store = Store.open(path)
    asyncio.run(store.backend().create("contact", {"name": "Ann Budget"}))
    store.close()
    return path


def test_version_imports_neither_click_nor_the_store() -> None:
    names, out = imported_modules("--version")
    assert "friendship, version" in out
    assert not heavy_in(names)
    assert "click" not in names and "sqlalchemy" not in names


@pytest.mark.parametrize("command", [("contact", "list"), ("today",)])
def test_local_commands_do_not_import_server_client_app_or_alembic(
    book: Path, command: tuple[str, ...]
) -> None:
    names, out = imported_modules("--db", str(book), *command)
    if command[0] == "contact":
        assert "Ann Budget" in out  # the command did its work
    assert heavy_in(names) == []
    assert "friendship_tui.store.local" in names  # the log is complete: the store was used


def test_an_older_book_is_still_migrated(tmp_path: Path) -> None:
    """The cheap revision check must not skip a migration that is due."""
    path = tmp_path / "old.db"
    Store.open(path, revision="0005_prefix_index").close()
    names, _ = imported_modules("--db", str(path), "contact", "list")
    assert "alembic" in names
    with sqlite3.connect(path) as conn:
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == head_revision()
