"""The first screen is drawn once, for the frame that reaches the terminal
(screens/base.py): Textual lays it out while the app starts inside a batch of updates,
in which a drawn frame is thrown away, and then draws it again on its first resize."""

from __future__ import annotations

from typing import Any

import pytest
from textual._compositor import Compositor

from friendship_tui.app import make_app
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, settings, wait_for


async def test_no_frame_is_drawn_to_be_thrown_away(
    backend: Backend, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(backend, settings(start="dashboard"))
    drawn: list[int] = []  # the app's batch depth at each screen drawn
    render_update = Compositor.render_update

    def counted(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        drawn.append(app._batch_count)
        return render_update(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", counted)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        panel = app.screen.query_one("#agenda-stay", AgendaList)
        await wait_for(pilot, lambda: panel.rows and drawn, "rows drawn")
        # every frame drawn was one the terminal gets: none inside a batch
        assert drawn and all(depth == 0 for depth in drawn), drawn
        name = panel.rows[0].contact_name
        await wait_for(pilot, lambda: name in panel.rendered_lines[0], "the top row drawn")
