"""``friendship --demo``: a throw-away book with sample data, opened in the app."""

from __future__ import annotations

import shutil

from friendship_tui.app import make_app
from friendship_tui.app.launch import make_demo_backend
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.schema import ListQuery

from .conftest import SIZE, TODAY, settings, wait_for


async def test_demo_book_opens_on_a_busy_dashboard() -> None:
    backend, folder = await make_demo_backend(TODAY, n_contacts=20)
    try:
        page = await backend.list("contact", ListQuery(limit=200))
        assert len(page.items) == 20
        app = make_app(backend, settings(start=None))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
            await wait_for(
                pilot,
                lambda: app.screen.query_one("#agenda-stay", AgendaList).rows,
                "stay-in-touch rows",
            )
        await backend.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert not folder.exists()
