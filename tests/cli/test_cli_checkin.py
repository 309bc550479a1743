"""``friendship checkin``: the review's queue as JSON for scripts, and the real command
opening the app on the review in a real terminal (a pty)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from friendship_tui.store.local import LocalBackend

from .conftest import Run


async def due_book(backend: LocalBackend) -> None:
    ann = await backend.create(
        "contact",
        {
            "name": "Ann Lee",
            "stay_in_touch_frequency": "monthly",
            "last_contacted_at": "2026-09-01",
            "stay_in_touch_topic": "the climbing trip",
            "birthday": "1990-12-01",
        },
    )
    await backend.create("note", {"parent_id": ann["id"], "body": "Pinned fact", "pinned": True})
    await backend.create("gift", {"parent_id": ann["id"], "title": "Tea set", "status": "idea"})
    await backend.create(
        "contact",
        {
            "name": "Finn Moss",
            "stay_in_touch_frequency": "weekly",
            "last_contacted_at": "2026-11-10",
        },
    )
    await backend.create("contact", {"name": "Bob Later", "stay_in_touch_frequency": "weekly",
                                     "last_contacted_at": "2026-11-24"})  # fmt: skip


def test_checkin_json_lists_who_is_due_most_overdue_first(run: Run, seed: Any) -> None:
    seed(due_book)
    result = run("checkin", "--json", "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(p["name"], p["days"]) for p in doc["due"]] == [("Ann Lee", -55), ("Finn Moss", -8)]
    brief = doc["due"][0]["brief"]
    assert brief["Talk about"] == ["the climbing trip"]
    assert brief["Pinned notes"] == ["Pinned fact"]
    assert brief["Gift ideas"] == ["Tea set"]
    assert brief["Next date"] == ["Birthday Tue 1 Dec (turns 36), in 6 days"]
    assert doc["snoozed"] == 0

    snoozed = run("snooze", doc["due"][0]["contact_id"], "--for", "1w", "--date", "2026-11-25")
    assert snoozed.exit_code == 0, snoozed.output
    after = json.loads(run("checkin", "--json", "--date", "2026-11-25").stdout)
    assert [p["name"] for p in after["due"]] == ["Finn Moss"]
    assert after["snoozed"] == 1


def _read_until(fd: int, needle: bytes, limit: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and needle not in seen:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_checkin_opens_the_app_on_the_review(db: Path, seed: Any, tmp_path: Path) -> None:
    """The installed command in a pseudo-terminal: the first screen is "1 of 2 · Ann Lee"."""
    import pty

    seed(due_book)
    main, child = pty.openpty()
    os.set_blocking(main, False)
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
        "TEXTUAL_ANIMATIONS": "none",
        "FRIENDSHIP_SETTINGS": str(tmp_path / "none.toml"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "friendship_tui.cli.main", "--db", str(db), "checkin",
         "--date", "2026-11-25"],
        stdin=child, stdout=child, stderr=child, env=env, close_fds=True,
    )  # fmt: skip
    os.close(child)
    try:
        seen = _read_until(main, b"Ann Lee", 60.0)
        assert b"1 of 2" in seen + _read_until(main, b"1 of 2", 10.0), seen[-2000:]
        # q leaves the review (the dashboard is under it), q again quits the app: keep
        # pressing until the process is gone, as a person would
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            os.write(main, b"q")
            _read_until(main, b"\x00never", 0.5)  # drain the screen updates
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
