"""The dashboard's header (widgets/title_bar.py) is one widget, drawn cell for cell as
Textual's four-widget header is on the other screens."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Header

from friendship_tui.app import make_app
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.title_bar import TitleBar
from friendship_tui.store.base import Backend

from .conftest import Book, settings, wait_for
from .drawn_cells import Cell, drawn_line, text


def top_line(screen: Screen[Any]) -> list[Cell]:
    return drawn_line(screen, 0)


async def header_lines(backend: Backend, size: tuple[int, int]) -> tuple[list[Cell], list[Cell]]:
    """The top line of the contacts screen (Textual's header) and of the dashboard."""
    app = make_app(backend, settings())
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "contacts")
        contacts = app.screen
        assert isinstance(contacts, ContactsScreen) and contacts.query(Header)
        await wait_for(pilot, lambda: "friendship" in text(top_line(contacts)), "the title")
        textuals = top_line(contacts)
        app.action_show_dashboard()
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        dashboard = app.screen
        assert not dashboard.query(Header) and dashboard.query(TitleBar)
        await wait_for(pilot, lambda: top_line(dashboard) == textuals, f"the same at {size}")
        return textuals, top_line(dashboard)


async def test_the_dashboard_header_is_drawn_as_textuals(backend: Backend, book: Book) -> None:
    for size in ((120, 30), (80, 24), (30, 10)):
        textuals, ours = await header_lines(backend, size)
        assert ours == textuals, size
    assert "…" in text(textuals)  # 30 columns: the status cut short, as Textual cuts it


async def test_the_header_follows_the_status(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.sub_title = "synced 2 min ago"
        title = "friendship - synced 2 min ago"
        await wait_for(pilot, lambda: title in text(top_line(app.screen)), "the new status")
        # centred between the icon's 8 cells and the clock's 10
        assert text(top_line(app.screen)).index(title) == 8 + (120 - 18 - len(title)) // 2


async def test_the_icon_is_highlighted_under_the_mouse(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "friendship" in text(top_line(app.screen)), "the title")
        plain = top_line(app.screen)
        await pilot.hover(TitleBar, offset=(1, 0))
        await wait_for(pilot, lambda: top_line(app.screen)[1][1] != plain[1][1], "highlighted")
        assert top_line(app.screen)[20] == plain[20]  # the rest of the line is not
        await pilot.hover(TitleBar, offset=(60, 0))
        await wait_for(pilot, lambda: top_line(app.screen) == plain, "not highlighted again")
