"""The contacts screen's partial updates (``LeanCompositor``) send the terminal exactly
what Textual's own partial update sends, while drawing fewer widgets: every frame of a
session (filter keys, a backspace, the cursor moving, the detail pane's tabs, the list
scrolled) is drawn both ways from the same changed areas and compared byte for byte."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.lean_compositor import LeanCompositor
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.store.local import LocalBackend, Store

from .conftest import SIZE, Book, settings, wait_for


class Compared(LeanCompositor):
    """Each partial update drawn Textual's way first, then the lean way, from the same
    changed areas; both kept as the bytes a terminal would get."""

    pairs: list[tuple[str, str]]
    drawn: list[set[str]]  # the widgets each lean update asked for lines

    def render_partial_update(self) -> ChopsUpdate | None:
        dirty = self._dirty_regions.copy()
        textuals = Compositor.render_partial_update(self)
        self._dirty_regions.update(dirty)
        asked: set[str] = set()
        original = Widget.render_lines

        def noting(widget: Widget, crop: Region) -> list[Strip]:
            asked.add(type(widget).__name__)
            return original(widget, crop)

        Widget.render_lines = noting  # type: ignore[method-assign,assignment]
        try:
            lean = super().render_partial_update()
        finally:
            Widget.render_lines = original  # type: ignore[method-assign]
        console = Console(
            width=SIZE[0], height=SIZE[1], force_terminal=True, color_system="truecolor"
        )
        as_bytes = [u.render_segments(console) if u is not None else "" for u in (textuals, lean)]
        self.pairs.append((as_bytes[0], as_bytes[1]))
        self.drawn.append(asked)
        return lean


async def test_partial_updates_send_what_textuals_send(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        lst = screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        compositor = screen._compositor
        assert isinstance(compositor, LeanCompositor)
        compositor.__class__ = Compared  # the same map and state, each update compared
        checked: Any = compositor
        checked.pairs, checked.drawn = [], []
        await pilot.press("down", "down", "up")
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the filter box")
        await pilot.pause()
        start = len(checked.pairs)
        await pilot.press("l")
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == "l", "the filtered list")
        await pilot.pause()
        keystroke = checked.drawn[start:]
        await pilot.press("e", "backspace", "backspace", "enter")
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == "", "the whole list")
        await pilot.press("down", "tab", "right", "right", "left", "shift+tab", "end", "home")
        await wait_for(pilot, lambda: screen.current is not None, "a contact shown")  # type: ignore[attr-defined]
        await pilot.pause()
        assert len(checked.pairs) >= 10, "the session drew too few partial updates"
        for number, (textuals, lean) in enumerate(checked.pairs):
            assert lean == textuals, f"update {number} differs"
        assert any(lean for _, lean in checked.pairs)
        # the keystroke's frames drew the list and the box, not the panes beside them
        drawn = set().union(*keystroke)
        assert "FilterInput" in drawn or "StatusLine" in drawn
        assert not drawn & {"Header", "DetailPane", "SteadyFooter", "Horizontal"}, drawn


Cell = tuple[str, object]


def _cells(strip: Strip) -> list[Cell]:
    return [(char, s.style) for s in strip for char in s.text]


class Terminal(LeanCompositor):
    """What a terminal shows, cell by cell, updated by each frame sent to it; after each
    partial update it must equal the whole screen drawn afresh (every widget's line
    cache cleared first), or a change was never marked for repainting."""

    grid: list[list[Cell]]
    stale: list[tuple[int, str, str]]  # (line, on the terminal, drawn afresh)
    updates: int
    contact_list: ContactList
    list_area: Region  # its rows: left out while it reloads (its scrollbar is compared)

    def _fresh(self) -> list[list[Cell]]:
        for widget in self.visible_widgets:
            widget._styles_cache.clear()
        return [_cells(strip) for strip in self.render_strips()]

    def render_full_update(self, simplify: bool = False) -> Any:
        update = super().render_full_update(simplify)
        self.grid = self._fresh()
        return update

    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        if update is None:
            return None
        for y, x1, x2 in update.spans:
            for (x, strip), end in zip(update.chops[y].items(), update.chop_ends[y], strict=False):
                if strip is None or x >= x2 or end <= x1:
                    continue
                for offset, cell in enumerate(_cells(strip)):
                    if x1 <= x + offset < x2:
                        self.grid[y][x + offset] = cell
        self.updates += 1
        area, lst = self.list_area, self.contact_list
        top = int(lst.scroll_y)
        settled = lst.loaded and all(
            lst._row(i) is not None for i in range(top, min(top + area.height, lst.total))
        )
        rows = range(0) if settled else area.line_range
        left, right = area.x, area.right
        for y, (shown, fresh) in enumerate(zip(self.grid, self._fresh(), strict=True)):
            if y in rows:  # (a reloaded list keeps its rows on screen until new ones land)
                shown, fresh = shown[:left] + shown[right:], fresh[:left] + fresh[right:]
            if shown != fresh:
                self.stale.append((y, "".join(c for c, _ in shown), "".join(c for c, _ in fresh)))
        return update


def _watch(app: FriendshipApp) -> Any:
    """The terminal of ``app``'s screen from now on (``Terminal``)."""
    lst = app.screen.query_one(ContactList)
    terminal: Any = app.screen._compositor
    terminal.__class__ = Terminal
    terminal.grid, terminal.stale, terminal.updates = terminal._fresh(), [], 0
    terminal.contact_list, terminal.list_area = lst, lst.scrollable_content_region
    return terminal


async def test_the_terminal_shows_the_screen_after_each_keystroke(
    app: FriendshipApp, book: Book
) -> None:
    """The filter box repaints only its text line for a change of text, cursor or
    selection (``FilterInput.refresh``): its border lines and every other cell on the
    terminal still show what a fresh draw of the whole screen shows, frame after frame."""
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        lst = screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        terminal = _watch(app)
        box = screen.query_one("#filter", Input)
        await pilot.press("slash")  # focus: the box's border changes colour
        await wait_for(pilot, lambda: app.focused is box, "the filter box")
        await pilot.press("a", "n", "left", "right", "x", "backspace", "shift+left", "right")
        await wait_for(pilot, lambda: box.value == "an" and lst.spec.q == "an", "the filter")
        await pilot.press("enter")  # focus leaves the box
        await wait_for(pilot, lambda: lst.spec.q == "an" and app.focused is lst, "the list")
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert terminal.updates >= 8
        assert terminal.stale == []


@pytest.fixture
async def long_backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    store = Store.open(tmp_path / "book.db")
    names = [f"Mara {i:03d}" for i in range(200)] + [f"Bob {i:03d}" for i in range(100)]
    store.import_rows("me", [("contact", {"name": name}) for name in names])
    store.close()
    backend = LocalBackend(Store.open(tmp_path / "book.db"), owns_store=True)
    yield backend
    await backend.close()


async def test_the_scrollbar_shows_its_thumb_after_each_frame(long_backend: LocalBackend) -> None:
    """The list repaints its rows without the scrollbar beside them (``repaint_rows``):
    the scrollbar still shows where the list is, as the cursor pages through 300
    contacts and a filter shrinks the list to 100 and back."""
    app = make_app(long_backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 300, "all contacts")
        lst.focus()
        await pilot.pause()
        terminal = _watch(app)
        await pilot.press("pagedown", "down", "end", "up", "home", "pagedown")
        await wait_for(pilot, lambda: lst.scroll_y > 0, "the list scrolled")
        await pilot.press("slash", "b")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 100, "the filtered list")
        await pilot.press("backspace")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 300, "all contacts again")
        await pilot.press("enter", "end")
        await wait_for(pilot, lambda: lst.cursor == 299 and lst.scroll_y > 200, "the last row")
        await pilot.pause()
        assert terminal.updates >= 8
        assert terminal.stale == []
