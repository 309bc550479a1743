"""The header line as one widget: Textual's header, drawn the same, without its parts.

Textual's ``Header`` is four widgets (the bar, an icon, the title, a clock space), each
with its own stylesheet parsed, styled, laid out and drawn before the first frame. The
dashboard is the screen most mornings open on (issue "Instant"), so its header is this
one widget: the same line (the icon in its eight cells, the title centred between it
and the clock's ten, cut with "…" when narrow), the same colours, and the icon is
still highlighted under the mouse and opens the command palette when clicked.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.style import Style
from textual.widget import Widget

ICON = "⭘"
ICON_CELLS = 8  # Textual's header icon: eight cells, one of padding before the icon
CLOCK_CELLS = 10  # the room Textual's header keeps on the right for a clock


class TitleBar(Widget):
    """The app's title and status (``App.format_title``) on the top line."""

    COMPONENT_CLASSES = {"title-bar--icon-hover"}
    DEFAULT_CSS = """
    TitleBar > .title-bar--icon-hover {
        background: $foreground 10%;
    }
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """The title as the header shows it (the screen's own title first, as Textual's)."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        room = max(width - ICON_CELLS - CLOCK_CELLS, 0)
        title = self.title_content()
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        icon = Content(f" {ICON}".ljust(ICON_CELLS)[:width])
        if self._icon_hover:  # as Textual's header icon under the mouse
            hover = self.get_component_rich_style("title-bar--icon-hover")
            icon = icon.stylize(Style.from_rich_style(hover))
        line = Content.assemble(icon, " " * left, title)
        return line.pad_right(max(width - line.cell_length, 0))

    def _on_icon(self, x: int) -> bool:
        return x < ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE

    _icon_hover = False

    def on_mouse_move(self, event: MouseMove) -> None:
        on_icon = self._on_icon(event.x)
        self.tooltip = "Open the command palette" if on_icon else None
        self._hover(on_icon)

    def on_leave(self, event: Leave) -> None:
        self._hover(False)

    def _hover(self, on_icon: bool) -> None:
        if on_icon != self._icon_hover:
            self._icon_hover = on_icon
            self.refresh()

    async def on_click(self, event: Click) -> None:
        if self._on_icon(event.x):
            event.stop()
            await self.run_action("app.command_palette")
