"""What a short command imports, read from a real process (``python -X importtime``).

Not a timing: Python's own import log names every module the process imported. A
local ``friendship contact list`` or ``today`` must not pull in the server (FastAPI,
uvicorn), the HTTP client, the terminal app or the migration machinery (Alembic), and
``--version`` imports nothing of ours beyond the version string. ``contact list`` on a
current book does not even import SQLAlchemy (store/sqlite_book.py, fast_reads.py).

The app's first screen, in a real process driven to its first data row, has imported
that screen and nothing of the others: no other screen, no dialog, no form.
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

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


def logged_imports(log: str) -> set[str]:
    """Module names in a ``-X importtime`` log (a line may follow terminal output)."""
    names: set[str] = set()
    for line in log.splitlines():
        entry = line[line.find("import time:") :] if "import time:" in line else ""
        if "|" in entry:
            name = entry.rsplit("|", 1)[1].strip()
            if name != "package":
                names.add(name)
    return names


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


def _reread(file: IO[str]) -> str:
    file.seek(0)
    return file.read()


def app_start_modules(book: Path, marker: str, settings: Path) -> set[str]:
    """The real bare ``friendship --db BOOK`` on a terminal (a pty) until ``marker`` is
    drawn, then quit with ctrl+q: every module the process imported on the way."""
    command = [sys.executable, "-X", "importtime", "-m", "friendship_tui.cli.entry"]
    return logged_imports(run_to_marker([*command, "--db", str(book)], marker, settings))


def run_to_marker(command: list[str], marker: str, settings: Path) -> str:
    """Run the app's ``command`` on a pty until ``marker`` is drawn, quit it with ctrl+q;
    what it wrote on stderr (where the app draws)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "FRIENDSHIP_SETTINGS": str(settings)}
    with tempfile.TemporaryFile("w+") as err:  # the app draws on stderr, as the log goes
        proc = subprocess.Popen(
            command, stdin=follower, stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        try:
            deadline = time.monotonic() + 120
            while marker not in _reread(err):
                assert proc.poll() is None, "the app ended before its first screen"
                assert time.monotonic() < deadline, "the first screen never appeared"
                time.sleep(0.05)
            os.write(leader, b"\x11")  # ctrl+q
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(leader)
            os.close(follower)
        return _reread(err)


def _due_book(tmp_path: Path) -> Path:
    """A book whose one contact is overdue: the app opens on the dashboard."""
    path = tmp_path / "book.db"
    store = Store.open(path)
    body = {
        "name": "Ann Budget",
        "stay_in_touch_frequency": "weekly",
        "last_contacted_at": "2026-01-01T10:00:00Z",
    }
    asyncio.run(store.backend().create("contact", body))
    store.close()
    return path


def test_the_bare_app_starts_without_click(tmp_path: Path) -> None:
    """``friendship`` with only ``--db`` reads its options itself (cli/entry.py): the
    app is on screen without click or the subcommands' CLI modules ever imported."""
    path = _due_book(tmp_path)
    names = app_start_modules(path, "Stay in touch", tmp_path / "settings.toml")
    # The log is complete up to the app's start (later lines may be cut by its drawing).
    assert {"friendship_tui.app.app", "friendship_tui.app.start_read"} <= names
    assert "click" not in names
    assert sorted(n for n in names if n.startswith("friendship_tui.cli.") and "entry" not in n) == [
        "friendship_tui.cli.app_command",
        "friendship_tui.cli.argv",  # the options' reader: no imports of its own
    ]


# Imported only when needed, never for the first screen of a current book with no
# settings file: the settings file's parser and writer (app/settings_file.py) and the
# migration machinery (the book's head is in store/lineage.py).
NOT_AT_APP_START = ("tomllib", "json", "friendship_tui.store.migrate")

# Ours, each of which creates record classes (dataclasses, ~0.5-1 ms each) or builds
# tables as it is imported, and none of which the dashboard's first frame needs: the
# 11 model declarations and the Field/Model records (the start reads schema/kinds.py),
# the validators, the other screens' messages, the records besides Status, the
# helpers of a delete, a theme change or an undo's message, and those of the
# dashboard's keys (a quick form, a reminder done, a snooze), a list's Page, the
# field types and the write hooks (an undoable create reads them).
NOT_FOR_THE_FIRST_FRAME = (
    "friendship_tui.schema.fields",
    "friendship_tui.schema.models",
    "friendship_tui.schema.validation",
    "friendship_tui.app.list_messages",
    "friendship_tui.store.backend_records",
    "friendship_tui.app.display",
    "friendship_tui.app.writes",
    "friendship_tui.app.quick_actions",
    "friendship_tui.app.follow_ups",
    "friendship_tui.app.snoozing",
    "friendship_tui.store.page",
    "friendship_tui.schema.field_kinds",
    "friendship_tui.domain.hooks",
    "friendship_tui.domain.relationships",
)


def test_the_bare_app_start_skips_what_its_first_screen_does_not_need(tmp_path: Path) -> None:
    names = app_start_modules(_due_book(tmp_path), "Stay in touch", tmp_path / "none.toml")
    # the log is complete: the settings file was looked for, the book opened at its head
    assert {"friendship_tui.app.settings_file", "friendship_tui.store.lineage"} <= names
    assert sorted(n for n in names if n.split(".")[0] in NOT_AT_APP_START) == []
    assert [n for n in NOT_AT_APP_START if n in names] == []
    assert [n for n in NOT_FOR_THE_FIRST_FRAME if n in names] == []
    # the log is complete where it matters: the schema's date parsers and kinds were used
    assert {"friendship_tui.schema.dates", "friendship_tui.schema.kinds"} <= names


# The bare ``friendship`` with an audit hook that notes, as each of these modules is
# imported, whether the cycle collector is on.
GC_AT_IMPORT = """
import gc, sys
WATCH = {"friendship_tui.opening.options", "friendship_tui.store.local", "textual.app"}
seen = {}
def hook(event, args):
    if event == "import" and args[0] in WATCH and args[0] not in seen:
        seen[args[0]] = gc.isenabled()
        if len(seen) == len(WATCH):
            sys.stderr.write(f"gc-at-import {sorted(seen.items())}\\n")
sys.addaudithook(hook)
sys.argv = ["friendship", "--db", sys.argv[1]]
from friendship_tui.cli.entry import main
main()
"""


def test_the_bare_app_imports_with_the_cycle_collector_off(tmp_path: Path) -> None:
    """The start allocates much and frees little: no collection passes over our imports,
    the book's opening or Textual's (app/settle.py turns the collector back on)."""
    command = [sys.executable, "-c", GC_AT_IMPORT, str(_due_book(tmp_path))]
    log = run_to_marker(command, "Stay in touch", tmp_path / "none.toml")
    assert "gc-at-import [" in log, "the hook saw every module imported"
    seen = log.split("gc-at-import ", 1)[1].split("]", 1)[0] + "]"
    assert seen == (
        "[('friendship_tui.opening.options', False), ('friendship_tui.store.local', False),"
        " ('textual.app', False)]"
    )


# Commands that read a current local book without SQLAlchemy. ``today`` joins them when
# the agenda is read on the plain connection (``Store.agenda``'s seam, read_agenda).
SQLALCHEMY_FREE = [("contact", "list"), ("contact", "list", "--ndjson")]


@pytest.mark.parametrize("command", SQLALCHEMY_FREE)
def test_a_current_book_is_read_without_sqlalchemy(book: Path, command: tuple[str, ...]) -> None:
    names, out = imported_modules("--db", str(book), *command)
    assert "Ann Budget" in out
    assert sorted(n for n in names if n.split(".")[0] == "sqlalchemy") == []
    assert "friendship_tui.store.fast_reads" in names  # it was read, the fast way


def test_today_reads_the_agenda_without_sqlalchemy(tmp_path: Path) -> None:
    """The morning command on a current book: the agenda's plain SQL on sqlite3."""
    path = tmp_path / "book.db"
    store = Store.open(path)
    body = {"name": "Ann Budget", "stay_in_touch_frequency": "weekly"}
    asyncio.run(store.backend().create("contact", body))
    store.close()
    names, out = imported_modules("--db", str(path), "today")
    assert "Ann Budget" in out  # never contacted, tracked weekly: due now
    assert sorted(n for n in names if n.split(".")[0] == "sqlalchemy") == []
    assert "friendship_tui.store.agenda_sql" in names


def test_an_older_book_is_still_migrated(tmp_path: Path) -> None:
    """The cheap revision check must not skip a migration that is due."""
    path = tmp_path / "old.db"
    Store.open(path, revision="0005_prefix_index").close()
    names, _ = imported_modules("--db", str(path), "contact", "list")
    assert "alembic" in names
    with sqlite3.connect(path) as conn:
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == head_revision()


# Run in a child process: drive the real app (pilot) until its first screen shows its
# first data row, then print every module the process has imported.
FIRST_SCREEN = """
import asyncio, json, sys
from datetime import UTC, datetime
from friendship_tui.app import make_app
from friendship_tui.app.settings import AppSettings
from friendship_tui.store.local import open_local

async def main(path, marker):
    backend = open_local(path)
    settings = AppSettings(clock=lambda: datetime(2026, 11, 25, 9, tzinfo=UTC), tz=UTC)
    app = make_app(backend, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):
            if marker in app.export_screenshot():
                break
            await pilot.pause(0.05)
        else:
            raise SystemExit("the first data row never appeared")
        print(type(app.screen).__name__)
        print(json.dumps(sorted(sys.modules)))
    await backend.close()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""
SCREENS = "friendship_tui.app.screens."
EVERY_SCREEN = {
    "ContactsScreen": SCREENS + "contacts",
    "DashboardScreen": SCREENS + "dashboard",
    "JournalScreen": SCREENS + "journal",
}
NEVER_AT_START = [
    SCREENS + name
    for name in ("form", "checkin", "help", "confirm", "snooze", "follow_up", "contact_picker")
] + ["friendship_tui.app.widgets.field_editor"]


def first_screen_modules(book: Path, marker: str) -> tuple[str, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(book), marker],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    screen, modules = proc.stdout.strip().splitlines()[-2:]
    return screen, set(json.loads(modules))


@pytest.mark.parametrize("due", [True, False], ids=["dashboard", "contacts"])
def test_the_first_screen_imports_only_itself(tmp_path: Path, due: bool) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    body = {"name": "Zoe Firstscreen"}
    if due:  # someone overdue: the app opens on the dashboard
        body |= {"stay_in_touch_frequency": "weekly", "last_contacted_at": "2026-01-01T10:00:00Z"}
    asyncio.run(store.backend().create("contact", body))
    store.close()
    screen, modules = first_screen_modules(path, "Firstscreen")  # SVG text: no spaces
    assert screen == ("DashboardScreen" if due else "ContactsScreen")
    others = [m for name, m in EVERY_SCREEN.items() if name != screen]
    assert EVERY_SCREEN[screen] in modules  # the log is complete: the screen was imported
    assert [m for m in [*others, *NEVER_AT_START] if m in modules] == []
    assert heavy_in(modules - {m for m in modules if m.startswith("textual")}) == []
    if due:  # the dashboard draws its header and footer itself (title_bar, steady_footer)
        assert [m for m in NOT_ON_THE_DASHBOARD if m in modules] == []
        # nor did its first frame create the records and tables it does not show
        assert [m for m in NOT_FOR_THE_FIRST_FRAME if m in modules] == []


# Textual's parts the dashboard does without before its first frame.
NOT_ON_THE_DASHBOARD = ["textual.widgets._header", "textual.widgets._footer"]
