"""``friendship snooze``: hide a person from stay-in-touch until a date; ``today --json``
leaves them out and counts them in ``snoozed``."""

from __future__ import annotations

import json
from typing import Any

from friendship_tui.domain.snooze import SNOOZE_LABEL
from friendship_tui.schema import ListQuery
from friendship_tui.store.local import LocalBackend

from .conftest import Run


def _book(seed: Any) -> dict[str, Any]:
    async def build(backend: LocalBackend) -> dict[str, Any]:
        bob = await backend.create(
            "contact",
            {
                "name": "Bob Overdue",
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": "2026-10-01",
            },
        )
        await backend.create("contact", {"name": "Eve Never", "stay_in_touch_frequency": "monthly"})
        return bob

    result: dict[str, Any] = seed(build)
    return result


def _today(run: Run, on: str) -> dict[str, Any]:
    result = run("today", "--date", on, "--json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_snooze_for_a_span_hides_from_today_json(run: Run, seed: Any) -> None:
    bob = _book(seed)
    assert _today(run, "2026-11-25")["snoozed"] == 0
    result = run("snooze", bob["id"], "--for", "2w", "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "Bob Overdue snoozed until 2026-12-09." in result.stdout
    doc = _today(run, "2026-11-25")
    assert [r["contact_name"] for r in doc["stay_in_touch"]] == ["Eve Never"]
    assert doc["snoozed"] == 1
    back = _today(run, "2026-12-09")  # the day it ends: back by itself
    assert [r["contact_name"] for r in back["stay_in_touch"]] == ["Bob Overdue", "Eve Never"]
    assert back["snoozed"] == 0

    async def fields(backend: LocalBackend) -> list[dict[str, Any]]:
        page = await backend.list("custom_field", ListQuery(filters={"parent_id": [bob["id"]]}))
        return page.items

    stored = seed(fields)
    assert [(f["label"], f["kind"], f["value"]) for f in stored] == [
        (SNOOZE_LABEL, "date", "2026-12-09")
    ]


def test_snooze_until_a_date_then_wake(run: Run, seed: Any) -> None:
    bob = _book(seed)
    result = run("snooze", bob["id"], "--until", "2026-12-15", "--json", "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "contact_id": bob["id"],
        "name": "Bob Overdue",
        "snoozed_until": "2026-12-15",
    }
    assert _today(run, "2026-12-14")["snoozed"] == 1
    woke = run("snooze", bob["id"], "--wake")
    assert woke.exit_code == 0 and "back on the stay-in-touch list" in woke.stdout
    assert _today(run, "2026-12-14")["snoozed"] == 0


def test_snooze_bad_input_names_the_option(run: Run, seed: Any) -> None:
    bob = _book(seed)
    for args, field, rule in (
        (["--for", "2 fortnights"], "--for", "unit d, w, m or y"),
        (["--until", "2026-11-20"], "--until", "after today"),
        ([], "--for", "exactly one of"),
        (["--for", "1w", "--wake"], "--for", "exactly one of"),
    ):
        result = run("snooze", bob["id"], *args, "--date", "2026-11-25")
        assert result.exit_code == 2, (args, result.output)
        assert f"{field}: " in result.stderr and rule in result.stderr, result.stderr
        assert "Traceback" not in result.output
    missing = run("snooze", "no-such-id", "--for", "1w")
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    assert _today(run, "2026-11-25")["snoozed"] == 0  # nothing written by a refused call
