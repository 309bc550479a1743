"""The filter box's text line drawn as segments (``FilterInput.render_line``) is the
line Textual's ``Input`` draws: typed text, the cursor at its end shown or hidden (its
blink), unfocused, wide characters, a value as wide as the box, and the cases it
leaves to ``Input`` (cursor inside the text, selection, placeholder)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from friendship_tui.app import make_app
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.filter_input import FilterInput
from friendship_tui.store.base import Backend

from .conftest import Book, settings, wait_for

VALUES = ["m", "mar", "[b]ann[/b]", "王小明", "Zoë 🎉", "x" * 38, "y" * 60]


def segments(box: FilterInput, ours: bool) -> list[tuple[str, Any]]:
    line = box.render_line(0) if ours else Input.render_line(box, 0)
    return [(s.text, s.style) for s in line]


@pytest.mark.parametrize("size", [(120, 36), (70, 20)])
async def test_the_filter_line_is_drawn_as_input_draws_it(
    backend: Backend, book: Book, size: tuple[int, int]
) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=size) as pilot:
        lst = app.screen.query_one(ContactList)
        box = app.screen.query_one("#filter", FilterInput)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        await pilot.press("slash")
        await wait_for(pilot, lambda: box.has_focus, "the box focused")
        box.cursor_blink = False  # the test sets the blink's state itself
        for value in VALUES:
            box.value = value
            box.cursor_position = len(value)
            for visible in (True, False):
                box._cursor_visible = visible
                assert segments(box, ours=True) == segments(box, ours=False), (value, visible)
            box.cursor_position = 1  # (inside the text: Input's own path)
            assert segments(box, ours=True) == segments(box, ours=False), value
        box.value = ""
        assert segments(box, ours=True) == segments(box, ours=False)  # the placeholder
        box.value = "mar"
        box.cursor_position = 3
        box.focus(False)
        lst.focus()
        await wait_for(pilot, lambda: not box.has_focus, "the box unfocused")
        assert segments(box, ours=True) == segments(box, ours=False)
