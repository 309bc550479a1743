"""Stay-in-touch due dates in the user's zone: the card, the dashboard, the list's
overdue marker, ``friendship today`` and ``friendship checkin`` agree, counting from the
LOCAL day of the last talk (not the UTC day the store keeps its key on).

The talks are picked where the local day differs from the UTC one (Auckland: the day
after; Pago Pago: the day before), so a UTC-counted due date would be a day off.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.cli.main import cli
from friendship_tui.domain.clock import LocalClock
from friendship_tui.opening.options import GlobalOptions
from friendship_tui.store.local import Store

from .conftest import SIZE, wait_for

# zone, the talk (UTC), its local day
MATRIX = [
    ("Pacific/Auckland", "2026-11-24T12:26:00Z", date(2026, 11, 25)),  # 01:26 next day
    ("Pacific/Pago_Pago", "2026-11-25T05:00:00Z", date(2026, 11, 24)),  # 18:00 day before
    ("UTC", "2026-11-24T12:26:00Z", date(2026, 11, 24)),
]


def _cli(tmp_path: Path, clock: LocalClock, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "book.db"), *args], obj=GlobalOptions(clock=clock)
    )
    assert result.exit_code == 0, result.output
    body: dict[str, object] = json.loads(result.stdout)
    return body


@pytest.mark.parametrize(("zone", "talk", "local_day"), MATRIX)
async def test_card_dashboard_list_and_cli_agree_on_the_due_day(
    tmp_path: Path, zone: str, talk: str, local_day: date
) -> None:
    tz = ZoneInfo(zone)
    due = local_day + timedelta(days=7)  # weekly, due today on the user's calendar
    noon = datetime(due.year, due.month, due.day, 12, 0, tzinfo=tz).astimezone(UTC)
    clock = LocalClock(lambda: noon, tz)
    assert clock.today() == due
    store = Store.open(tmp_path / "book.db")
    try:
        bob = await store.backend("me").create(
            "contact",
            {"name": "Bob Chen", "stay_in_touch_frequency": "weekly", "last_contacted_at": talk},
        )
        today = await asyncio.to_thread(_cli, tmp_path, clock, "today", "--json")
        assert [(r["contact_id"], r["date"], r["days"]) for r in today["stay_in_touch"]] == [  # type: ignore[attr-defined]
            (bob["id"], due.isoformat(), 0)
        ]
        queue = await asyncio.to_thread(_cli, tmp_path, clock, "checkin", "--json")
        assert [(p["contact_id"], p["days"]) for p in queue["due"]] == [(bob["id"], 0)]  # type: ignore[attr-defined]

        settings = AppSettings(clock=lambda: noon, tz=tz, start_screen="dashboard")
        app = make_app(store.backend("me"), settings)
        async with app.run_test(size=SIZE) as pilot:
            stay = lambda: app.screen.query_one("#agenda-stay", AgendaList)  # noqa: E731
            await wait_for(pilot, lambda: stay().rows, "the stay-in-touch panel")
            assert [(r.contact_id, r.date, r.days) for r in stay().rows] == [(bob["id"], due, 0)]
            assert "today" in stay().plain_rows[0]

        settings = AppSettings(clock=lambda: noon, tz=tz, start_screen="contacts")
        app = make_app(store.backend("me"), settings)
        async with app.run_test(size=SIZE) as pilot:
            card = lambda: app.screen.query_one(ContactCard).plain  # noqa: E731
            await wait_for(pilot, lambda: "Bob Chen" in card(), "Bob's card")
            assert "Next check-in: today (weekly)" in card()
            listed = app.screen.query_one(ContactList)
            await wait_for(pilot, lambda: bob["id"] in listed._overdue, "the list's page")
            assert listed._overdue[bob["id"]] is True  # due today: the list marks it
    finally:
        store.close()
