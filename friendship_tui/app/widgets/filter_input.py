"""The contact list's filter box: an ``Input`` whose keystrokes do not lay out the screen,
and during whose bursts of typing the cycle collector waits.

Textual's ``Input`` sets its ``virtual_size`` (the text's width) on every change of its
value, and ``virtual_size`` is a layout reactive: each keystroke then re-arranged every
widget on the screen, the largest part of a filter keystroke's time once the query
itself is fast (issue 14: <= 16 ms from key to results on screen at 100k contacts).
The box's own size never depends on its text (its width and height are fixed in CSS),
so the new virtual size only has to reach its scrolling, as ``ContactList`` does.

A keystroke allocates a screenful of rows and their strips; every few keys that set
off a collection of the young generations, ~2 ms in the middle of a keystroke's frame
(measured at 100k contacts: 3 such passes in 15 keystrokes). ``CollectorHold`` keeps
the collector off from a keystroke until typing has paused for ``HOLD_AFTER_TYPING``
seconds, so those passes run while the person reads the results instead.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any, Self

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection

from .style_memo import StyleMemo

NULL_STYLE = RichStyle()
HOLD_AFTER_TYPING = 1.0  # seconds of no typing after which the collector runs again


class CollectorHold:
    """The cycle collector off while keys come in a burst, on again once they pause.

    Only a collector that was on is turned off (the app's start-up keeps it off until
    it settles: ``app/launch.py``), and only the hold that turned it off turns it on."""

    def __init__(self, after: float = HOLD_AFTER_TYPING) -> None:
        self.after = after
        self._release: asyncio.TimerHandle | None = None

    @property
    def holding(self) -> bool:
        return self._release is not None

    def hold(self) -> None:
        """A key was typed: the collector waits until ``after`` seconds pass without one."""
        if self._release is None:
            if not gc.isenabled():
                return  # off for another reason: that owner turns it back on
            gc.disable()
        else:
            self._release.cancel()
        # the loop's own timer, not the widget's: it fires even if the box is gone
        self._release = asyncio.get_running_loop().call_later(self.after, self.release)

    def release(self) -> None:
        """The collector on again (if this hold turned it off)."""
        if self._release is not None:
            self._release.cancel()
            self._release = None
            gc.enable()


class FilterInput(Input):
    """An ``Input`` of fixed size: typing repaints it without a layout of the screen,
    and holds the cycle collector off while it lasts."""

    _text_line_only = False  # the next plain refresh repaints the text line alone

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._style_memo = StyleMemo()
        super().__init__(*args, **kwargs)
        self.collector = CollectorHold()

    @property
    def rich_style(self) -> RichStyle:
        """Textual's, kept while the styles on the way to the app hold (``style_memo``):
        each keystroke's text line asked for it, ~70 us of walking the ancestors."""
        return self._style_memo.rich_style(self)

    @property
    def background_colors(self) -> tuple[Color, Color]:
        """Textual's, kept as ``rich_style`` is (the styling pass asks each frame)."""
        return self._style_memo.background_colors(self)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """A change of the text, cursor or selection repaints the text line alone.

        Each of those reactives repaints the whole box right after its watcher: its
        border lines too, which cost more than the text line (~0.3-0.5 ms of a
        keystroke's frame) and are the same as before. The watchers below mark the
        refresh that follows them; any other refresh (focus, styles, size) is whole."""
        line_only, self._text_line_only = self._text_line_only, False
        if line_only and not regions and repaint and not layout and not recompose:
            offset = self.content_offset
            line = Region(-offset.x, 0, self.outer_size.width, 1)
            return super().refresh(line)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _watch_selection(self, selection: Selection) -> None:
        super()._watch_selection(selection)
        self._text_line_only = True

    def _watch__cursor_visible(self, visible: bool) -> None:
        self._text_line_only = True

    def _watch_value(self, value: str) -> None:
        self._text_line_only = False
        if self.is_mounted:
            self.collector.hold()
        if not self.styles.auto_dimensions:  # sized by CSS, not by its text
            size = Size(self.content_width, 1)
            if self.virtual_size != size:
                # set quietly: Input's own watcher then finds it unchanged (no layout)
                self.set_reactive(Widget.virtual_size, size)
                self._scroll_update(size)
        super()._watch_value(value)
        self._text_line_only = True

    def render_line(self, y: int) -> Strip:
        """``Input.render_line`` for the line a keystroke changes, drawn as segments:
        typed text with the cursor at its end in view (no selection, suggestion,
        highlighter or password). Input makes a rich ``Text`` of it and renders that
        through the console each keystroke; the cells are the same (test_filter_line)."""
        value = self.value
        if (
            y != 0
            or not value
            or self.password
            or self.highlighter is not None
            or self._suggestion
            or self.cursor_position != len(value)
            or self.scroll_offset.x
            or not value.isprintable()
            or (self.has_focus and not self.selection.is_empty)
        ):
            return super().render_line(y)
        width = self.scrollable_content_region.width + 1
        used = cell_len(value)
        if used + 1 > width:
            return super().render_line(y)
        segments = [Segment(value, NULL_STYLE)]
        if self.has_focus and self._cursor_visible:
            cursor = self._style_memo.component_rich_style(self, "input--cursor")
            segments.append(Segment(" ", cursor))
            used += 1
        if used < width:
            segments.append(Segment(" " * (width - used)))
        return Strip(segments, width).apply_style(self.rich_style)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Kept here: the screen watches ``value`` in the keystroke's own call, and the
        message's four hops up to the app (nobody above listens) ran between a
        keystroke's rows and the frame that draws them."""
        event.stop()

    def on_unmount(self) -> None:
        self.collector.release()
