"""The contact list's lines drawn once per look (``list_lines``) and its scrollbar left
alone when its thumb stays put (``list_thumb``): what reaches the screen must be what
Textual's own pass draws, a changed contact's row is drawn anew, never served stale,
and a new width or theme draws every row afresh."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual.color import Color
from textual.filter import ANSIToTruecolor
from textual.geometry import Region
from textual.pilot import Pilot
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets import contact_pages
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import DetailPane
from friendship_tui.app.widgets.list_lines import filtered
from friendship_tui.app.widgets.list_thumb import thumb_span
from friendship_tui.store.local import LocalBackend, Store

from .conftest import TODAY, wait_for

N = 240
SHORT = (120, 12)  # a list 6 rows high: 240, 160 or 80 rows all draw a one-cell thumb


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    store = Store.open(tmp_path / "book.db")
    rows = [
        ("contact", {"name": f"Mara {i:03d}" if i % 3 else f"Bob {i:03d}", "favorite": i == 4})
        for i in range(N)
    ]
    store.import_rows("me", rows)
    store.close()
    backend = LocalBackend(Store.open(tmp_path / "book.db"), owns_store=True)
    contact_pages.SLOW.clear()  # a slow read in another test sends its kind away
    yield backend
    await backend.close()


def drawn(strips: Iterable[Iterable[Segment]]) -> list[list[tuple[str, Any]]]:
    return [[(s.text, s.style) for s in strip] for strip in strips]


def textual_lines(lst: ContactList, crop: Region) -> list[Strip]:
    """The list's lines through Textual's own styling pass, drawn afresh."""
    lst._styles_cache.clear()
    return Widget.render_lines(lst, crop)


def assert_as_textual_draws(lst: ContactList) -> None:
    """The list's lines (whole, and a part of each as a partial repaint asks) are
    Textual's, cell for cell and style for style."""
    width, height = lst.outer_size
    for crop in (Region(0, 0, width, height), Region(3, 1, width - 7, height - 2)):
        ours = lst.render_lines(crop)
        assert drawn(ours) == drawn(textual_lines(lst, crop)), crop
        assert all(strip.cell_length == crop.width for strip in ours)


def row_text(lst: ContactList, y: int) -> str:
    width = lst.outer_size.width
    return lst.render_lines(Region(0, y, width, 1))[0].text


def test_equal_spans_draw_equal_bars() -> None:
    """``thumb_span`` is how Textual places the thumb: figures with the same span draw
    the same bar, different spans different bars (the skipped repaint relies on it)."""
    bars: dict[tuple[int, int] | None, list[list[tuple[str, Any]]]] = {}
    for virtual in [*range(35, 400, 3), 48_000, 9_000, 3_000, 100_000]:
        for position in {min(p, virtual - 34) for p in (0.0, 2.5, 30.0)}:
            span = thumb_span(34, virtual, 34, position)
            bar = drawn([ScrollBarRender.render_bar(34, virtual, 34, position).segments])
            assert bars.setdefault(span, bar) == bar, (virtual, position)
    assert len(bars) > 20
    assert len({str(b) for b in bars.values()}) == len(bars)


async def typed(pilot: Pilot[Any], app: FriendshipApp, text: str) -> ContactList:
    lst = app.screen.query_one(ContactList)
    app.screen.query_one("#filter", Input).value = text
    await wait_for(pilot, lambda: lst.loaded and lst.spec.q == text, f"rows of {text!r}")
    await wait_for(pilot, lambda: not lst._short(0), "the whole first page")
    # the detail pane follows once the cursor rests: let it, so the frames compared
    # below are not split by it
    pane, first = app.screen.query_one(DetailPane), lst.highlighted
    want = None if first is None else first["id"]
    await wait_for(pilot, lambda: (pane.contact or {}).get("id") == want, "the detail pane")
    await pilot.pause()
    return lst


def screen_text(app: FriendshipApp) -> str:
    console = Console(width=SHORT[0], record=True, file=io.StringIO(), force_terminal=True)
    console.print(app.screen._compositor, end="")  # what the frames put together show
    return console.export_text(styles=True)


async def test_the_lines_are_what_textual_draws(backend: LocalBackend) -> None:
    """Rows, cursor, star, the loading and empty hints: as Textual's pass draws them,
    and the screen the frames built equals a repaint of everything."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=SHORT) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        assert len(lst._lines) > 0  # the screen was drawn through the cache
        bar = lst.vertical_scrollbar
        for text, total in (
            ("m", 160),
            ("b", 80),
            ("mara 01", 7),
            ("mara 010", 1),
            ("nobody", 0),
            ("mara 01", 7),
            ("", N),
        ):
            await typed(pilot, app, text)
            assert lst.total == total
            assert_as_textual_draws(lst)
            if lst.show_vertical_scrollbar:
                assert (bar.window_virtual_size, bar.window_size) == (total, lst.size.height)
            shown = screen_text(app)
            bar.refresh()
            lst.refresh()
            app.screen.refresh(layout=True)
            await pilot.pause()
            await pilot.pause()
            assert screen_text(app) == shown, text
        lst.action_cursor(3)  # the cursor's row, and a row scrolled into view
        lst.action_page(1)
        await pilot.pause()
        assert_as_textual_draws(lst)


async def test_a_thumb_that_stays_is_not_redrawn(backend: LocalBackend) -> None:
    """The keystroke that lands the rows asks no repaint of a scrollbar that looks the
    same; one whose thumb moves is redrawn."""
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


async def test_a_changed_contact_is_redrawn_not_served_stale(backend: LocalBackend) -> None:
    """A row already drawn is served as it was; an edited, starred or renamed contact's
    row is drawn anew, and so is every row at a new width or in a new theme."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=(120, 40)) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        await typed(pilot, app, "mara")
        width = lst.outer_size.width
        before = lst.render_lines(Region(0, 2, width, 1))[0]
        assert "Mara 004" in before.text and "★" in before.text
        await typed(pilot, app, "mar")  # a new query: the same row, in the same look
        assert lst.render_lines(Region(0, 2, width, 1))[0] is before
        # a contact renamed after an edit is drawn with its new name
        renamed = {**lst._row(2), "name": "Marianne 004"}  # type: ignore[dict-item]
        lst.update_contact(renamed)
        assert "Marianne 004" in row_text(lst, 2)
        assert "Mara 004" not in row_text(lst, 2)
        # the cursor's row (Mara 001) starred through the screen's own action
        assert "★" not in row_text(lst, 0)
        app.screen.action_toggle_favorite()  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: "★ Mara 001" in row_text(lst, 0), "star drawn")
        assert_as_textual_draws(lst)
        # a narrower terminal: every row at its new width, as Textual draws it
        await pilot.resize_terminal(90, 40)
        await wait_for(pilot, lambda: lst.outer_size.width < width, "narrower list")
        assert len(row_text(lst, 3)) == lst.outer_size.width
        assert_as_textual_draws(lst)
        # a theme change draws every row afresh
        line = Region(0, 3, lst.outer_size.width, 1)
        other = lst.render_lines(line)[0]
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await wait_for(pilot, lambda: drawn(lst.render_lines(line)) != drawn([other]), "restyled")
        assert row_text(lst, 3) == other.text
        assert_as_textual_draws(lst)


def test_a_filter_with_nothing_to_change_hands_back_the_strip() -> None:
    """``filtered``: a row in truecolor styles is the strip itself (no copy made), and a
    row with an ANSI colour or a dim style is what ``Strip.apply_filter`` makes of it,
    segment for segment (the filter's own colours, not the row's)."""
    line_filter = ANSIToTruecolor(DEFAULT_TERMINAL_THEME)
    background = Color(30, 30, 30)
    truecolor = RichStyle(color="#e0e0e0", bgcolor="#1e1e1e", bold=True)
    plain_row = Strip([Segment(" ", truecolor), Segment("Mara", None), Segment(" ", truecolor)])
    assert filtered(plain_row, line_filter, background) is plain_row
    assert drawn([plain_row]) == drawn([plain_row.apply_filter(line_filter, background)])
    for other in (
        RichStyle(color="red"),
        RichStyle(bgcolor="blue"),
        RichStyle(color="#e0e0e0", dim=True),
    ):
        row = Strip([Segment(" ", truecolor), Segment("Mara", other)])
        out = filtered(row, line_filter, background)
        assert out is not row
        assert drawn([out]) == drawn([row.apply_filter(line_filter, background)])
        assert drawn([out]) != drawn([row])


async def test_a_row_in_ansi_colours_is_drawn_as_textual_draws(backend: LocalBackend) -> None:
    """The star and the cursor in ANSI colours (a theme may use them): the rows go
    through the app's ANSI filter as Textual's pass sends them."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=SHORT) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        assert any(type(f) is ANSIToTruecolor for f in lst.get_line_filters())
        app.stylesheet.add_source(
            "ContactList > .contact-list--star { color: ansi_red; }\n"
            "ContactList > .contact-list--cursor { background: ansi_blue; }",
            read_from=("ansi.tcss", ""),
        )
        app.stylesheet.reparse()
        app.stylesheet.update(app.screen)
        await pilot.pause()
        lst.action_cursor(4)  # the favourite's row, under the cursor
        await pilot.pause()
        assert_as_textual_draws(lst)
        styles = {s.style for strip in lst.render_lines(Region(0, 0, 60, 6)) for s in strip}
        assert all(s is None or s.color is None or s.color.triplet for s in styles)
