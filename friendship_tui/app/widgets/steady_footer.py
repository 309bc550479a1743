"""The dashboard's footer: Textual's footer line, drawn by one widget.

Textual's footer is a widget per key (nine on the dashboard, and the palette's), each
composed, styled (with two component styles apiece) and laid out before the keys show,
and all of them built again each time the screen says its bindings may have changed.
The dashboard is the screen most mornings open on (issue "Instant"), so its footer
draws the same line from one widget: each key and description in the footer's colours,
one cell apart, the palette key on the right after its edge, a disabled key dimmed. A
key under the mouse is highlighted and shows its tooltip, and a click presses it, as
on Textual's keys.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click, Leave, MouseMove
from textual.screen import Screen
from textual.widget import Widget

PALETTE_EDGE = "▏"  # the left side of a "vkey" border, as Textual draws the palette key


class FooterEntry(NamedTuple):
    """One key as the footer shows it (a named tuple: a frozen dataclass cost ~0.7 ms to
    create at every start, before the first frame)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str

    @property
    def cells(self) -> int:
        return len(self.label.plain)

    @property
    def label(self) -> Text:
        return Text(f"{self.display} {self.description}" if self.description else self.display)


class KeyLine(Widget):
    """The keys on one line; ``spans`` says which cells each key took when last drawn."""

    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--item",
        "footer-key--hover",
        "footer-key--edge",
    }
    DEFAULT_CSS = """
    KeyLine {
        width: 1fr;
        height: 1;
    }
    KeyLine > .footer-key--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyLine > .footer-key--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyLine > .footer-key--item {
        background: $footer-item-background;
    }
    KeyLine > .footer-key--hover {
        color: $footer-key-foreground;
        background: $block-hover-background;
    }
    KeyLine > .footer-key--edge {
        color: $foreground 20%;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[FooterEntry, ...] = ()
        self.palette: FooterEntry | None = None
        self.spans: list[tuple[int, int, FooterEntry]] = []
        self.hovered: FooterEntry | None = None  # under the mouse: drawn highlighted

    def show(self, keys: tuple[FooterEntry, ...], palette: FooterEntry | None) -> None:
        self.keys, self.palette = keys, palette
        self.refresh()

    def _entry(self, entry: FooterEntry) -> Text:
        """A key as Textual's compact footer key draws it."""
        key = self.get_component_rich_style("footer-key--key")
        desc = self.get_component_rich_style("footer-key--description")
        under = self.get_component_rich_style("footer-key--item")
        if entry is self.hovered:  # the hover colour shows through, as under a key widget
            under = self.get_component_rich_style("footer-key--hover")
            key, desc = key + Style(bgcolor=under.bgcolor), desc + Style(bgcolor=under.bgcolor)
        part = Text.assemble((entry.display, key))
        if entry.description:
            part.append(f" {entry.description}", style=desc)
        part.stylize_before(under)
        if not entry.enabled:
            part.stylize(Style(dim=True))
        return part

    def render(self) -> Text:
        width = self.size.width
        palette = self.palette
        # the palette key is docked right: its edge, the key, and one cell of margin
        right = palette.cells + 2 if palette is not None else 0
        room = max(width - right, 0)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []
        for entry in self.keys:
            start = line.cell_len
            if start >= room:
                break
            line.append_text(self._entry(entry))
            spans.append((start, min(line.cell_len, room), entry))
            line.append(" ")  # the keys' one-cell margin
        line.truncate(room, pad=True)
        if palette is not None and width >= right:
            edge = self.get_component_rich_style("footer-key--edge")
            line.append(PALETTE_EDGE, style=edge)
            spans.append((line.cell_len, line.cell_len + palette.cells, palette))
            line.append_text(self._entry(palette))
            line.append(" ")
        self.spans = spans
        return line

    def entry_at(self, x: int) -> FooterEntry | None:
        return next((entry for start, end, entry in self.spans if start <= x < end), None)

    def on_mouse_move(self, event: MouseMove) -> None:
        entry = self.entry_at(event.x)
        self.tooltip = (entry.tooltip or None) if entry is not None else None
        self._hover(entry)

    def on_leave(self, event: Leave) -> None:
        self._hover(None)

    def _hover(self, entry: FooterEntry | None) -> None:
        if entry is not self.hovered:
            self.hovered = entry
            self.refresh()

    def on_click(self, event: Click) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        event.stop()
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()


class SteadyFooter(KeyLine):
    """Textual's footer line, its keys drawn by this one widget (a ``KeyLine`` docked at
    the bottom, not a container of one: a node less to style, lay out and draw before
    the first frame) and drawn again only when the keys it would show change (the first
    screen says its bindings may have changed several times as it mounts: focus set, the
    screen stack, the app's focus). Not a ``Footer`` itself: that is a scrolling
    container with a stylesheet of its own for key widgets this footer does not have."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    SteadyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """
    show_command_palette = True  # as Textual's footer: the palette key on the right

    _shown: tuple[tuple[FooterEntry, ...], FooterEntry | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        shown = self._entries(screen)
        if shown == self._shown:
            return
        self._shown = shown
        self.show(*shown)

    def _entries(self, screen: Screen) -> tuple[tuple[FooterEntry, ...], FooterEntry | None]:
        """The keys Textual's footer shows (one per action, the first binding's) and its
        palette key."""
        app = self.app

        def entry(binding: Binding, enabled: bool, tooltip: str) -> FooterEntry:
            display = app.get_key_display(binding)
            return FooterEntry(
                binding.key, display, binding.description, binding.action, enabled, tooltip
            )

        keys: dict[str, FooterEntry] = {}
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = entry(binding, enabled, tooltip)
        palette = None
        active = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and active is not None:
            _node, binding, enabled, _tooltip = active
            palette = entry(binding, enabled, binding.tooltip or binding.description)
        return tuple(keys.values()), palette
