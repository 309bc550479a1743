"""``friendship today`` on a big book: each list's first rows, its exact count, and a
line saying how many more there are; ``--all`` prints them, ``--json`` keeps every row
unless ``--limit``; the snoozed people left out are counted in the text too."""

from __future__ import annotations

import json
from typing import Any

from friendship_tui.cli.today_command import TEXT_ROWS
from friendship_tui.store.local import LocalBackend

from .conftest import Run

PEOPLE = 45
ON = "2026-11-25"


def _crowd(seed: Any) -> None:
    async def build(backend: LocalBackend) -> None:
        rows = [
            (
                "contact",
                {
                    "name": f"Person {i:02d}",
                    "stay_in_touch_frequency": "weekly",
                    "last_contacted_at": f"2026-10-{1 + i % 28:02d}",
                },
            )
            for i in range(PEOPLE)
        ]
        await backend.bulk_import(rows)

    seed(build)


def _stay_rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if "Stay in touch (weekly)" in line]


def test_text_prints_the_first_rows_and_says_how_many_more(run: Run, seed: Any) -> None:
    _crowd(seed)
    result = run("today", "--date", ON)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Stay in touch ({PEOPLE})" in out  # the exact count, not the rows printed
    assert len(_stay_rows(out)) == TEXT_ROWS
    assert f"  … and {PEOPLE - TEXT_ROWS} more (friendship today --all)" in out
    every = run("today", "--date", ON, "--all").stdout
    assert len(_stay_rows(every)) == PEOPLE and "more (friendship today --all)" not in every
    assert _stay_rows(every)[:TEXT_ROWS] == _stay_rows(out)  # the same order
    five = run("today", "--date", ON, "--limit", "5").stdout
    assert len(_stay_rows(five)) == 5 and f"… and {PEOPLE - 5} more" in five


def test_json_keeps_every_row_with_totals_unless_limited(run: Run, seed: Any) -> None:
    _crowd(seed)
    doc = json.loads(run("today", "--date", ON, "--json").stdout)
    assert len(doc["stay_in_touch"]) == PEOPLE
    assert doc["totals"] == {"stay_in_touch": PEOPLE, "events": 0, "reminders": 0}
    top = json.loads(run("today", "--date", ON, "--json", "--limit", "3").stdout)
    assert top["stay_in_touch"] == doc["stay_in_touch"][:3]
    assert top["totals"] == doc["totals"]


def test_all_and_limit_together_is_a_clear_error(run: Run) -> None:
    result = run("today", "--all", "--limit", "3")
    assert result.exit_code == 2
    assert "--all or --limit" in result.output


def test_plain_today_counts_the_snoozed_people(run: Run, seed: Any) -> None:
    async def build(backend: LocalBackend) -> dict[str, Any]:
        await backend.create("contact", {"name": "Eve Never", "stay_in_touch_frequency": "monthly"})
        return await backend.create(
            "contact",
            {"name": "Bob Overdue", "stay_in_touch_frequency": "weekly", "last_contacted_at": ON},
        )

    bob = seed(build)
    assert "snoozed" not in run("today", "--date", ON).stdout
    assert run("snooze", bob["id"], "--for", "2w", "--date", ON).exit_code == 0
    out = run("today", "--date", ON).stdout
    assert "Bob Overdue" not in out and "Eve Never" in out
    assert "  1 person snoozed, left out until the snooze ends" in out
