"""The contact list's filter box: an ``Input`` whose keystrokes do not lay out the screen.

Textual's ``Input`` sets its ``virtual_size`` (the text's width) on every change of its
value, and ``virtual_size`` is a layout reactive: each keystroke then re-arranged every
widget on the screen, the largest part of a filter keystroke's time once the query
itself is fast (issue 14: <= 16 ms from key to results on screen at 100k contacts).
The box's own size never depends on its text (its width and height are fixed in CSS),
so the new virtual size only has to reach its scrolling, as ``ContactList`` does.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input


class FilterInput(Input):
    """An ``Input`` of fixed size: typing repaints it without a layout of the screen."""

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:  # sized by CSS, not by its text
            size = Size(self.content_width, 1)
            if self.virtual_size != size:
                # set quietly: Input's own watcher then finds it unchanged (no layout)
                self.set_reactive(Widget.virtual_size, size)
                self._scroll_update(size)
        super()._watch_value(value)
