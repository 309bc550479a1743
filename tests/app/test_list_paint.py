"""A filter keystroke's frame leaves alone what looks the same (``list_paint.py``): the
list's scrollbar when its thumb stays put, and rows drawn for the previous query. What
is on screen must still be what a full repaint draws, and a changed row is drawn anew."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.geometry import Region
from textual.pilot import Pilot
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widgets import Input

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets import contact_pages
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.list_paint import thumb_span
from friendship_tui.store.local import LocalBackend, Store

from .conftest import TODAY, wait_for

N = 240
SHORT = (120, 12)  # a list 6 rows high: 240, 160 or 80 rows all draw a one-cell thumb


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    store = Store.open(tmp_path / "book.db")
    rows = [("contact", {"name": f"Mara {i:03d}" if i % 3 else f"Bob {i:03d}"}) for i in range(N)]
    store.import_rows("me", rows)
    store.close()
    backend = LocalBackend(Store.open(tmp_path / "book.db"), owns_store=True)
    contact_pages.SLOW.clear()  # a slow read in another test sends its kind away
    yield backend
    await backend.close()


def drawn(bar: Iterable[Segment]) -> list[tuple[str, Any]]:
    return [(s.text, s.style) for s in bar]


def test_equal_spans_draw_equal_bars() -> None:
    """``thumb_span`` is how Textual places the thumb: figures with the same span draw
    the same bar, different spans different bars (the skipped repaint relies on it)."""
    bars: dict[tuple[int, int] | None, list[tuple[str, Any]]] = {}
    for virtual in [*range(35, 400, 3), 48_000, 9_000, 3_000, 100_000]:
        for position in {min(p, virtual - 34) for p in (0.0, 2.5, 30.0)}:
            span = thumb_span(34, virtual, 34, position)
            bar = drawn(ScrollBarRender.render_bar(34, virtual, 34, position).segments)
            assert bars.setdefault(span, bar) == bar, (virtual, position)
    assert len(bars) > 20
    assert len({str(b) for b in bars.values()}) == len(bars)


async def typed(pilot: Pilot[Any], app: FriendshipApp, text: str) -> ContactList:
    lst = app.screen.query_one(ContactList)
    app.screen.query_one("#filter", Input).value = text
    await wait_for(pilot, lambda: lst.loaded and lst.spec.q == text, f"rows of {text!r}")
    await wait_for(pilot, lambda: not lst._short(0), "the whole first page")
    await pilot.pause()
    return lst


def screen_text(app: FriendshipApp) -> str:
    console = Console(width=SHORT[0], record=True, file=io.StringIO(), force_terminal=True)
    console.print(app.screen._compositor, end="")  # what the frames put together show
    return console.export_text(styles=True)


async def test_the_screen_is_what_a_full_repaint_draws(backend: LocalBackend) -> None:
    """Keystroke after keystroke (thumb staying, moving, bar hidden and back), the list and
    its scrollbar on screen are those a repaint of everything draws."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=SHORT) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        bar = lst.vertical_scrollbar
        for text, total in (
            ("m", 160),
            ("b", 80),
            ("mara 01", 7),
            ("mara 010", 1),
            ("mara 01", 7),
            ("", N),
        ):
            await typed(pilot, app, text)
            assert lst.total == total
            assert lst.show_vertical_scrollbar == (total > lst.size.height)
            if lst.show_vertical_scrollbar:
                assert (bar.window_virtual_size, bar.window_size) == (total, lst.size.height)
            shown = screen_text(app)
            bar.refresh()
            lst.refresh()
            app.screen.refresh(layout=True)
            await pilot.pause()
            await pilot.pause()
            assert screen_text(app) == shown, text


async def test_a_thumb_that_stays_is_not_redrawn(backend: LocalBackend) -> None:
    """The keystroke that lands the rows asks no repaint of a scrollbar that looks the
    same (a later layout, say for the detail pane, may still redraw it)."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=SHORT) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        bar = lst.vertical_scrollbar
        asked: list[int] = []  # the bar's height in rows at each repaint asked for
        refresh = bar.refresh

        def noting(*regions: Region, **kwargs: Any) -> ScrollBar:
            asked.append(bar.window_virtual_size)
            return refresh(*regions, **kwargs)

        bar.refresh = noting  # type: ignore[method-assign]
        landed: list[list[int]] = []  # the repaints asked for as each query's rows land
        app.screen.watch(lst, "counted", lambda _: landed.append(asked[:]), init=False)
        for text, repainted in (("m", []), ("b", []), ("mara 01", [7]), ("m", [160])):
            asked.clear()
            await typed(pilot, app, text)
            assert landed[-1][-1:] == repainted, text
            assert bar.window_virtual_size == lst.total


async def test_rows_of_the_last_query_are_reused_and_a_changed_row_redrawn(
    backend: LocalBackend,
) -> None:
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=(120, 40)) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        await typed(pilot, app, "mara")
        before = lst.render_line(2)  # Mara 004, not the cursor's row
        assert "Mara 004" in before.text
        generation = lst.generation
        await typed(pilot, app, "mar")  # a new query, its rows as wide as before
        assert lst.generation > generation
        assert lst.render_line(2) is before  # the same row: not built again
        # the cursor's row (Mara 001) starred through the screen's own action
        app.screen.action_toggle_favorite()  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: "★ Mara 001" in lst.render_line(0).text, "star drawn")
        # a contact renamed after an edit is drawn with its new name
        renamed = {**lst._row(2), "name": "Marianne 004"}  # type: ignore[dict-item]
        lst.update_contact(renamed)
        assert "Marianne 004" in lst.render_line(2).text
        assert lst.render_line(2) is not before
        # a theme change draws every row afresh
        other = lst.render_line(3)
        assert lst.render_line(3) is other
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await wait_for(pilot, lambda: lst.render_line(3) is not other, "restyled")
        assert lst.render_line(3).text == other.text
        assert list(lst.render_line(3)) != list(other)


async def test_a_keystroke_repaints_only_the_lines_that_change(backend: LocalBackend) -> None:
    """ "mar" after "mara" shows the same rows: no line of the list is repainted; a cursor
    move repaints its two lines; "b" (other rows) repaints them all."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await typed(pilot, app, "mara")
        await pilot.pause()
        asked: list[tuple[Region, ...]] = []  # each repaint asked for (none: the whole list)
        refresh = lst.refresh

        def noting(*regions: Region, **kwargs: Any) -> ContactList:
            asked.append(regions)
            return refresh(*regions, **kwargs)

        lst.refresh = noting  # type: ignore[method-assign]
        await typed(pilot, app, "mar")
        assert asked == []
        asked.clear()
        lst.action_cursor(1)
        await wait_for(pilot, lambda: lst.cursor == 1, "cursor moved")
        assert asked == [(Region(0, 0, lst.size.width, 1), Region(0, 1, lst.size.width, 1))]
        asked.clear()
        await typed(pilot, app, "b")
        assert () in asked  # every line changed
        await pilot.pause()
        assert "Bob 000" in lst.render_line(0).text
