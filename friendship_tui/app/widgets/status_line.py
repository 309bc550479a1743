"""The contact list's status line ("1,234 matching “mar” · by name"), drawn in one step.

The line changes with every filter keystroke, and a ``Static`` drew it through
Textual's general path: the text made into lines (wrap, overflow, alignment, link
styles), each line through the styling pass (padding, background, line filters).
For one line of plain text that cost ~0.3-0.9 ms of CPU per keystroke's frame
(issue 14: key to results on screen <= 16 ms at 100k contacts). ``StatusLine`` is
still a ``Static`` (``update``, ``content`` and ``visual`` as before), and draws the
same cells itself when its styles are the ones the contacts screen gives it (one
line, left and right padding, no wrap, an ellipsis at the end of a line too long);
any other styling, or text Textual would treat specially, takes Textual's own path.
Finished lines are kept by text and styling, so a line shown before (a key deleted)
is served as drawn.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from .list_lines import _inner
from .style_memo import StyleMemo

KEPT = 64  # finished lines kept; past it the cache starts over


class StatusLine(Static):
    """A one-line plain-text ``Static`` that draws its line directly (module docstring)."""

    def __init__(self, *, id: str | None = None) -> None:
        self._style_memo = StyleMemo()
        super().__init__("", id=id, markup=False)
        self._lines: dict[Hashable, Strip] = {}

    @property
    def background_colors(self) -> tuple[Color, Color]:
        """Textual's, kept while the styles on the way to the app hold (``style_memo``):
        each keystroke's line asked for it (~25 us of walking the ancestors)."""
        return self._style_memo.background_colors(self)

    def notify_style_update(self) -> None:
        self._lines.clear()
        super().notify_style_update()

    def _drawable(self) -> str | None:
        """The text to draw directly, or None where Textual's path must draw it."""
        text = self.content
        if not isinstance(text, str) or not text or not text.isprintable():
            return None
        styles = self.styles
        top, _right, bottom, _left = styles.padding
        if (
            self.size.height != 1
            or top
            or bottom
            or any(edge for edge, _color in styles.border)
            or any(edge for edge, _color in styles.outline)
            or styles.tint.a
            or self.opacity != 1.0
            or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or styles.text_wrap != "nowrap"
            or styles.text_overflow != "ellipsis"
            or styles.line_pad
            or styles.text_align not in ("left", "start")
            or styles.content_align != ("left", "top")
            or self.text_selection is not None
        ):
            return None
        return text

    def render_lines(self, crop: Region) -> list[Strip]:
        text = self._drawable()
        if text is None:
            return super().render_lines(crop)
        width = self.region.width
        _top, right, _bottom, left = self.styles.padding
        content_width = width - left - right
        if content_width <= 0:
            return super().render_lines(crop)
        base_background, background = self.background_colors
        filters = self.get_line_filters()
        visual_style = self.visual_style
        key = (
            text,
            width,
            left,
            right,
            base_background,
            background,
            visual_style,
            *map(id, filters),
        )
        strip = self._lines.get(key)
        if strip is None:
            strip = self._draw(text, content_width, left, right, base_background, background)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            if len(self._lines) >= KEPT:
                self._lines.clear()
            self._lines[key] = strip
        out = [strip for _y in crop.line_range]  # (one line high)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            out = [line.crop(x1, x2) for line in out]
        return out

    def _draw(
        self,
        text: str,
        content_width: int,
        left: int,
        right: int,
        base_background: Color,
        background: Color,
    ) -> Strip:
        """The cells Textual's path draws: the text (cut to the width with "…" at its
        end) in the widget's style, the rest of the width and the padding in its
        background."""
        inner = _inner(base_background, background)
        if cell_len(text) > content_width:
            text = set_cell_size(text, content_width - 1) + "…"
        text_style = self.visual_style.rich_style_with_offset(0, 0)
        segments = []
        if left:
            segments.append(Segment(" " * left, inner))
        segments.append(Segment(text, text_style))
        fill = content_width - cell_len(text)
        if fill > 0:
            segments.append(Segment(" " * fill, inner))
        if right:
            segments.append(Segment(" " * right, inner))
        return Strip(segments, left + content_width + right)
