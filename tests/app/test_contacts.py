"""Browsing: the virtual list, filter-as-you-type, favourites, sort, the detail tabs."""

from __future__ import annotations

from textual.widgets import Static, TabbedContent

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import TABS, DetailPane
from friendship_tui.app.widgets.gift_lanes import GiftLanes

from .conftest import SIZE, Book, wait_for


def rows(app: FriendshipApp) -> list[str]:
    lst = app.screen.query_one(ContactList)
    return [lst.render_line(y).text.strip() for y in range(min(lst.total, lst.size.height))]


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


async def test_list_shows_star_nickname_and_overdue_marker(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "first page")
        assert isinstance(app.screen, ContactsScreen)
        lines = rows(app)
        assert len(lines) == 4
        assert (
            lines[0].startswith("▌★ Ann Lee")
            and "“Annie”" in lines[0]
            and lines[0].endswith("● due")
        )
        assert lines[1].startswith("Bob Stone") and "“Bobby”" in lines[1] and "due" not in lines[1]
        assert [line.split("  ")[0].lstrip("▌★ ") for line in lines] == [
            "Ann Lee", "Bob Stone", "Cleo Park", "Dan Ruiz",
        ]  # fmt: skip
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "detail of the first contact")
        text = card(app)
        assert "Birthday: 1 Dec 1990 (age 36)" not in text  # not yet: birthday is in December
        assert "Birthday: 1 Dec 1990 (age 35)" in text
        assert "Anniversary: 15 Jun (year unknown)" in text
        assert "Work: Engineer · Acme" in text
        assert "Next check-in: 2026-10-01 (55 days overdue, monthly)" in text
        assert "Tags: work, climbing" in text


async def test_cursor_moves_and_detail_follows(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: "Cleo Park" in card(app), "Cleo's card")
        assert "Birthday: 10 Dec (year unknown)" in card(app)
        await pilot.press("end")
        await wait_for(pilot, lambda: "Dan Ruiz" in card(app), "Dan's card")
        await pilot.press("home")
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "back to Ann")


async def test_filter_as_you_type_favourites_and_sort(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        await pilot.press("slash", *"glob")
        await wait_for(  # "g" alone may already leave one: wait for the whole word
            pilot,
            lambda: lst.loaded and lst.spec.q == "glob" and lst.total == 1,
            "filtered list",
        )
        assert lst.highlighted is not None and lst.highlighted["name"] == "Dan Ruiz"
        status = app.screen.query_one("#list-status", Static)
        await wait_for(pilot, lambda: "1 matching “glob”" in str(status.content), "the status")
        await pilot.press("escape")  # clears the filter, back to the list
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "unfiltered list")
        await pilot.press("f")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 1, "favourites only")
        assert lst.highlighted is not None and lst.highlighted["name"] == "Ann Lee"
        await pilot.press("f", "s")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "sorted by last contacted")
        assert lst.spec.sort == "-last_contacted_at"
        assert lst.highlighted is not None and lst.highlighted["name"] == "Bob Stone"
        await pilot.press("s")
        await wait_for(pilot, lambda: lst.loaded and lst.spec.sort == "birthday", "birthday sort")


async def test_each_tab_opens_with_number_keys(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: len(detail.children_by_type.get("note", [])) == 2, "children")
        tabs = app.screen.query_one(TabbedContent)
        expected = {
            "notes": ["▲ Pinned fact", "Loves jazz"],
            "activities": ["2026-08-30  meeting  Lunch"],
            "conversations": ["2026-09-01  call  Caught up"],
            "reminders": ["☐ 2026-11-20  Send the photos"],
            "life_events": ["2024-03-01  new job  Joined Acme"],
            "relationships": ["sibling of → Bob Stone"],
            "pets": ["Rex  dog"],
            "custom_fields": ["Shoe size: 39"],
        }
        for key, (tab, _title, _type) in zip("1234567890", TABS, strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab
            if tab == "overview":
                overview = app.screen.query_one(DetailPane).overview_plain
                assert "How we met: At the climbing gym" in overview
                assert "Food prefs: Vegetarian" in overview
            elif tab == "gifts":
                lanes = app.screen.query_one(GiftLanes)
                titles = {
                    lane: [g["title"] for g in lanes.lane(lane).items]
                    for lane in ("idea", "given", "received")
                }
                assert titles == {"idea": ["Tea set"], "given": ["Book"], "received": ["Scarf"]}
            else:
                lst = app.screen.query_one(f"#list-{tab}", ChildList)
                shown = [str(lst.get_option_at_index(i).prompt) for i in range(lst.option_count)]
                assert shown == expected[tab], tab


async def test_relationship_enter_jumps_to_the_other_contact(
    app: FriendshipApp, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.children_by_type.get("relationship"), "relationships")
        await pilot.press("8")
        app.screen.query_one("#list-relationships", ChildList).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Bob Stone" in card(app), "Bob's card")
        await pilot.press("8")
        lst = app.screen.query_one("#list-relationships", ChildList)
        await wait_for(pilot, lambda: lst.items, "Bob's relationships")
        assert lst.items[0]["kind"] == "sibling" and lst.items[0]["target_id"] == book.ann["id"]
