"""Driving the generic form in tests: what a person would leave in each widget."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select, Switch, TextArea

from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.contact_list import ContactList

from .conftest import wait_for


def current_form(app: App[Any]) -> FormScreen:
    """The form on top, typed as one (a name bound to ``app.screen`` stays a plain
    ``Screen`` for mypy after ``app.screen is form``)."""
    form = app.screen
    assert isinstance(form, FormScreen), f"{type(form).__name__} is showing, not a form"
    return form


async def new_contact_form(pilot: Pilot[Any]) -> FormScreen:
    """From the contact list once it has loaded, ``c``: the new-contact form, typed."""
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "list")
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
    return current_form(app)


def fill(form: FormScreen, **values: Any) -> None:
    for name, value in values.items():
        widget = form.editor(name).input_widget
        if isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.load_text(value)
        elif isinstance(widget, Select):
            widget.value = Select.NULL if value is None else value
        elif isinstance(widget, Switch):
            widget.value = bool(value)
        else:
            raise AssertionError(f"{name} has no editable widget")


def errors(form: FormScreen) -> dict[str, str]:
    return {e.field.name: e.error_text for e in form.editors if e.error_text}
