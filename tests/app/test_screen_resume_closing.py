"""A main screen that resumes, or hears of a change, while it has no widgets (before it
is composed, or as the app closes and removes them) leaves its reload for later instead
of raising ``NoMatches`` from the reload (seen when the app closed just as it switched
from the dashboard to the contacts screen). A contact's details that arrive while the
widgets go one by one are dropped (seen in a CI run: the list already gone, the
detail pane not yet)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from friendship_tui.app import make_app
from friendship_tui.app.list_messages import DetailLoaded
from friendship_tui.app.messages import DataChanged
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import DetailPane
from friendship_tui.store.base import Backend

from .conftest import SIZE, settings, wait_for


async def _contacts(pilot: Pilot[Any]) -> ContactsScreen:
    """The contacts screen the app starts on, once it is the app's screen."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "contacts")
    screen = app.screen
    assert isinstance(screen, ContactsScreen)
    return screen


async def test_a_screen_without_its_widgets_leaves_the_reload_for_later(backend: Backend) -> None:
    await backend.create("contact", {"name": "Quiet Person"})
    app = make_app(backend, settings(start="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _contacts(pilot)
        await wait_for(pilot, lambda: screen.query(ContactList), "the list mounted")

        # with its widgets: a change seen on resume reloads and marks the screen loaded
        app.data_version += 1
        screen.on_screen_resume()
        assert screen.loaded_version == app.data_version

        # without them (as when the app closes): no NoMatches, and still due a reload
        await screen.remove_children()
        app.data_version += 1
        screen.on_screen_resume()
        screen.on_data_changed(DataChanged())
        assert screen.loaded_version == app.data_version - 1


async def test_details_arriving_as_the_list_goes_are_dropped(backend: Backend) -> None:
    quiet = await backend.create("contact", {"name": "Quiet Person"})
    app = make_app(backend, settings(start="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _contacts(pilot)
        await wait_for(pilot, lambda: screen.query(DetailPane), "the detail pane mounted")
        await wait_for(pilot, lambda: screen.current is not None, "the first contact shown")

        # the list removed first, the detail pane still there: as the app closes
        await screen.query_one(ContactList).remove()
        screen.on_detail_loaded(DetailLoaded({**quiet, "name": "Renamed Meanwhile"}))
        assert screen.current is not None and screen.current["name"] == "Quiet Person"


async def test_a_screen_whose_list_is_gone_leaves_the_reload_for_later(backend: Backend) -> None:
    """Children still there but not the one the reload reads (the app removing them a
    container at a time): a resume or a change leaves the reload for later."""
    await backend.create("contact", {"name": "Quiet Person"})
    app = make_app(backend, settings(start="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _contacts(pilot)
        await wait_for(pilot, lambda: screen.query(ContactList), "the list mounted")
        await screen.query_one(ContactList).remove()
        assert screen.children  # the rest of the screen is still there
        app.data_version += 1
        screen.on_screen_resume()
        screen.on_data_changed(DataChanged())
        assert screen.loaded_version == app.data_version - 1
