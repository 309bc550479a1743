"""The filter box keeps its ``rich_style`` and ``background_colors`` (``style_memo``)
while the styles on its way to the app hold, and gives Textual's fresh answer once any
of them changes: focus moving in and out, a theme change, an ancestor's inline style,
the box's own class."""

from __future__ import annotations

from textual.dom import DOMNode

from friendship_tui.app import make_app
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.filter_input import FilterInput
from friendship_tui.app.widgets.status_line import StatusLine
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


def fresh_cursor(box: FilterInput) -> object:
    """Textual's own component style, its per-refresh cache emptied first."""
    box._rich_style_cache.clear()
    return box.get_component_rich_style("input--cursor")


def kept_cursor(box: FilterInput) -> object:
    return box._style_memo.component_rich_style(box, "input--cursor")


async def test_the_filter_cursor_style_is_kept_until_its_styles_change(
    backend: Backend, book: Book
) -> None:
    """The cursor's style the keystroke's text line draws with (``render_line``) is
    kept across refreshes, and is Textual's fresh one again after a theme change, an
    ancestor's inline style and a change to the component's own rule."""
    app = make_app(backend, settings())
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.screen.query_one(ContactList)
        box = app.screen.query_one("#filter", FilterInput)
        await wait_for(pilot, lambda: lst.loaded, "the list loaded")
        await pilot.press("slash", "m")
        await wait_for(pilot, lambda: box.value == "m", "typed")
        first = kept_cursor(box)
        assert first == fresh_cursor(box)
        box.refresh()  # Textual forgets it here; the memo does not
        assert kept_cursor(box) is first
        seen = [first]

        themes = [t for t in app.available_themes if t != app.theme]
        app.theme = "textual-light" if "textual-light" in themes else themes[0]
        await pilot.pause()
        assert kept_cursor(box) == fresh_cursor(box)
        seen.append(kept_cursor(box))

        box.styles.text_style = "italic"  # the box's own inline style reaches the cursor
        assert kept_cursor(box) == fresh_cursor(box)
        seen.append(kept_cursor(box))

        app.stylesheet.add_source(
            "FilterInput > .input--cursor { background: rgb(1,2,3); }", read_from=("t", "")
        )
        app.stylesheet.reparse()
        app.stylesheet.update(app.screen)
        await pilot.pause()
        assert kept_cursor(box) == fresh_cursor(box)
        seen.append(kept_cursor(box))
        assert len(set(seen)) == len(seen)  # each change above gave a new answer


async def test_the_status_line_keeps_its_background_until_a_style_on_its_path_changes(
    backend: Backend, book: Book
) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.screen.query_one(ContactList)
        line = app.screen.query_one("#list-status", StatusLine)
        await wait_for(pilot, lambda: lst.loaded, "the list loaded")
        textuals = vars(DOMNode)["background_colors"].fget
        seen = [line.background_colors]
        assert seen[0] == textuals(line)
        assert line.background_colors is seen[0]
        themes = [t for t in app.available_themes if t != app.theme]
        app.theme = "textual-light" if "textual-light" in themes else themes[0]
        await pilot.pause()
        assert line.background_colors == textuals(line)
        seen.append(line.background_colors)
        line.parent.styles.background = "rgb(200,30,40)"  # type: ignore[union-attr]
        assert line.background_colors == textuals(line)
        seen.append(line.background_colors)
        assert len(set(seen)) == len(seen)
