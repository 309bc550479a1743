"""The contact list's lines as the compositor takes them, drawn once per look.

Textual hands each repainted line of a widget through a styling pass
(``StylesCache.render_line``: border, padding, outline, tint, opacity, hatch, the
app's line filters) before the compositor chops it, and ``render_line`` read the
scroll offset and the width (Textual properties that walk the styles) once per row.
For the list's 34 rows at 120x40 that cost ~3.4 ms of CPU in a filter keystroke's
frame; drawn here, ~1.8 ms, and ~0.3 ms when the rows were drawn before (issue 14:
key to results on screen <= 16 ms at 100k contacts).

The list has none of those styles (``plain``), so the pass leaves a row as drawn,
padded to the widget's width with its background and put through the app's filters.
``FinalLines`` does just that, and keeps the finished strip by what decides how the
row looks (the contact's fields that are drawn, whether it is due, the cursor, the
width: ``row_key``) and by what decides the styling (the background,
the filters, the widths): a row already drawn (the cursor moved, the list scrolled
by a line, a keystroke's rows that were on screen for the query before) is served
as it is, and a changed contact's row, having another key, is drawn afresh.
A widget that is styled in any other way goes through Textual's own pass.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.filter import ANSIToTruecolor, LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ...store.base import Obj
from .contact_spec import fit_cells

MIN_NICK_CELLS = 6  # a nickname cut shorter than this says nothing: leave it out
KEPT = 1024  # finished rows kept (a few screens of them); past it the cache starts over


def plain(widget: Widget) -> bool:
    """Nothing in ``widget``'s styles for Textual's styling pass to do beyond padding
    a content line to the width with the background and applying the line filters."""
    styles = widget.styles
    return (
        not widget.BLANK
        and not any(edge for edge, _color in styles.border)
        and not any(edge for edge, _color in styles.outline)
        and not any(styles.padding)
        and not styles.tint.a
        and widget.opacity == 1.0
        and styles.text_opacity == 1.0
        and (not styles.has_rule("hatch") or styles.hatch == "none")
        and widget.region.size == widget.content_region.size
    )


class FinalLines:
    """Finished strips of rows, by row look and styling (see the module's docstring)."""

    def __init__(self) -> None:
        self._strips: dict[tuple[Hashable, Hashable], Strip] = {}

    def clear(self) -> None:
        """Forget every strip (the widget's styles or the theme changed)."""
        self._strips.clear()

    def __len__(self) -> int:
        return len(self._strips)

    def render(
        self,
        widget: Widget,
        crop: Region,
        line_key: Callable[[int], Hashable | None],
        draw: Callable[[int, Hashable | None], Strip],
    ) -> list[Strip]:
        """``widget.render_lines(crop)`` for a ``plain`` widget: what Textual's styling
        pass makes of ``draw(y, key)`` (``widget.render_line(y)``), from the cache where
        ``line_key(y)`` (None: not to be kept) was drawn before under the same styling."""
        width = widget.region.width
        content_width, content_height = widget.content_region.size
        base_background, background = widget.background_colors
        inner = _inner(base_background, background)
        filters: Sequence[LineFilter] = widget.get_line_filters()
        styling: Hashable = (width, content_width, inner, background, *map(id, filters))
        strips = self._strips
        if len(strips) > KEPT:
            strips.clear()
        out: list[Strip] = []
        for y in crop.line_range:
            key = line_key(y) if y < content_height else None
            strip = None if key is None else strips.get((key, styling))
            if strip is None:
                if y < content_height:
                    line = draw(y, key).adjust_cell_length(content_width, inner)
                else:
                    line = Strip.blank(content_width, inner)
                # (Textual makes a new strip of it here; a plain widget's is as long)
                strip = line if content_width == width else Strip(line, width)
                for line_filter in filters:
                    strip = filtered(strip, line_filter, background)
                if key is not None:
                    strips[(key, styling)] = strip
            out.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            out = [strip.crop(x1, x2) for strip in out]
        return out


def filtered(strip: Strip, line_filter: LineFilter, background: Color) -> Strip:
    """``strip.apply_filter(line_filter, background)``, or ``strip`` itself where that
    would give the same segments: ``ANSIToTruecolor`` (a terminal's app always has it)
    hands back each style it has nothing to change in (no ANSI colour, no dim) as the
    very object, so a row drawn in the theme's truecolor styles came out as a copy of
    itself, rebuilt segment by segment into a new strip (~20 us of a new row's ~40).
    The question is put to the filter's own (cached) ``truecolor_style``, so any style
    it would change takes the filter's path."""
    if type(line_filter) is ANSIToTruecolor and line_filter.enabled:
        truecolor_style = line_filter.truecolor_style
        rich_background = background.rich_color
        if all(
            control is None and (style is None or truecolor_style(style, rich_background) is style)
            for _text, style, control in strip
        ):
            return strip
    return strip.apply_filter(line_filter, background)


_INNER: dict[tuple[Color, Color], RichStyle] = {}


def _inner(base_background: Color, background: Color) -> RichStyle:
    """The background Textual gives a content line (``StylesCache.get_inner_outer``)."""
    key = (base_background, background)
    style = _INNER.get(key)
    if style is None:
        from textual.style import Style

        if len(_INNER) > 64:
            _INNER.clear()
        style = _INNER[key] = Style(background=base_background + background).rich_style
    return style


def row_styles(
    widget: Widget, is_cursor: bool
) -> tuple[RichStyle, RichStyle, RichStyle, RichStyle]:
    """(base, star, nickname, overdue) styles of a contact list's row (``draw_row``), from
    the list's component classes (the list keeps them until its styles change)."""
    base = widget.rich_style
    if is_cursor:
        base = base + widget.get_component_rich_style("contact-list--cursor")
    return (
        base,
        base + widget.get_component_rich_style("contact-list--star", partial=True),
        base + widget.get_component_rich_style("contact-list--nickname", partial=True),
        base + widget.get_component_rich_style("contact-list--overdue", partial=True),
    )


def row_key(contact: Obj, due: bool, is_cursor: bool, width: int) -> Hashable:
    """What decides how ``draw_row`` draws a contact (the styles aside: ``FinalLines``
    keys on them, and the list clears it when they change)."""
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


def draw_row(
    contact: Obj,
    styles: tuple[RichStyle, RichStyle, RichStyle, RichStyle],
    due: bool,
    is_cursor: bool,
    width: int,
) -> Strip:
    """A contact's row: cursor mark, star, name, nickname if it fits, due or archived
    marker at the right edge; ``styles`` are (base, star, nickname, overdue)."""
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
