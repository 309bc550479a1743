"""The dashboard skips Textual's second styling of the whole screen as it is first shown
(screens/dashboard.py): its styles are still right then, and after a theme change."""

from __future__ import annotations

from friendship_tui.app import make_app
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.store.base import Backend

from .conftest import Book, settings, wait_for


def border_colour(app: object, panel: str) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(f"#panel-{panel}").styles.border.top[1].hex)


async def test_the_first_dashboard_is_styled(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start=None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: app.screen.query_one("#agenda-stay", AgendaList).rows)
        variables = app.get_css_variables()
        accent, panel = variables["accent"].upper(), variables["panel"].upper()
        # the focused panel's border in the accent colour (:focus-within), the others not
        await wait_for(pilot, lambda: border_colour(app, "stay").upper() == accent, "focused")
        assert border_colour(app, "events").upper() == panel
        assert app.screen.has_class("stacked")  # < 150 columns
        app.theme = "textual-light"  # a new stylesheet: styled again as Textual does
        light = app.get_css_variables()["accent"].upper()
        await wait_for(pilot, lambda: border_colour(app, "stay").upper() == light, "restyled")
