"""The dashboard's footer (widgets/steady_footer.py) builds its keys once as the first
screen mounts, keeps them while the bindings stay the same, and redraws when they change."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets._footer import FooterKey

from friendship_tui.app import make_app
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.steady_footer import SteadyFooter
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, settings, wait_for


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    backend: Backend, book: Book
) -> None:
    # A keymap in the settings gives the bindings their ids, so one can be rebound below.
    app = make_app(backend, replace(settings(start=None), keymap={"dashboard.snooze": "z"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: app.screen.query_one("#agenda-stay", AgendaList).rows, "rows")
        footer = app.screen.query_one(SteadyFooter)

        def keys() -> dict[str, FooterKey]:
            return {k.action: k for k in footer.query(FooterKey)}

        await wait_for(pilot, lambda: "snooze" in keys(), "the footer's keys")
        first = keys()
        assert first["snooze"].key == "z"
        app.screen.refresh_bindings()  # nothing changed: the same key widgets stay
        app.screen.focus_next()
        await pilot.pause()
        await pilot.pause()
        assert all(keys()[action] is widget for action, widget in first.items())

        app.set_keymap({"dashboard.snooze": "y"})  # a real change: drawn again
        await wait_for(pilot, lambda: keys()["snooze"].key == "y", "the rebound key shown")
        assert keys()["snooze"] is not first["snooze"]
