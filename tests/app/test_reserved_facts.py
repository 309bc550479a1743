"""Deceased people, partial contacts and first met in the app: the card, the list, the
filter (search), the dashboard - on every UI backend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.widgets import Input

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend

from .conftest import SIZE, settings, wait_async, wait_for
from .forms import fill


@dataclass
class Folks:
    ann: dict[str, Any]
    eve: dict[str, Any]
    finn: dict[str, Any]
    gus: dict[str, Any]


async def folks(b: Backend) -> Folks:
    """Ann (overdue, first met through Gus), Eve (deceased, would be overdue and has a
    birthday in a week), Finn (Ann's son, a partial contact), Gus."""
    ann = await b.create(
        "contact",
        {"name": "Ann Lee", "stay_in_touch_frequency": "monthly", "birthday": "1990-12-03"},
    )
    eve = await b.create(
        "contact",
        {"name": "Eve Moss", "stay_in_touch_frequency": "weekly", "birthday": "1950-12-05"},
    )
    finn = await b.create("contact", {"name": "Finn Lee", "birthday": "--12-01"})
    gus = await b.create("contact", {"name": "Gus Berg"})
    cf = {"kind": "date"}
    await b.create("custom_field", {**cf, "parent_id": eve["id"], "label": "Deceased",
                                    "value": "2020-05-04"})  # fmt: skip
    await b.create("custom_field", {"parent_id": finn["id"], "label": "Partial contact",
                                    "kind": "bool", "value": "true"})  # fmt: skip
    await b.set_archived("contact", str(finn["id"]), True)  # as the importer makes them
    await b.create("relationship", {"parent_id": ann["id"], "target_id": finn["id"],
                                    "kind": "child"})  # fmt: skip
    await b.create("custom_field", {**cf, "parent_id": ann["id"], "label": "First met",
                                    "value": "2015"})  # fmt: skip
    await b.create("custom_field", {"parent_id": ann["id"], "label": "First met through",
                                    "kind": "text", "value": gus["id"]})  # fmt: skip
    return Folks(ann, eve, finn, gus)


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


def panel(app: FriendshipApp, key: str) -> AgendaList:
    return app.screen.query_one(f"#agenda-{key}", AgendaList)


def rows(app: FriendshipApp) -> list[str]:
    lst = app.screen.query_one(ContactList)
    return [lst.render_line(y).text.strip() for y in range(min(lst.total, lst.size.height))]


async def test_dashboard_leaves_out_the_deceased_and_partial(backend: Backend) -> None:
    await folks(backend)
    app = make_app(backend, settings(start=None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: panel(app, "stay").rows, "agenda rows")
        stay, events = panel(app, "stay").plain_rows, panel(app, "events").plain_rows
        assert any(r.startswith("● Ann Lee") for r in stay)
        assert not any("Eve Moss" in r for r in stay + events)  # deceased: no check-in, no birthday
        assert any("Ann Lee  Birthday" in e for e in events)
        assert not any("Finn Lee" in e for e in events)  # partial: no birthday row


async def test_card_list_and_filter_know_deceased_partial_and_first_met(
    backend: Backend,
) -> None:
    await folks(backend)
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 3, "the full contacts")
        assert not any("Finn" in r for r in rows(app))  # partial: hidden from the list
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        await wait_for(pilot, lambda: "First met: 2015 through Gus Berg" in card(app), "first met")
        people = app.screen.query_one("#list-relationships", ChildList)
        finn = people.names.get(str(people.items[0]["target_id"]))
        assert finn == "Finn Lee (partial)"  # on Ann's People tab, marked
        await pilot.press("down")
        await wait_for(pilot, lambda: "Eve Moss" in card(app), "Eve's card")
        text = card(app)
        assert "Deceased: 4 May 2020" in text
        assert "Birthday: 5 Dec 1950 (would have turned 76)" in text
        assert "Next check-in" not in text and "(age " not in text
        await pilot.press("slash", *"Finn")  # the filter (search) does not find partial ones
        await wait_for(pilot, lambda: lst.loaded and lst.total == 0, "no match")
        await pilot.press("escape")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 3, "unfiltered")
        await pilot.press("v")  # show archived: the partial contact and where they belong
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "archived shown")
        await pilot.press("slash", *"Finn")
        await wait_for(pilot, lambda: "Finn Lee" in card(app), "Finn's card")
        assert "Partial contact: known through Ann Lee" in card(app)
        assert "Archived" not in card(app)


async def test_the_form_takes_a_birthday_as_an_age(backend: Backend) -> None:
    await folks(backend)
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 3, "the list")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press(*"Ivy Holm")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "about 40" in form.editor("birthday").query_one(Input).placeholder
        fill(form, birthday="about 40")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "back on the list")
        [ivy] = (await backend.list("contact", ListQuery(q="Ivy"))).items
        assert ivy["birthday"] == "1986"  # TODAY is in 2026
        await wait_for(pilot, lambda: "Ivy Holm" in card(app), "Ivy's card")
        assert "Birthday: 1986 (about 40)" in card(app)


async def test_a_partial_contact_can_be_promoted(backend: Backend) -> None:
    people = await folks(backend)
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 3, "the full contacts")
        await pilot.press("v", "slash", *"Finn")
        await wait_for(pilot, lambda: "Partial contact" in card(app), "Finn's card")
        await pilot.press("down")  # from the filter box into the (filtered) list
        await wait_for(pilot, lambda: app.focused is lst, "the list focused")
        await pilot.press("P")
        finn_id = str(people.finn["id"])

        async def unarchived() -> bool:
            return not (await backend.get("contact", finn_id))["is_archived"]

        await wait_async(pilot, unarchived, "Finn back among the full contacts")
        await wait_for(pilot, lambda: "Partial contact" not in card(app), "promoted card")
        assert [c["name"] for c in await backend.search("Finn")] == ["Finn Lee"]
