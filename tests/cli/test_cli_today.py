"""``friendship today``: the agenda as plain text for cron, JSON for scripts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from friendship_tui import __version__
from friendship_tui.store.local import LocalBackend

from .conftest import Run


async def agenda_book(backend: LocalBackend) -> None:
    await backend.create("contact", {"name": "Ann Birthday", "birthday": "1986-11-26"})
    await backend.create(
        "contact",
        {
            "name": "Bob Overdue",
            "stay_in_touch_frequency": "weekly",
            "last_contacted_at": "2026-10-01",
        },
    )
    carl = await backend.create("contact", {"name": "Carl"})
    await backend.create(
        "reminder",
        {"parent_id": carl["id"], "due_date": "2026-11-30", "message": "Return the drill"},
    )


def test_today_prints_plain_text_when_piped(run: Run, seed: Any) -> None:
    seed(agenda_book)
    result = run("today", "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes in a pipe
    assert "Ann Birthday: Birthday (turns 40), tomorrow" in out
    assert "Bob Overdue: Stay in touch (weekly)" in out and "overdue" in out
    assert "Carl: Return the drill, in 5 days" in out
    assert out.index("Stay in touch") < out.index("Coming up") < out.index("Reminders")


def test_today_json_and_horizon(run: Run, seed: Any) -> None:
    seed(agenda_book)
    doc = json.loads(run("today", "--date", "2026-11-25", "--json").stdout)
    assert doc["today"] == "2026-11-25" and doc["horizon_days"] == 30
    assert [r["contact_name"] for r in doc["events"]] == ["Ann Birthday"]
    assert doc["events"][0]["years"] == 40
    assert [r["title"] for r in doc["reminders"]] == ["Return the drill"]
    narrow = json.loads(run("today", "--date", "2026-11-25", "--days", "0", "--json").stdout)
    assert narrow["events"] == [] and narrow["reminders"] == []


def test_today_on_an_empty_book_still_exits_0(run: Run) -> None:
    result = run("today")
    assert result.exit_code == 0
    assert "Nothing due" in result.stdout


def test_today_exits_3_when_the_backend_fails(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("today", db_path=blocker / "book.db")
    assert result.exit_code == 3
    assert result.stdout == ""


def _friendship() -> list[str]:
    exe = shutil.which("friendship", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "friendship_tui.cli.main"]


def test_real_process_version_and_today(tmp_path: Path, seed: Any, db: Path) -> None:
    seed(agenda_book)
    env = {**os.environ, "FRIENDSHIP_DB": str(db), "NO_COLOR": "1"}
    version = subprocess.run(
        [*_friendship(), "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert version.returncode == 0 and __version__ in version.stdout
    today = subprocess.run(
        [*_friendship(), "today", "--date", "2026-11-25"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert today.returncode == 0, today.stderr
    assert "Ann Birthday" in today.stdout and "\x1b[" not in today.stdout
