"""A screen's line as the terminal would get it, cell by cell: for tests that hold one
of our widgets to the Textual widget it replaces (the dashboard's header and footer)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

# character, background, colour (of a visible character: a blank's colour is never
# seen), bold, dim
Cell = tuple[str, Any, Any, bool | None, bool | None]


def drawn_line(screen: Screen[Any], y: int) -> list[Cell]:
    """Line ``y`` of the screen as drawn (-1: the last)."""
    strip = screen._compositor.render_strips()[y]
    return [
        (char, s.style.bgcolor, s.style.color if char.strip() else None, s.style.bold, s.style.dim)
        for s in strip
        if s.style is not None
        for char in s.text
    ]


def text(cells: list[Cell]) -> str:
    return "".join(cell[0] for cell in cells)
