"""The detail card's "Next check-in" honours a snooze: a snoozed person's card says until
when they are snoozed and when they come back, not "N days overdue" (the dashboard and the
list leave them out of stay-in-touch by the same rule, domain/snooze.py)."""

from __future__ import annotations

from datetime import timedelta

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.screens.snooze import SnoozeScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.store.base import Backend
from friendship_tui.store.snoozes import set_snooze

from .conftest import SIZE, TODAY, Book, wait_for


def check_in_line(plain: str) -> str:
    return next((line for line in plain.splitlines() if line.startswith("Next check-in")), "")


async def test_a_snoozed_persons_card_says_snoozed_until_and_back_on(
    backend: Backend, book: Book
) -> None:
    ann = str(book.ann["id"])
    until = TODAY + timedelta(days=14)
    await set_snooze(backend, ann, until)
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen.query_one(ContactCard)
        app.screen.open_contact(ann)  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: "Ann Lee" in card.plain and "Next check-in" in card.plain)
        line = check_in_line(card.plain)
        assert "overdue" not in line
        assert line == "Next check-in: snoozed until 2026-12-09 (back in 14 days, monthly)"

        # Bob is not snoozed: his card keeps the plain due date
        app.screen.open_contact(str(book.bob["id"]))  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: "Bob Stone" in card.plain, "Bob's card")
        assert check_in_line(card.plain) == "Next check-in: 2026-12-01 (in 6 days, weekly)"

        # z on Bob from the card's screen: the card follows once the snooze is written
        app.screen.contact_list.focus()  # type: ignore[attr-defined]
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
        await pilot.press("1")  # one week
        await wait_for(
            pilot,
            lambda: (
                check_in_line(card.plain)
                == "Next check-in: snoozed until 2026-12-02 (back in 7 days, weekly)"
            ),
            "Bob's card says snoozed",
        )

    # the day the snooze ends the card shows the due date again
    app = make_app(backend, AppSettings.fixed(until, start_screen="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen.query_one(ContactCard)
        app.screen.open_contact(ann)  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: "Ann Lee" in card.plain and "Next check-in" in card.plain)
        assert "overdue" in check_in_line(card.plain)
