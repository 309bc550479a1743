"""A widget's ``rich_style`` and ``background_colors``, kept while its styling holds.

Textual works both out afresh on every call by walking the widget's ancestors to the
app and adding up their backgrounds, tints, opacities, colours and text styles
(~70 us and ~25 us here). A filter keystroke's frame asks for them as it draws the
filter box's text line and the contact list: the same answer each time.

The answer depends on nothing but the styles on that path, so it is kept under a key
of the path's nodes, their styles objects and each one's update count (Textual's own
``RenderStyles._cache_key``: every rule set, cleared, merged or reset bumps it, CSS
applied on focus, hover or a theme change included, and it only grows). Walking the
path for the key costs a few microseconds. Should a later Textual drop that count,
the memo steps aside and Textual's own properties answer (``test_style_memo`` holds
the kept values to fresh ones through focus, theme and inline style changes).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import cast

from rich.style import Style as RichStyle
from textual.color import Color
from textual.dom import DOMNode
from textual.widget import Widget

# Textual's own properties, as functions of the node (the memo's widgets override them)
_RICH_STYLE = cast("Callable[[DOMNode], RichStyle]", vars(DOMNode)["rich_style"].fget)
_BACKGROUND_COLORS = cast(
    "Callable[[DOMNode], tuple[Color, Color]]", vars(DOMNode)["background_colors"].fget
)


def _path_key(node: DOMNode) -> Hashable | None:
    """The styling on ``node``'s path to the app, as a comparable key (None: unknown)."""
    key: list[object] = []
    add = key.append
    current: DOMNode | None = node
    while current is not None:
        styles = current.styles
        count = getattr(styles, "_cache_key", None)
        if not isinstance(count, int):
            return None
        add(current)
        add(styles)
        add(count)
        parent = current._parent
        current = parent if isinstance(parent, DOMNode) else None
    return tuple(key)


class StyleMemo:
    """One widget's ``rich_style`` and ``background_colors`` under the key they were
    worked out with (see the module's docstring)."""

    __slots__ = ("_colors", "_colors_key", "_components", "_style", "_style_key")

    def __init__(self) -> None:
        self._style_key: Hashable | None = None
        self._style: RichStyle | None = None
        self._colors_key: Hashable | None = None
        self._colors: tuple[Color, Color] | None = None
        self._components: dict[str, tuple[Hashable, RichStyle]] = {}

    def rich_style(self, node: DOMNode) -> RichStyle:
        key = _path_key(node)
        if key is None or key != self._style_key or self._style is None:
            style: RichStyle = _RICH_STYLE(node)
            self._style_key, self._style = key, style
            return style
        return self._style

    def background_colors(self, node: DOMNode) -> tuple[Color, Color]:
        key = _path_key(node)
        if key is None or key != self._colors_key or self._colors is None:
            colors: tuple[Color, Color] = _BACKGROUND_COLORS(node)
            self._colors_key, self._colors = key, colors
            return colors
        return self._colors

    def component_rich_style(self, widget: Widget, name: str) -> RichStyle:
        """``widget.get_component_rich_style(name)``, kept while the styles on the
        component's path hold. Textual keeps it only until the widget's next refresh
        (each keystroke's), then walks the ancestors again (~25 us). The component's
        styles are a virtual node's, attached under the widget and replaced by a new one
        whenever the stylesheet is applied (focus, theme, classes): the path's key, from
        that node up, changes with any of them."""
        component = widget._component_styles.get(name)
        node = None if component is None else component.node
        key = None if node is None else _path_key(node)
        kept = self._components.get(name)
        if key is None or kept is None or kept[0] != key:
            style = widget.get_component_rich_style(name)
            if key is not None:
                self._components[name] = (key, style)
            return style
        return kept[1]
