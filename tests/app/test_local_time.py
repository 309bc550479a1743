"""The user's time zone, everywhere: the app and the CLI agree on "today" and on times.

One injected clock (an instant + a zone); the instants are picked where the local date
differs from UTC's, so a UTC "today" anywhere would make these fail.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from textual.widgets import Input

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.cli.main import cli
from friendship_tui.cli.options import GlobalOptions
from friendship_tui.domain.clock import LocalClock
from friendship_tui.store.local import Store

from .conftest import SIZE, wait_for

# zone, the instant (UTC), the user's local date at that instant
MATRIX = [
    ("Pacific/Pago_Pago", datetime(2026, 11, 25, 5, 0, tzinfo=UTC), date(2026, 11, 24)),  # UTC-11
    ("UTC", datetime(2026, 11, 24, 23, 30, tzinfo=UTC), date(2026, 11, 24)),
    ("Pacific/Kiritimati", datetime(2026, 11, 24, 12, 0, tzinfo=UTC), date(2026, 11, 25)),  # +14
]


async def book(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "book.db")
    await store.backend("me").create("contact", {"name": "Ann Lee", "birthday": "1990-11-28"})
    return store


@pytest.mark.parametrize(("zone", "instant", "local_day"), MATRIX)
async def test_app_and_cli_agree_on_today(
    tmp_path: Path, zone: str, instant: datetime, local_day: date
) -> None:
    tz = ZoneInfo(zone)
    clock = LocalClock(lambda: instant, tz)
    assert clock.today() == local_day
    expected_days = (date(2026, 11, 28) - local_day).days
    store = await book(tmp_path)
    try:
        result = await asyncio.to_thread(  # the CLI runs its own event loop
            CliRunner().invoke,
            cli,
            ["--db", str(tmp_path / "book.db"), "today", "--json"],
            obj=GlobalOptions(clock=clock),
        )
        assert result.exit_code == 0, result.output
        agenda = json.loads(result.output)
        assert agenda["today"] == local_day.isoformat()
        [cli_row] = agenda["events"]
        assert cli_row["days"] == expected_days

        settings = AppSettings(clock=lambda: instant, tz=tz, start_screen="dashboard")
        app = make_app(store.backend("me"), settings)
        async with app.run_test(size=SIZE) as pilot:
            events = lambda: app.screen.query_one("#agenda-events", AgendaList)  # noqa: E731
            await wait_for(pilot, lambda: events().rows, "the events panel")
            [row] = events().rows
            assert row.days == cli_row["days"]
            assert cli_row["when"] in events().plain_rows[0]
    finally:
        store.close()


async def test_last_contacted_reads_in_local_time(tmp_path: Path) -> None:
    """12:26 UTC is 01:26 the next day in Auckland: the card says so."""
    store = Store.open(tmp_path / "book.db")
    try:
        await store.backend("me").create(
            "contact", {"name": "Bob Chen", "last_contacted_at": "2026-11-24T12:26:00Z"}
        )
        settings = AppSettings(
            clock=lambda: datetime(2026, 11, 25, 0, 0, tzinfo=UTC),
            tz=ZoneInfo("Pacific/Auckland"),
            start_screen="contacts",
        )
        app = make_app(store.backend("me"), settings)
        async with app.run_test(size=SIZE) as pilot:
            card = lambda: app.screen.query_one(ContactCard).plain  # noqa: E731
            await wait_for(pilot, lambda: "Bob Chen" in card(), "Bob's card")
            assert "Last contacted: 2026-11-25 01:26" in card()
    finally:
        store.close()


async def test_form_times_are_typed_and_shown_in_local_time(tmp_path: Path) -> None:
    """The log form shows now on the local clock; what is typed is local; UTC is stored."""
    store = Store.open(tmp_path / "book.db")
    try:
        backend = store.backend("me")
        await backend.create("contact", {"name": "Bob Chen"})
        settings = AppSettings(
            clock=lambda: datetime(2026, 11, 25, 0, 0, tzinfo=UTC),
            tz=ZoneInfo("Pacific/Auckland"),
            start_screen="contacts",
        )
        app = make_app(backend, settings)
        async with app.run_test(size=SIZE) as pilot:
            card = lambda: app.screen.query_one(ContactCard).plain  # noqa: E731
            await wait_for(pilot, lambda: "Bob Chen" in card(), "Bob's card")
            await pilot.press("l")
            await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "log form")
            form = app.screen
            assert isinstance(form, FormScreen)
            when = form.editor("occurred_at").query_one(Input)
            assert when.value == "2026-11-25T13:00:00+13:00"
            when.value = "2026-11-25T09:30"  # local, no offset typed
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), "saved")
        [talk] = (await backend.list("conversation")).items
        assert talk["occurred_at"] == "2026-11-24T20:30:00Z"
    finally:
        store.close()


async def test_cli_shows_times_on_the_same_local_clock(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "book.db")
    try:
        made = await store.backend("me").create(
            "contact", {"name": "Bob Chen", "last_contacted_at": "2026-11-24T12:26:00Z"}
        )
        clock = LocalClock(lambda: datetime(2026, 11, 25, tzinfo=UTC), ZoneInfo("Pacific/Auckland"))
        args = ["--db", str(tmp_path / "book.db"), "contact", "get", made["id"]]
        shown = await asyncio.to_thread(
            CliRunner().invoke, cli, args, obj=GlobalOptions(clock=clock)
        )
        assert "2026-11-25 01:26 +13:00" in shown.output  # the app's card says 01:26 too
        as_json = await asyncio.to_thread(
            CliRunner().invoke, cli, [*args, "--json"], obj=GlobalOptions(clock=clock)
        )
        assert json.loads(as_json.output)["last_contacted_at"] == "2026-11-24T12:26:00Z"
    finally:
        store.close()
