"""App-wide things: header status, help, command palette, theme, error notifications."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.backend_status import describe_status
from friendship_tui.app.keymap import key_groups, key_label
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.screens.help import HelpScreen
from friendship_tui.app.settings import DARK_THEME, LIGHT_THEME
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.store.base import Backend, Status

from .conftest import SIZE, Book, wait_for
from .forms import current_form, fill


async def test_header_shows_the_backend_mode(
    app: FriendshipApp, book: Book, request: pytest.FixtureRequest
) -> None:
    mode = request.node.callspec.params["backend"]  # the backend this run was built on
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.sub_title.split(" · ")[0] == mode, "status in the header")
    assert app.backend.mode == mode


def test_status_wording() -> None:
    assert (
        describe_status("sync", Status(state="offline", pending=3)) == "sync · offline · 3 pending"
    )
    assert describe_status("remote", Status(state="online")) == "remote · online"
    assert describe_status("local", Status(state="local")) == "local"


async def test_help_lists_every_key(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help screen")
        text = "".join(
            str(s.render())
            + str(list(s.content.columns[1].cells) if hasattr(s.content, "columns") else "")
            for s in app.screen.query(Static)
        )
        for title, bindings in key_groups():
            assert title in text
            for b in bindings:
                assert b.description in text, b
        labels = [key_label(b.key) for _, bs in key_groups() for b in bs]
        for must in (
            "/",
            "f",
            "s",
            "l",
            "a",
            "r",
            "n",
            "x",
            "p",
            "e",
            "del",
            "d",
            "j",
            "?",
            "ctrl+s",
        ):
            assert any(must in label.split(" / ") for label in labels), must
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "help closed")


def palette_offers(app: FriendshipApp, text: str) -> bool:
    """The palette's highlighted command (what enter runs) mentions ``text``."""
    commands = app.screen.query_one(CommandList)
    index = commands.highlighted
    if index is None:
        return False
    return text in str(commands.get_option_at_index(index).prompt)


async def test_command_palette_runs_actions_and_opens_contacts(
    app: FriendshipApp, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "list")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await pilot.press(*"Favourites")
        await wait_for(pilot, lambda: palette_offers(app, "Favourites"), "Favourites offered")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: lst.spec.favorites and lst.total == 1, "favourites via palette"
        )
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await pilot.press(*"Cleo")
        await wait_for(pilot, lambda: palette_offers(app, "Cleo"), "Cleo offered")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "Cleo Park" in app.screen.query_one(ContactCard).plain, "Cleo opened"
        )


async def test_theme_toggles_between_light_and_dark(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DARK_THEME
        await pilot.press("t")
        assert app.theme == LIGHT_THEME
        await pilot.press("t")
        assert app.theme == DARK_THEME


async def test_backend_errors_become_notifications(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in app.screen.query_one(ContactCard).plain, "Ann")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "edit form")
        form = current_form(app)
        await backend.delete("contact", book.ann["id"])  # gone behind the app's back
        fill(form, nickname="Ghost")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: any(n.title == "Not found" for n in app._notifications), "a notification"
        )
        assert app.is_running and app.screen is form  # no traceback; what was typed is kept
        assert form.editor("nickname").query_one(Input).value == "Ghost"
