"""What a filter keystroke's frame may leave as it was: the list's scrollbar when its
thumb does not move, and rows drawn for the previous query that look the same now.

A keystroke's frame repaints the echo, the status line and the list. Textual draws a
repainted widget in full, every line of it styled and chopped again: the scrollbar's
34 lines cost as much as the rows themselves, though "m", "ma" and "mar" at 100k
contacts (48k, 9k, 3k matches) all show the same one-cell thumb at the top.
"""

from __future__ import annotations

from collections.abc import Hashable
from math import ceil

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from ...store.base import Obj
from .contact_spec import fit_cells

EIGHTHS = 8  # Textual's scrollbar draws its thumb's ends in eighths of a cell
MIN_NICK_CELLS = 6  # a nickname cut shorter than this says nothing: leave it out
ROWS_KEPT = 512  # strips kept per query (scrolling far keeps the latest ones)


def thumb_span(
    size: int, virtual_size: int, window_size: int, position: float
) -> tuple[int, int] | None:
    """Where a vertical scrollbar of ``size`` cells draws its thumb, in eighths of a cell
    (None: no thumb), as ``textual.scrollbar.ScrollBarRender.render_bar`` works it out
    from the scrollbar's reactives (``ScrollBar._render_bar``). Two equal spans draw the
    same bar."""
    window = window_size if window_size < virtual_size else 0
    if not (window and size and virtual_size and size != virtual_size):
        return None
    thumb = max(1, window / (virtual_size / size))
    offset = (size - thumb) * (position / (virtual_size - window))
    start = int(offset * EIGHTHS)
    return start, start + ceil(thumb * EIGHTHS)


def thumb_now(view: ScrollView) -> tuple[int, int] | None:
    """``view``'s vertical scrollbar's thumb as drawn now (None: no bar, or no thumb)."""
    if not view.show_vertical_scrollbar or view.show_horizontal_scrollbar:
        return None
    bar = view.vertical_scrollbar
    return thumb_span(bar.size.height, bar.window_virtual_size, bar.window_size, bar.position)


def thumb_stays(view: ScrollView, before: tuple[int, int] | None, rows: int) -> bool:
    """``view._scroll_update`` for a new virtual height of ``rows`` that leaves the
    scrollbar looking as it did (``before``): its figures set without a repaint; False
    (nothing done): it must be redrawn, shown or hidden, by ``_scroll_update``."""
    if before is None:
        return False
    view._refresh_scrollbars()
    if not view.show_vertical_scrollbar or view.show_horizontal_scrollbar:
        return False
    bar = view.vertical_scrollbar
    window = view.container_size.height
    if thumb_span(bar.size.height, rows, window, bar.position) != before:
        return False
    bar.set_reactive(ScrollBar.window_virtual_size, rows)
    bar.set_reactive(ScrollBar.window_size, window)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    return True


def draw_row(
    contact: Obj, due: bool, is_cursor: bool, width: int, styles: tuple[Style, Style, Style, Style]
) -> Strip:
    """A contact's row: cursor bar, star, name, nickname if it fits, due or archived
    marker, in ``styles`` (base, star, nickname, marker)."""
    base, star_style, nick_style, due_style = styles
    star = "★ " if contact.get("favorite") else "  "
    name = str(contact.get("name") or "(no name)")
    nick = f"  “{contact['nickname']}”" if contact.get("nickname") else ""
    marker = " ● due" if due else ""
    if contact.get("is_archived"):
        marker = " archived"
    # Cell widths, not len(): 王小明 or 🎉 take two cells each and must not push the
    # marker out of its column. The name wins; the nickname shows only if it fits.
    room = max(width - 1 - cell_len(star) - cell_len(marker), 1)
    name = fit_cells(name, room)
    left = room - cell_len(name)
    nick = fit_cells(nick, left) if left >= min(cell_len(nick), MIN_NICK_CELLS) else ""
    pad = room - cell_len(name) - cell_len(nick)
    segments = [
        Segment(" " if not is_cursor else "▌", base),
        Segment(star, star_style),
        Segment(name, base),
        Segment(nick, nick_style),
        Segment(" " * max(pad, 0), base),
        Segment(marker, due_style),
    ]
    return Strip(segments, width).crop(0, width)


def row_key(contact: Obj, due: bool, is_cursor: bool, width: int) -> tuple[object, ...]:
    """What decides how a contact's row looks (``ContactList._render_contact``), the
    widget's styles aside (a style change clears ``RowStrips``)."""
    return (
        contact.get("id"),
        contact.get("name"),
        contact.get("nickname"),
        bool(contact.get("favorite")),
        bool(contact.get("is_archived")),
        due,
        is_cursor,
        width,
    )


class RowStrips:
    """The strips of the rows drawn for the current and the previous query, by what
    decides how a row looks (the contact's content, the width, the cursor, the styles).

    A keystroke's new rows that were on screen for the previous query too ("mar" after
    "ma": most of them) are served from here rather than built again. The key holds the
    row's whole content, so a changed contact is drawn afresh, never served stale."""

    def __init__(self) -> None:
        self._now: dict[Hashable, Strip] = {}
        self._before: dict[Hashable, Strip] = {}

    def get(self, key: Hashable) -> Strip | None:
        strip = self._now.get(key)
        if strip is None:
            strip = self._before.get(key)
            if strip is not None:
                self._now[key] = strip
        return strip

    def put(self, key: Hashable, strip: Strip) -> Strip:
        if len(self._now) >= ROWS_KEPT:  # a long scroll: keep memory bounded
            self.next_query()
        self._now[key] = strip
        return strip

    def next_query(self) -> None:
        """A new query: keep this one's rows for it, forget the one before."""
        self._before, self._now = self._now, {}

    def clear(self) -> None:
        """A theme or style change: every row is drawn afresh."""
        self._now.clear()
        self._before.clear()
