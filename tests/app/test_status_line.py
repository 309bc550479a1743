"""The list's status line drawn in one step (``status_line``) draws the cells Textual's
own path draws: short text padded, long text cut with "…", wide characters, any width."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget

from friendship_tui.app import make_app
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.status_line import StatusLine
from friendship_tui.store.base import Backend

from .conftest import Book, settings, wait_for

TEXTS = [
    "4 contacts · by name",
    "1,234 matching “mar” · by name",
    "0 matching “glob and a good many more words than fit” · ★ only · by name",
    "2 matching “王小明王小明王小明王小明王小明王小明王” · by name",
    "1 matching “[b]ann[/b]” · by name",
]


def cells(widget: StatusLine, direct: bool) -> list[list[tuple[str, Any]]]:
    region = widget.region.reset_offset
    if direct:
        lines = widget.render_lines(region)
    else:
        widget._styles_cache.clear()
        lines = Widget.render_lines(widget, region)
    return [[(s.text, s.style) for s in line] for line in lines]


@pytest.mark.parametrize("size", [(120, 36), (70, 20)])
async def test_the_status_line_draws_what_textual_draws(
    backend: Backend, book: Book, size: tuple[int, int]
) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=size) as pilot:
        lst = app.screen.query_one(ContactList)
        status = app.screen.query_one("#list-status", StatusLine)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        for text in TEXTS:
            status.update(text, layout=False)
            assert status._drawable() == text  # (the direct path, not Textual's)
            textual = cells(status, direct=False)
            assert cells(status, direct=True) == textual, (size, text)
            assert cells(status, direct=True) == textual  # (from its cache)
        # a new theme: the cached lines are not served in the old colours
        status.update(TEXTS[0], layout=False)
        before = cells(status, direct=True)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await wait_for(pilot, lambda: cells(status, direct=True) != before, "new colours")
        assert cells(status, direct=True) == cells(status, direct=False)
