"""Create, edit and delete through the forms generated from schema.MODELS."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.confirm import ConfirmScreen
from friendship_tui.app.screens.contact_picker import ContactPickerScreen
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import DetailPane
from friendship_tui.schema import CHILD_TYPES, ListQuery
from friendship_tui.store.base import Backend
from friendship_tui.store.errors import NotFound

from .conftest import SIZE, Book, wait_async, wait_for
from .forms import current_form, errors, fill


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


async def ready(pilot: Any, app: FriendshipApp) -> None:
    await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
    detail = app.screen.query_one(DetailPane)
    await wait_for(pilot, lambda: detail.children_by_type.get("note"), "Ann's children")


async def test_create_a_contact(app: FriendshipApp, backend: Backend, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press(*"Zoe Quinn")  # the first field has the focus
        form = current_form(app)
        fill(
            form,
            birthday="--04-15",
            stay_in_touch_frequency="quarterly",
            favorite=True,
            tags="book club, old friends",
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "back on the list")
        page = await backend.list("contact", ListQuery(q="Zoe"))
        [zoe] = page.items
        assert zoe["birthday"] == "--04-15" and zoe["favorite"] is True
        assert zoe["tags"] == ["book club", "old friends"]
        assert zoe["stay_in_touch_frequency"] == "quarterly"
        await wait_for(pilot, lambda: "Zoe Quinn" in card(app), "Zoe's card")
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.total == 5, "five contacts listed")


async def test_invalid_input_is_shown_inline_and_kept(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        form = current_form(app)
        fill(form, birthday="31/02/1990", website="not a url")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open
        found = errors(form)
        assert found["name"] == "Name is required"
        assert "must be a date" in found["birthday"]
        assert "http" in found["website"]
        assert form.editor("birthday").query_one(Input).value == "31/02/1990"
        assert form.editor("website").query_one(Input).value == "not a url"
        fill(form, name="Yan", birthday="1990-02-28", website="https://yan.example")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")
        [yan] = (await backend.list("contact", ListQuery(q="Yan"))).items
        assert yan["website"] == "https://yan.example"


async def test_backend_validation_error_lands_on_the_field(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("n")  # a note on Ann ...
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the note form")
        form = current_form(app)
        await backend.delete("contact", book.ann["id"])  # ... who is deleted meanwhile
        fill(form, body="Typed with care")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "parent_id" in errors(form), "the backend's field error")
        assert app.screen is form
        assert form.editor("body").query_one("TextArea").text == "Typed with care"  # type: ignore[attr-defined]


async def test_edit_a_contact_and_cancel_asks_first(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the edit form")
        form = current_form(app)
        assert form.editor("name").query_one(Input).value == "Ann Lee"
        fill(form, nickname="Nan")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "discard question")
        await pilot.press("n")  # keep editing
        await wait_for(pilot, lambda: app.screen is form, "back in the form")
        assert form.editor("nickname").query_one(Input).value == "Nan"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")
        assert (await backend.get("contact", book.ann["id"]))["nickname"] == "Nan"
        await wait_for(pilot, lambda: "Nickname: Nan" in card(app), "card updated")
        # An untouched form closes at once; a changed one asks and can be discarded.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the edit form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "closed")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the edit form")
        fill(app.screen, company="Initech")  # type: ignore[arg-type]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "discard question")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "discarded")
        assert (await backend.get("contact", book.ann["id"]))["company"] == "Acme"


async def test_delete_a_contact_names_its_children(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirmation")
        question = str(app.screen.query_one("#question", Static).content)
        assert question.startswith('Delete contact "Ann Lee" and with it ')
        for part in (
            "2 notes",
            "1 activity",
            "1 conversation",
            "1 reminder",
            "3 gifts",
            "1 pet",
            "1 relationship",
        ):
            assert part in question
        await pilot.press("y")
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.total == 3, "three contacts left")
        with pytest.raises(NotFound):
            await backend.get("contact", book.ann["id"])
        assert (
            await backend.list("note", ListQuery(filters={"parent_id": [book.ann["id"]]}))
        ).items == []


REQUIRED: dict[str, dict[str, Any]] = {
    "activity": {"title": "Climbing", "kind": "event"},
    "conversation": {"summary": "Talked about the trip", "channel": "video"},
    "custom_field": {"label": "Locker", "value": "42", "kind": "number"},
    "gift": {"title": "Chalk bag", "status": "idea", "price": "25"},
    "life_event": {
        "title": "Moved to Porto",
        "kind": "moved",
        "occurred_at": "--05-01",
        "recurring": True,
    },
    "note": {"body": "Allergic to cats"},
    "pet": {"name": "Miso", "species": "cat"},
    "relationship": {"kind": "friend"},
    "reminder": {"message": "Ask about the move", "due_date": "2026-12-01"},
}


async def test_create_edit_delete_a_child_of_each_type(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    assert set(REQUIRED) == set(CHILD_TYPES)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        screen.open_contact(book.dan["id"])
        for type_, values in REQUIRED.items():
            before = (
                await backend.list(type_, ListQuery(filters={"parent_id": [book.dan["id"]]}))
            ).items
            assert before == []
            await wait_for(pilot, lambda: (screen.current or {}).get("name") == "Dan Ruiz", "Dan")
            screen.action_new_child(type_)
            await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), f"{type_} form")
            form = current_form(app)
            fill(form, **values)
            if type_ == "relationship":
                await pilot.click("#choose-target_id")
                await wait_for(pilot, lambda: isinstance(app.screen, ContactPickerScreen), "picker")
                picker = app.screen
                assert isinstance(picker, ContactPickerScreen)
                await pilot.press(*"Cleo")
                await wait_for(
                    pilot,
                    lambda p=picker: [c["name"] for c in p.results] == ["Cleo Park"],
                    "Cleo found",
                )
                await pilot.press("enter")
                await wait_for(pilot, lambda f=form: app.screen is f, "back in the form")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), f"{type_} saved")
            [made] = (
                await backend.list(type_, ListQuery(filters={"parent_id": [book.dan["id"]]}))
            ).items
            if type_ == "relationship":
                assert made["target_id"] == book.cleo["id"]
            if type_ == "life_event":
                assert made["recurring"] is True and made["occurred_at"] == "--05-01"
            if type_ == "gift":
                assert made["price"] == 25

        # Edit and delete one, through its tab: a note.
        await pilot.press("2")
        notes = app.screen.query_one("#list-notes", ChildList)
        await wait_for(
            pilot,
            lambda: notes.items and notes.items[0]["body"] == "Allergic to cats",
            "Dan's note",
        )
        notes.focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "note edit form")
        fill(app.screen, body="Allergic to cats and dogs")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: notes.items and notes.items[0]["body"].endswith("dogs"), "edited note"
        )
        notes.focus()
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirmation")
        assert "Allergic to cats and dogs" in str(app.screen.query_one("#question", Static).content)
        await pilot.press("y")
        await wait_for(pilot, lambda: notes.items == [], "note gone")
        assert (
            await backend.list("note", ListQuery(filters={"parent_id": [book.dan["id"]]}))
        ).items == []


async def test_quick_actions_log_pin_and_done(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "log form")
        form = current_form(app)
        assert [e.field.name for e in form.editors] == [
            "channel", "summary", "parent_id", "sentiment", "occurred_at", "duration_minutes",
        ]  # fmt: skip
        await pilot.press("tab", *"Coffee chat")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "logged")
        ann = await backend.get("contact", book.ann["id"])
        assert ann["last_contacted_at"].startswith("2026-11-25T12:00")
        await wait_for(
            pilot, lambda: "Next check-in: 2026-12-25 (in 30 days, monthly)" in card(app), "bumped"
        )

        # An activity bumps last contacted too (the app applies the same rule).
        await backend.update("contact", book.ann["id"], {"last_contacted_at": "2026-01-01"})
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "activity form")
        fill(app.screen, title="Bouldering")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "activity saved")
        assert (await backend.get("contact", book.ann["id"]))["last_contacted_at"].startswith(
            "2026-11-25"
        )

        # p pins the selected note, x completes the open reminder.
        await pilot.press("2")
        notes = app.screen.query_one("#list-notes", ChildList)
        await wait_for(
            pilot,
            lambda: [n["body"] for n in notes.items] == ["Pinned fact", "Loves jazz"],
            "notes",
        )
        notes.focus()
        await pilot.press("down", "p")
        await wait_for(pilot, lambda: all(n.get("pinned") for n in notes.items), "both pinned")
        assert (await backend.get("note", book.note["id"]))["pinned"] is True
        await pilot.press("x")  # the open reminder of the contact: done
        await wait_for(pilot, lambda: app.screen.query("#follow-up"), "the follow-up offer")
        await pilot.press("n")  # no follow-up
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "offer answered")

        async def done() -> bool:
            return bool((await backend.get("reminder", book.reminder["id"]))["completed"])

        await wait_async(pilot, done, "reminder completed")
        reminders = app.screen.query_one("#list-reminders", ChildList)
        await wait_for(pilot, lambda: reminders.items[0]["completed"], "shown as done")
