"""The contact form's own fields for deceased, first met and who introduced you: typed
and picked in the real app, kept as reserved custom fields, shown on the card, edited
and cleared again - on every UI backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from monica.doc_only import ALL, documented_only_server
from monica.standin import monica_dump
from textual.widgets import Button, Input, Switch

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contact_picker import ContactPickerScreen
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.fact_editors import FactEditors
from friendship_tui.domain.reserved_fields import facts_by_contact, facts_of, reserved_for
from friendship_tui.io.monica.importer import import_monica
from friendship_tui.remote import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend, iter_all
from friendship_tui.store.local import Store
from friendship_tui.sync.backend import SyncBackend

from .conftest import SIZE, TODAY, settings, wait_async, wait_for
from .forms import fill


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


def form_of(app: FriendshipApp) -> FormScreen:
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def reserved_rows(backend: Backend, contact_id: str) -> list[dict[str, Any]]:
    q = ListQuery(filters={"parent_id": [contact_id]}, limit=200)
    rows = (await backend.list("custom_field", q)).items
    return [cf for cf in rows if reserved_for(cf.get("label")) is not None]


async def pick(app: FriendshipApp, pilot: Any, form: FormScreen, name: str, who: str) -> None:
    """Choose… on ``name``, type ``who`` in the picker, take the first match."""
    form.query_one(f"#choose-{name}", Button).press()
    await wait_for(pilot, lambda: isinstance(app.screen, ContactPickerScreen), "the picker")
    picker = app.screen
    assert isinstance(picker, ContactPickerScreen)
    await pilot.press(*who)
    await wait_for(
        pilot,
        lambda: [c["name"] for c in picker.results] == [who],
        f"the picker finding only {who}",
    )
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen is form, "back in the form")


async def test_a_new_contact_deceased_and_introduced_by_a_picked_contact(
    backend: Backend,
) -> None:
    gus = await backend.create("contact", {"name": "Gus Berg"})
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 1, "the list")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        form = form_of(app)
        await pilot.press(*"Ivy Holm")
        fill(form, stay_in_touch_frequency="weekly", last_contacted_at="2026-01-01")
        fill(form, deceased_on="2020-05-04", first_met="--03-04")
        await wait_for(pilot, lambda: form.editor("deceased").value() is True, "switch follows")
        await pick(app, pilot, form, "first_met_through", "Gus Berg")
        assert form.editor("first_met_through").ref_label == "Gus Berg"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")
        [ivy] = (await backend.list("contact", ListQuery(q="Ivy"))).items
        facts = facts_of(await reserved_rows(backend, str(ivy["id"])))
        assert facts.deceased_on == "2020-05-04" and facts.first_met == "--03-04"
        assert facts.first_met_through == str(gus["id"])
        await pilot.press("slash", *"Ivy")
        await wait_for(pilot, lambda: "Ivy Holm" in card(app), "Ivy's card")
        await wait_for(pilot, lambda: "Deceased: 4 May 2020" in card(app), "deceased on card")
        assert "First met: 4 Mar (year unknown) through Gus Berg" in card(app)
        assert "Next check-in" not in card(app)
        agenda = await backend.agenda(TODAY, 30)
        assert "Ivy Holm" not in {r.contact_name for r in agenda.stay_in_touch}
        assert "Gus Berg" not in {r.contact_name for r in agenda.stay_in_touch}


async def test_editing_shows_the_facts_and_clearing_removes_their_fields(
    backend: Backend,
) -> None:
    gus = await backend.create("contact", {"name": "Gus Berg"})
    ann = await backend.create("contact", {"name": "Ann Lee"})
    aid = str(ann["id"])
    for label, kind, value in (("First met", "date", "2015"),
                               ("First met through", "text", gus["id"])):  # fmt: skip
        await backend.create("custom_field", {"parent_id": aid, "label": label, "kind": kind,
                                              "value": value})  # fmt: skip
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 2, "the list")
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the edit form")
        form = form_of(app)
        await wait_for(pilot, lambda: form.facts is not None, "the facts read")
        assert form.editor("first_met").query_one(Input).value == "2015"
        assert form.editor("first_met_through").ref_label == "Gus Berg"
        assert form.editor("deceased").query_one(Switch).value is False
        fill(form, first_met="", deceased=True)
        form.query_one("#clear-first_met_through", Button).press()
        await wait_for(pilot, lambda: form.editor("first_met_through").value() is None, "cleared")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")

        async def only_deceased() -> bool:
            return [cf["label"] for cf in await reserved_rows(backend, aid)] == ["Deceased"]

        await wait_async(pilot, only_deceased, "first met removed, deceased added")
        await wait_for(pilot, lambda: "Deceased: yes (date unknown)" in card(app), "the card")
        assert "First met" not in card(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the edit form")
        form = form_of(app)
        await wait_for(pilot, lambda: form.facts is not None, "the facts read")
        assert form.editor("deceased").query_one(Switch).value is True
        fill(form, deceased=False)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")

        async def none_left() -> bool:
            return await reserved_rows(backend, aid) == []

        await wait_async(pilot, none_left, "the deceased field removed")
        await wait_for(pilot, lambda: "Deceased" not in card(app), "the card without it")


async def test_a_bad_fact_is_named_and_nothing_is_saved(backend: Backend) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded, "the list")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        form = form_of(app)
        await pilot.press(*"Ivy Holm")
        fill(form, first_met="2015-13-45", deceased_on="someday")
        await pilot.press("ctrl+s")
        first_met, died = form.editor("first_met"), form.editor("deceased_on")
        await wait_for(pilot, lambda: first_met.error_text and died.error_text, "errors shown")
        assert first_met.error_text.startswith("First met ")
        assert died.error_text.startswith("Date of death ")
        assert app.screen is form and form.query(FactEditors)
        assert (await backend.list("contact")).items == []  # nothing half-saved
        assert form.editor("deceased").value() is True  # a date of death typed: deceased
        fill(form, first_met="2015", deceased=False)  # switched off: the date goes too
        await wait_for(pilot, lambda: form.editor("deceased_on").value() is None, "date gone")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")
        [ivy] = (await backend.list("contact")).items
        facts = facts_of(await reserved_rows(backend, str(ivy["id"])))
        assert facts.first_met == "2015" and not facts.deceased


async def test_a_documented_only_server_hides_partial_contacts_and_keeps_the_facts(
    tmp_path: Path,
) -> None:
    """The app on a remote profile of a server with only the documented API: a Monica
    import's partial contacts (not archived there) stay out of the list; a contact made
    in the form with all three facts reaches another device through that server."""
    with documented_only_server(tmp_path) as (url, token, gate):
        remote = RemoteBackend(url, token, max_retries=1)
        phone = SyncBackend(
            Store.open(tmp_path / "phone.db"), RemoteBackend(url, token, max_retries=1),
            owns_store=True,
        )  # fmt: skip
        try:
            assert (await import_monica(remote, monica_dump())).failed == 0
            app = make_app(remote, settings())
            async with app.run_test(size=SIZE) as pilot:
                lst = app.screen.query_one(ContactList)
                await wait_for(pilot, lambda: lst.loaded and lst.total == 5, "5 full contacts")
                shown = [lst.render_line(y).text for y in range(5)]
                assert not any("Oscar" in r or "Johnathon" in r for r in shown), shown
                await pilot.press("c")
                await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
                form = form_of(app)
                await pilot.press(*"Ivy Holm")
                fill(form, deceased_on="2020-05-04", first_met="2015")
                await pick(app, pilot, form, "first_met_through", "Ann Lindqvist")
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")
                await wait_for(pilot, lambda: lst.loaded and lst.total == 6, "Ivy listed")
            assert "/xapi2/capabilities" in gate.refused
            await phone.sync_now()
            people = {c["name"]: str(c["id"]) async for c in iter_all(phone, "contact", ALL)}
            rows = [cf async for cf in iter_all(phone, "custom_field", ALL)]
            ivy = facts_by_contact(rows)[people["Ivy Holm"]]
            assert (ivy.deceased_on, ivy.first_met) == ("2020-05-04", "2015")
            assert ivy.first_met_through == people["Ann Lindqvist"]
        finally:
            await phone.close()
            await remote.close()


async def test_a_fact_the_server_refuses_is_named_and_the_contact_not_made_twice(
    tmp_path: Path,
) -> None:
    """A token that may write contacts but not custom fields: the contact is saved, the
    fact is not; the form says which, keeps everything, and saving again edits the
    contact it made instead of making another."""
    with documented_only_server(tmp_path) as (url, _, gate):
        accounts = gate.state.server.accounts
        _, weak = accounts.create_token("alice", "weak", ["*:list", "*:read", "contact:*"])
        remote = RemoteBackend(url, weak, max_retries=1)
        try:
            app = make_app(remote, settings())
            async with app.run_test(size=SIZE) as pilot:
                lst = app.screen.query_one(ContactList)
                await wait_for(pilot, lambda: lst.loaded, "the list")
                await pilot.press("c")
                await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
                form = form_of(app)
                await pilot.press(*"Ivy Holm")
                fill(form, first_met="2015")
                await pilot.press("ctrl+s")
                met = form.editor("first_met")
                await wait_for(pilot, lambda: met.error_text, "the refused fact named")
                assert met.error_text.startswith("First met was not saved")
                status = str(form.query_one("#form-status").render())
                assert "The contact was saved, but not the fields marked" in status
                assert app.screen is form and met.query_one(Input).value == "2015"
                assert not form.creating  # it edits the saved contact from now on
                names = [c["name"] for c in (await remote.list("contact")).items]
                assert names == ["Ivy Holm"]
                await pilot.press("ctrl+s")  # again: the fact is still refused
                await wait_for(pilot, lambda: not form.saving and met.error_text, "refused")
                names = [c["name"] for c in (await remote.list("contact")).items]
                assert names == ["Ivy Holm"]  # not a second Ivy
        finally:
            await remote.close()
