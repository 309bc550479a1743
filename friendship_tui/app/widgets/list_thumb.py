"""The list's scrollbar is left alone when a new total leaves its thumb where it was.

A filter keystroke sets the list's virtual height to the new total; Textual then
redraws the whole scrollbar (34 lines at 120x40, a Rich renderable of its own: ~1 ms
of a keystroke's frame, issue 14: key to results on screen <= 16 ms at 100k contacts),
though "m", "ma" and "mar" at 100k contacts (tens of thousands of matches, then
thousands) all draw the same one-cell thumb at the top. ``thumb_span`` says where
Textual draws the thumb; when it stays put the scrollbar's figures are set quietly,
and the rows are repainted without the scrollbar beside them (``repaint_rows``).
"""

from __future__ import annotations

from math import ceil

from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar

EIGHTHS = 8  # Textual's scrollbar draws its thumb's ends in eighths of a cell


def thumb_span(
    size: int, virtual_size: int, window_size: int, position: float
) -> tuple[int, int] | None:
    """Where a vertical scrollbar of ``size`` cells draws its thumb, in eighths of a cell
    (None: no thumb), as ``textual.scrollbar.ScrollBarRender.render_bar`` works it out
    from the scrollbar's figures (``ScrollBar._render_bar``). Equal spans draw equal
    bars (``tests/app/test_list_lines.py`` holds Textual to it)."""
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
    scrollbar looking as it did (``before``): its figures set without a repaint. False
    (nothing done): ``_scroll_update`` must redraw, show or hide it."""
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
    view.scroll_y = view.validate_scroll_y(view.scroll_y)  # (a move repaints the bar)
    return True


def repaint_rows(view: ScrollView) -> None:
    """Repaint the rows in view, not the scrollbar beside them: it repaints itself
    when its thumb moves (a new total, scrolling), and redrawing it unchanged cost
    ~0.2 ms of each filter keystroke's frame."""
    width, height = view.scrollable_content_region.size
    if width and height:
        view.refresh(Region(0, 0, width, height))
    else:
        view.refresh()
