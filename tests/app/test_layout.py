"""How the screens read in a real terminal: aligned columns, ellipses, wide characters,
80x24, empty books. Each test reads the cells the widgets render, not the data behind them."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Footer, Header
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderTitle

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.keymap import key_groups
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.journal import JournalScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.steady_footer import KeyLine
from friendship_tui.store.base import Backend

from .conftest import TODAY, Book, settings, wait_for

SMALL = (80, 24)
LONG_NAME = "Maximiliana Alexandrina Wolfeschlegelsteinhausen-Bergerdorff"
WIDE_NAMES = ("王小明", "Zoë 🎉 Party", "Jose\u0301 Combining")  # 2-cell CJK, emoji, combining


async def add_tricky_contacts(backend: Backend) -> None:
    """Overdue contacts with names that are wide, long or combining, each with a reminder."""
    due = {"stay_in_touch_frequency": "weekly", "last_contacted_at": "2026-01-01"}
    for name in (*WIDE_NAMES, LONG_NAME):
        contact = await backend.create("contact", {"name": name, "nickname": "Nick", **due})
        await backend.create(
            "reminder",
            {
                "parent_id": contact["id"],
                "due_date": (TODAY + timedelta(days=3)).isoformat(),
                "message": f"Ask {name} about the 🎂 party, and a message far too long to fit",
            },
        )


def column_of(line: str, marker: str) -> int:
    """The terminal cell where ``marker`` starts in ``line`` (wide characters count 2)."""
    index = line.index(marker)
    return cell_len(line[:index])


def panel(app: FriendshipApp, key: str) -> AgendaList:
    return app.screen.query_one(f"#agenda-{key}", AgendaList)


async def test_dashboard_rows_are_aligned_columns_that_end_in_an_ellipsis(
    backend: Backend, book: Book
) -> None:
    await add_tricky_contacts(backend)
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=(80, 40)) as pilot:  # 80 wide, tall enough for every row
        await wait_for(pilot, lambda: len(panel(app, "stay").rows) >= 5, "agenda rows")
        stay = [line for line in panel(app, "stay").rendered_lines if line]
        width = panel(app, "stay").scrollable_content_region.width
        assert len(stay) == len(panel(app, "stay").rows)  # one line per row: nothing wraps
        assert stay[0].startswith("● ") and all(cell_len(line) <= width for line in stay)
        long = next(line for line in stay if line.startswith("● Maximiliana"))
        assert "…" in long and "Bergerdorff" not in long and long.endswith("days overdue")
        # Name and when columns start at the same cell on every row, wide names or not.
        whens = {column_of(line, line.split("  ")[-1].strip()) for line in stay}
        assert len(whens) == 1, stay
        assert any(line.startswith("● 王小明  ") for line in stay)
        assert any(line.startswith("● Ann Lee  ") for line in stay)  # spaces after the name

        reminders = [line for line in panel(app, "reminders").rendered_lines if line]
        assert len(reminders) >= 5
        columns = {
            (column_of(line, "Ask") if "Ask" in line else column_of(line, "Send"),
             column_of(line, "in 3 days" if "in 3 days" in line else "overdue"))
            for line in reminders
        }  # fmt: skip
        what_columns = {c[0] for c in columns}
        assert len(what_columns) == 1, reminders  # the what column lines up
        long_reminder = next(line for line in reminders if "Maximiliana" in line)
        assert long_reminder.count("…") == 2  # the long name and the long message are both cut
        assert long_reminder.endswith("in 3 days")

        events = [line for line in panel(app, "events").rendered_lines if line]
        assert "✱ Ann Lee    Birthday (turns 36)      Tue  1 Dec · in 6 days" in events


async def test_dashboard_panels_stack_on_a_narrow_terminal(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: panel(app, "stay").rows, "agenda rows")
        stay, events = panel(app, "stay"), panel(app, "events")
        assert stay.region.width == events.region.width  # full width, one above the other
        assert events.region.y > stay.region.bottom
        assert app.screen.query_one("#panel-stay").border_title == "Stay in touch (2)"
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: panel(app, "stay").rows, "agenda rows")
        assert panel(app, "events").region.x > panel(app, "stay").region.right  # side by side


async def test_header_separator_is_one_cell_with_spaces(app: FriendshipApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        title = app.screen.query_one(Header).query_one(HeaderTitle)
        await wait_for(pilot, lambda: app.sub_title in str(title.render()), "status in the header")
        assert str(title.render()) == f"friendship - {app.sub_title}"
        assert "—" not in str(title.render())  # ambiguous-width: two cells in some terminals


async def test_contact_list_keeps_columns_with_wide_names(backend: Backend, book: Book) -> None:
    await add_tricky_contacts(backend)
    app = make_app(backend, settings())
    async with app.run_test(size=SMALL) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 8, "contacts")
        width = lst.scrollable_content_region.width
        lines = [lst.render_line(y).text for y in range(lst.total)]
        assert all(cell_len(line) == width for line in lines), lines
        assert any("Ann Lee  “Annie”" in line for line in lines)  # a space before the quote
        due = [line for line in lines if "● due" in line]
        assert len(due) == 5
        assert {column_of(line, "● due") for line in due} == {width - len("● due")}
        long = next(line for line in lines if "Maximiliana" in line)
        assert "…" in long and "Bergerdorff" not in long
        wide = next(line for line in lines if "王小明" in line)
        assert "王小明  “Nick”" in wide


async def test_footer_shows_help_at_80_columns(app: FriendshipApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "first page")

        def dashboard_keys() -> dict[str, Any]:
            """Where each footer key is: Textual's key widgets, or a screen's one line."""
            lines = app.screen.query(KeyLine)
            if not lines:
                return {k.action: k for k in app.screen.query_one(Footer).query(FooterKey)}
            line = lines.first()
            return {
                e.action: SimpleNamespace(region=Region(line.region.x + start, 0, end - start, 1))
                for start, end, e in line.spans
            }

        footer_keys = dashboard_keys  # the contacts screen's footer is one line too

        await wait_for(
            pilot,
            lambda: all(footer_keys()[a].region.width > 0 for a in ("help", "edit")),
            "the footer laid out",
        )
        keys = footer_keys()
        for action in ("help", "show_dashboard", "show_journal", "filter", "edit"):
            assert keys[action].region.x >= 0 and keys[action].region.right <= SMALL[0], action
        app.action_show_dashboard()
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")

        await wait_for(pilot, lambda: "help" in dashboard_keys(), "the dashboard's footer")
        keys = dashboard_keys()
        assert "show_dashboard" not in keys and "show_journal" in keys  # already here
        assert keys["help"].region.right <= SMALL[0]

        app.action_show_journal()
        await wait_for(pilot, lambda: isinstance(app.screen, JournalScreen), "journal")
        await wait_for(pilot, lambda: "show_dashboard" in dashboard_keys(), "the journal's footer")
        keys = dashboard_keys()
        assert "show_journal" not in keys
        for action in ("new_entry", "filter_tag", "filter_mood", "show_dashboard", "help"):
            assert keys[action].region.right <= SMALL[0], action
        # The footer says "Tag"; help and the palette keep the full name.
        journal_keys = dict(key_groups())["Journal"]
        assert "Tag filter" in [b.description for b in journal_keys]


async def test_empty_book_says_how_to_add_the_first_contact(backend: Backend) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=SMALL) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded, "the (empty) first page")
        assert lst.render_line(0).text.strip() == "No contacts yet: press c."
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "FormScreen", "the form")
        await pilot.press("escape")
        app.action_show_dashboard()
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(
            pilot,
            lambda: "Press c to add your first contact" in panel(app, "stay").rendered_lines[0],
            "the empty-book hint",
        )


async def test_empty_tab_says_how_to_add(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "first page")
        await pilot.press("down", "down", "down")  # Dan Ruiz: no children
        await pilot.press("2")
        notes = app.screen.query_one("#list-notes", ChildList)
        await wait_for(
            pilot, lambda: notes.render_line(0).text.strip().startswith("Nothing yet"), "hint"
        )
        assert "Press + to add one" in notes.render_line(0).text


async def test_the_list_status_keeps_the_count_and_the_filter_in_view(
    backend: Backend, book: Book
) -> None:
    """The status line above the list said "322 contacts · sort: name · matching" at 120
    columns: the filter's words fell off its end. The count and what it counts come
    first; whatever does not fit ends in an ellipsis."""
    app = make_app(backend, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        lst = app.screen.query_one(ContactList)
        status = app.screen.query_one("#list-status")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        await pilot.press("slash", *"glob")

        def shown() -> str:
            return status.render_line(0).text.strip()

        await wait_for(pilot, lambda: shown() == "1 matching “glob” · by name", "whole")
        await pilot.press(*" and a good many more words")
        await wait_for(pilot, lambda: lst.spec.q.endswith("words"), "the longer filter")
        await wait_for(pilot, lambda: shown().endswith("…"), "an ellipsis at the end")
        assert shown().startswith("0 matching “glob and a good")
        assert cell_len(shown()) <= status.size.width
