"""The dashboard: three panels from the agenda, quick actions on the selected row."""

from __future__ import annotations

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.follow_up import FollowUpScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, settings, wait_async, wait_for
from .forms import fill


def panel(app: FriendshipApp, key: str) -> AgendaList:
    return app.screen.query_one(f"#agenda-{key}", AgendaList)


async def test_starts_on_the_dashboard_when_something_is_due(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start=None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard first")
        await wait_for(pilot, lambda: panel(app, "stay").rows, "agenda rows")
        stay = panel(app, "stay").plain_rows
        assert stay[0].startswith("● Ann Lee") and "55 days overdue" in stay[0]
        assert stay[1].startswith("○ Bob Stone") and "in 6 days" in stay[1]
        events = panel(app, "events").plain_rows
        assert "✱ Ann Lee  Birthday (turns 36)  Tue  1 Dec · in 6 days" in events
        assert any("Cleo Park  Birthday (year unknown)" in e for e in events)
        [reminder] = panel(app, "reminders").plain_rows
        assert reminder == "◷ Ann Lee  Send the photos  5 days overdue"


async def test_starts_on_contacts_when_nothing_is_due(backend: Backend) -> None:
    await backend.create("contact", {"name": "Quiet Person"})
    app = make_app(backend, settings(start=None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "contacts first")


async def test_log_from_dashboard_removes_the_row(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: panel(app, "stay").rows, "agenda rows")
        assert panel(app, "stay").selected_row.contact_name == "Ann Lee"  # type: ignore[union-attr]
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "log form")
        fill(app.screen, summary="Called to catch up")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: isinstance(app.screen, DashboardScreen), "back on the dashboard"
        )
        names = [r.contact_name for r in panel(app, "stay").rows]
        assert "Ann Lee" not in names and "Bob Stone" in names
        contact = await backend.get("contact", book.ann["id"])
        assert contact["last_contacted_at"].startswith("2026-11-25")
        # the reload after the write (only it sets the panel's count) agrees
        title = app.screen.query_one("#panel-stay")
        await wait_for(pilot, lambda: str(title.border_title).endswith("(1)"), "the reload")
        assert [r.contact_name for r in panel(app, "stay").rows] == ["Bob Stone"]


async def test_complete_a_reminder_from_the_dashboard(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: panel(app, "reminders").rows, "reminder rows")
        panel(app, "reminders").focus()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen), "follow-up offer")

        async def completed() -> bool:
            return bool((await backend.get("reminder", book.reminder["id"]))["completed"])

        await wait_async(pilot, completed, "reminder completed")
        await pilot.press("m")  # again in 1 month
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "offer answered")

        async def follow_up() -> bool:
            q = ListQuery(filters={"parent_id": [book.ann["id"]], "completed": ["false"]})
            open_ = (await backend.list("reminder", q)).items
            return [(r["message"], r["due_date"]) for r in open_] == [
                ("Send the photos", "2026-12-25")
            ]

        await wait_async(pilot, follow_up, "the follow-up reminder")
        await wait_for(
            pilot,
            lambda: [r.date.isoformat() for r in panel(app, "reminders").rows] == ["2026-12-25"],
            "the follow-up on the dashboard",
        )


async def test_enter_opens_the_contact(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: panel(app, "events").rows, "event rows")
        events = panel(app, "events")
        events.focus()
        index = next(i for i, r in enumerate(events.rows) if r.contact_name == "Cleo Park")
        events.highlighted = index
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "contacts screen")
        await wait_for(
            pilot, lambda: "Cleo Park" in app.screen.query_one(ContactCard).plain, "Cleo's card"
        )
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard again")
