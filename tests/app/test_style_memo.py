"""The filter box keeps its ``rich_style`` and ``background_colors`` (``style_memo``)
while the styles on its way to the app hold, and gives Textual's fresh answer once any
of them changes: focus moving in and out, a theme change, an ancestor's inline style,
the box's own class."""

from __future__ import annotations

from textual.dom import DOMNode

from friendship_tui.app import make_app
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.filter_input import FilterInput
from friendship_tui.store.base import Backend

from .conftest import Book, settings, wait_for


def fresh(box: FilterInput) -> tuple[object, object]:
    """What Textual's own properties say now."""
    style = vars(DOMNode)["rich_style"].fget(box)
    colors = vars(DOMNode)["background_colors"].fget(box)
    return style, colors


def kept(box: FilterInput) -> tuple[object, object]:
    return box.rich_style, box.background_colors


async def test_the_filter_box_keeps_its_style_until_a_style_on_its_path_changes(
    backend: Backend, book: Book
) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.screen.query_one(ContactList)
        box = app.screen.query_one("#filter", FilterInput)
        await wait_for(pilot, lambda: lst.loaded, "the list loaded")
        seen = [kept(box)]
        assert seen[0] == fresh(box)
        # nothing changed: the very same objects, not worked out again
        assert all(a is b for a, b in zip(kept(box), seen[0], strict=True))

        await pilot.press("slash")
        await wait_for(pilot, lambda: box.has_focus, "the box focused")
        await pilot.press("m", "a")
        await wait_for(pilot, lambda: kept(box) == fresh(box), "focused styling")
        assert kept(box) == fresh(box)
        seen = [kept(box)]  # (focus changes the border, not these)

        themes = [t for t in app.available_themes if t != app.theme]
        app.theme = "textual-light" if "textual-light" in themes else themes[0]
        await pilot.pause()
        assert kept(box) == fresh(box)
        seen.append(kept(box))

        box.parent.styles.background = "rgb(200,30,40)"  # type: ignore[union-attr]
        assert kept(box) == fresh(box)
        seen.append(kept(box))
        app.screen.styles.opacity = 0.5
        assert kept(box) == fresh(box)
        seen.append(kept(box))

        box.add_class("-invalid")
        await pilot.pause()
        assert kept(box) == fresh(box)

        lst.focus()
        await wait_for(pilot, lambda: not box.has_focus, "the box unfocused")
        assert kept(box) == fresh(box)
        # each change above gave a new answer (else the test proves nothing)
        assert len(set(seen)) == len(seen)
