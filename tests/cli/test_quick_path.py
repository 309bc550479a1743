"""``friendship today`` and ``friendship <type> list`` without click (cli/quick.py).

The console script answers these two itself; every other spelling goes to click. The
promise is that a person cannot tell: each command line below is run as two real
processes on one real book, once through the console script's entry (the quick path)
and once straight through the click group (``cli.main``), and both must print the same
bytes on stdout and stderr and end with the same exit status.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from friendship_tui.cli.quick import quick_command
from friendship_tui.store.local import Store

from .test_import_budget import imported_modules


def friendship(module: str, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """People due for a call, birthdays coming, a note and a life event."""
    path = tmp_path_factory.mktemp("quick") / "book.db"
    store = Store.open(path)
    backend = store.backend()

    async def fill() -> None:
        for i in range(30):
            contact = await backend.create(
                "contact",
                {
                    "name": f"Person {i:02d} Quick",
                    "stay_in_touch_frequency": "weekly" if i % 3 else "monthly",
                    "last_contacted_at": f"2026-0{1 + i % 9}-10T10:00:00Z",
                    "birthday": f"1980-{1 + i % 12:02d}-{1 + i % 27:02d}",
                },
            )
            if i % 5 == 0:
                await backend.create("note", {"parent_id": contact["id"], "body": f"note {i}"})
                event = {"title": f"Moved {i}", "occurred_at": "2020-03-04"}
                await backend.create("life_event", {"parent_id": contact["id"], **event})

    asyncio.run(fill())
    store.close()
    return path


SAME = [
    ["today", "--date", "2026-11-25"],
    ["today", "--date=2026-02-03", "--days", "7"],
    ["today", "--date", "2026-11-25", "--limit", "2"],
    ["today", "--date", "2026-11-25", "--all"],
    ["today", "--date", "2026-11-25", "--days=60", "--json"],
    ["today", "--date", "2026-11-25", "--days", "0"],
    ["contact", "list"],
    ["contact", "list", "--limit", "4"],
    ["contact", "list", "--limit=3", "--json"],
    ["contact", "list", "--all", "--ndjson"],
    ["contact", "list", "--columns", "name,id", "--limit", "5"],
    ["note", "list"],
    ["life-event", "list", "--json"],
    ["activity", "list"],  # none: "No activities."
    # click's to refuse, with its own words and status
    ["today", "--days", "400"],
    ["today", "--limit", "2", "--all"],
    ["today", "--date", "2026-13-01"],
    ["contact", "list", "--limit", "0"],
    ["contact", "list", "--bogus"],
]


@pytest.mark.parametrize("args", SAME, ids=[" ".join(a) for a in SAME])
def test_the_quick_path_prints_what_click_prints(book: Path, args: list[str]) -> None:
    quick = friendship("friendship_tui.cli.entry", "--db", str(book), *args)
    clicked = friendship("friendship_tui.cli.main", "--db", str(book), *args)
    assert quick == clicked
    assert quick[1] or quick[2]  # something was said (the comparison is not of nothing)


def test_a_missing_book_fails_alike(tmp_path: Path) -> None:
    missing = str(tmp_path / "no" / "such" / "book.db")
    quick = friendship("friendship_tui.cli.entry", "--db", missing, "today")
    assert quick == friendship("friendship_tui.cli.main", "--db", missing, "today")
    assert quick[0] == 3 and "does not exist" in quick[2]


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["--db", "b.db", "today", "--days", "7", "--limit", "0", "--json"],
        ["--db=b.db", "--db", "c.db", "contact", "list", "--all"],
        ["contact", "list", "--limit", "3", "--ndjson"],
        ["life-event", "list"],
    ],
)
def test_everyday_spellings_are_taken(args: list[str]) -> None:
    assert quick_command(args) is not None


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["--db", "b.db"],  # the app
        ["--profile", "work", "today"],
        ["--demo", "contact", "list"],
        ["today", "--help"],
        ["today", "--notify"],
        ["today", "--days", "-1"],
        ["today", "--days", "367"],
        ["today", "--days", "٣"],  # a digit outside ASCII: click judges it
        ["today", "--limit", "1", "--all"],
        ["today", "--date", "25/11/2026"],
        ["contact", "list", "--filter", "city=Oslo"],
        ["contact", "list", "--sort", "-name"],
        ["contact", "list", "--limit", "0"],
        ["contact", "get", "X"],
        ["nosuchtype", "list"],
        ["--db", "--", "today"],
        ["--dbx", "b.db", "today"],
    ],
)
def test_anything_else_goes_to_click(args: list[str]) -> None:
    assert quick_command(args) is None


@pytest.mark.parametrize("command", [("contact", "list"), ("today",)])
def test_the_quick_commands_import_neither_click_nor_asyncio(
    book: Path, command: tuple[str, ...]
) -> None:
    names, out = imported_modules("--db", str(book), *command)
    assert "Person" in out  # the command did its work
    assert "friendship_tui.cli.quick" in names  # the log is complete
    assert "click" not in names
    assert "asyncio" not in names
