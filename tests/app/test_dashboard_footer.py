"""The dashboard's footer (widgets/steady_footer.py): Textual's footer line drawn by one
widget, cell for cell; drawn again only when its keys change; a click presses a key."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

from friendship_tui.app import make_app
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.steady_footer import KeyLine, SteadyFooter
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, settings, wait_for
from .drawn_cells import Cell, drawn_line, text


def bottom_line(screen: Screen[Any]) -> list[Cell]:
    return drawn_line(screen, -1)


async def test_the_footer_draws_textuals_footer_line(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=(130, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        screen = app.screen
        line = screen.query_one(KeyLine)
        await wait_for(pilot, lambda: line.keys and "palette" in text(bottom_line(screen)))
        ours = bottom_line(screen)
        assert "l Log talk a Activity" in text(ours) and text(ours).endswith("^p palette ")
        await screen.query_one(SteadyFooter).remove()
        await screen.mount(Footer(compact=True))  # Textual's own, for the same bindings
        screen.refresh_bindings()  # which it shows once told of them
        await wait_for(pilot, lambda: bottom_line(screen) == ours, "Textual's footer, the same")


async def test_the_footer_is_drawn_again_only_when_its_keys_change(
    backend: Backend, book: Book
) -> None:
    # A keymap in the settings gives the bindings their ids, so one can be rebound below.
    app = make_app(backend, replace(settings(start=None), keymap={"dashboard.snooze": "z"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: app.screen.query_one("#agenda-stay", AgendaList).rows, "rows")
        line = app.screen.query_one(KeyLine)

        def keys() -> dict[str, str]:
            return {entry.action: entry.key for entry in line.keys}

        await wait_for(pilot, lambda: keys().get("snooze") == "z", "the footer's keys")
        first = line.keys
        app.screen.refresh_bindings()  # nothing changed: the keys are not drawn again
        app.screen.focus_next()
        await pilot.pause()
        await pilot.pause()
        assert line.keys is first

        app.set_keymap({"dashboard.snooze": "y"})  # a real change: drawn again
        await wait_for(pilot, lambda: keys()["snooze"] == "y", "the rebound key shown")
        assert "y Snooze" in text(bottom_line(app.screen))


async def test_a_click_on_a_key_presses_it(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one("#agenda-stay", AgendaList).rows, "rows")
        line = app.screen.query_one(KeyLine)
        await wait_for(pilot, lambda: any(e.action == "quick('note')" for *_, e in line.spans))
        x = next(start for start, _end, e in line.spans if e.action == "quick('note')")
        entry = line.entry_at(x + 1)
        assert entry is not None and entry.description == "Note"
        plain = bottom_line(app.screen)
        await pilot.hover(KeyLine, offset=(x, 0))  # highlighted under the mouse, as Textual's
        await wait_for(pilot, lambda: bottom_line(app.screen)[x][1] != plain[x][1], "hover")
        hovered = bottom_line(app.screen)
        assert hovered[x - 2][1] == plain[x - 2][1]  # the key before it is not
        await pilot.click(KeyLine, offset=(x, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the note form")
