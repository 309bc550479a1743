"""Keys typed ahead land where they would have landed had the app kept up.

All the keys are queued at once, before the app has handled any of them (a busy app,
a fast typist): a Tab must move the focus in its turn, not after the letters that
followed it were already handed to the field it left.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from friendship_tui.app import make_app
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.field_editor import FieldEditor
from friendship_tui.store.base import Backend

from .backends import local_backend
from .conftest import SIZE, settings, wait_for


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[Backend]:
    async with local_backend(tmp_path) as made:
        await made.create("contact", {"name": "Ann Lee"})
        yield made


def key(name: str) -> events.Key:
    return events.Key(name, "\t" if name == "tab" else name)


@pytest.mark.parametrize("type_key", ["c", "n", "r", "l"])
async def test_tabs_and_text_typed_ahead_land_in_their_fields(
    backend: Backend, type_key: str
) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "list")
        await wait_for(pilot, lambda: app.screen.query_one(ContactCard).plain, "card")
        await pilot.press(type_key)
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        form = app.screen
        assert isinstance(form, FormScreen)
        await wait_for(pilot, lambda: form.focused is not None, "the first field focused")
        chain = [w for w in form.focus_chain if w.can_focus]
        start = chain.index(form.focused)  # type: ignore[arg-type]
        stops = chain[start : start + 16]
        expected: dict[str, str] = {}
        keys: list[str] = []
        for i, widget in enumerate(stops):
            if isinstance(widget, Input | TextArea):
                text = f"v{i}x"
                editor = next(a for a in widget.ancestors if isinstance(a, FieldEditor))
                # what a person would see: an Input selects its text on focus (typing
                # replaces it), a TextArea keeps its text
                kept = "" if isinstance(widget, Input) and widget.select_on_focus else None
                expected[editor.field.name] = (
                    editor.current_text() if kept is None else kept
                ) + text
                keys += list(text)
            keys.append("tab")
        for name in keys:  # all queued before the app handles the first
            app.post_message(key(name))
        target = chain[(start + len(stops)) % len(chain)]
        await wait_for(pilot, lambda: form.focused is target, "the focus after the last Tab")
        await wait_for(
            pilot,
            lambda: all(form.editor(n).current_text() == v for n, v in expected.items()),
            "every text in its field",
        )
        assert expected  # the form has text fields, and each got its own text


async def test_a_key_that_opens_a_form_and_the_text_after_it(backend: Backend) -> None:
    """``c`` and a name typed at once: the name lands in the new contact's first field,
    and none of its letters runs the list's own keys (``n`` is "new note", ``e`` edit)."""
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "list")
        for name in ["c", *"Zena", "tab", *"Acme"]:  # all queued before the first is handled
            app.post_message(key(name))
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        form = app.screen
        assert isinstance(form, FormScreen) and form.type_ == "contact"
        second = [e for e in form.editors if not e.locked][1]
        await wait_for(
            pilot,
            lambda: (
                form.editor("name").current_text() == "Zena" and second.current_text() == "Acme"
            ),
            "the name and the next field typed ahead",
        )
        assert len(app.screen_stack) == 2  # the form over the list: no note form opened


async def test_a_filter_key_and_the_words_after_it(backend: Backend) -> None:
    """``/`` and "mar" typed at once: the letters land in the filter box. The focus used
    to move one turn late, so the list took them: its ``a`` opened "Add an activity"."""
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded, "list")
        box = app.screen.query_one("#filter", Input)
        for name in ["slash", *"mar"]:  # all queued before the first is handled
            app.post_message(events.Key(name, "/" if name == "slash" else name))
        await wait_for(pilot, lambda: box.value == "mar", "the words in the filter box")
        assert len(app.screen_stack) == 1  # no activity form over the list
        assert app.screen.focused is box


async def test_the_journal_tag_key_and_the_tag_after_it(backend: Backend) -> None:
    """The journal's ``/`` and a tag typed at once: the tag lands in the tag filter,
    and its ``c`` does not open a new entry."""
    app = make_app(backend, settings(start="journal"))
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one("#tag-filter", Input)
        for name in ["slash", *"cat"]:
            app.post_message(events.Key(name, "/" if name == "slash" else name))
        await wait_for(pilot, lambda: box.value == "cat", "the tag in its filter box")
        assert len(app.screen_stack) == 1  # no entry form
        assert app.screen.focused is box
