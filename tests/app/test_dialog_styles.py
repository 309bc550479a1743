"""The dialogs' stylesheets (app/dialog_styles.py) are not parsed before the first
screen: each dialog names its own, the app reads them once its first screen is up, and a
dialog then opens styled without a parse of the stylesheet."""

from __future__ import annotations

from textual.screen import Screen

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.dialog_styles import DIALOG_STYLES, FORMS_CSS, REVIEW_CSS
from friendship_tui.app.keymap import load_class
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, settings, wait_for

SCREENS = "friendship_tui.app.screens."
FORMS = ["form:FormScreen", "confirm:ConfirmScreen", "help:HelpScreen"]
DIALOGS = {
    FORMS_CSS: [*FORMS, "contact_picker:ContactPickerScreen"],
    REVIEW_CSS: ["checkin:CheckinScreen", "snooze:SnoozeScreen", "follow_up:FollowUpScreen"],
}


def test_the_app_names_only_the_main_screens_styles_and_each_dialog_its_own() -> None:
    named = [str(p) for p in FriendshipApp.CSS_PATH]
    assert named == ["styles/dashboard.tcss", "styles/app.tcss", "styles/widgets.tcss"]
    for path, dialogs in DIALOGS.items():
        for dialog in dialogs:
            screen: type[Screen[object]] = load_class(SCREENS + dialog)
            assert path == screen.CSS_PATH, dialog


def read(app: FriendshipApp) -> list[bool]:
    return [app.stylesheet.has_source(str(p), "") for p in DIALOG_STYLES]


async def test_a_form_opens_styled_without_parsing_the_stylesheet_again(
    backend: Backend, book: Book
) -> None:
    app = make_app(backend, settings(start=None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: app.screen.query_one("#agenda-stay", AgendaList).rows)
        await wait_for(pilot, lambda: all(read(app)), "the dialogs' styles read ahead")
        # Textual reads a screen's own stylesheet as it opens, if it is new: a parse of
        # every source again in a fresh stylesheet, whose sources then replace these.
        sources = app.stylesheet.source
        await pilot.press("l")  # log a talk with the selected person: the form
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        box = app.screen.query_one("#form-box")
        assert box.styles.width is not None and box.styles.width.value == 90  # forms.tcss
        assert app.stylesheet.source is sources  # no stylesheet parsed again as it opened


async def test_a_dialog_opened_at_once_still_has_its_styles(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="checkin"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one("#checkin-card"), "the review")
        assert read(app)[1]  # Textual read it as the review opened, before the read-ahead
        card = app.screen.query_one("#checkin-card")
        assert card.styles.width is not None and card.styles.width.value == 54  # review.tcss


def test_the_dashboard_start_reads_only_its_own_styles(backend: Backend) -> None:
    """Opening on the dashboard, the app parses dashboard.tcss alone before its first
    frame; opening elsewhere, the main screens' styles too (that screen needs them)."""
    on_dashboard = make_app(backend, settings(start="dashboard"))
    assert [p.name for p in on_dashboard.css_path] == ["dashboard.tcss"]
    on_contacts = make_app(backend, settings(start="contacts"))
    assert [p.name for p in on_contacts.css_path] == [
        "dashboard.tcss",
        "app.tcss",
        "widgets.tcss",
    ]


async def test_contacts_opened_at_once_are_styled_without_a_second_parse(
    backend: Backend, book: Book
) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        sources = app.stylesheet.source
        await pilot.press("o")  # most likely before the read-ahead: the screen reads its own
        await wait_for(pilot, lambda: app.screen.query("#list-column"), "the contacts")
        column = app.screen.query_one("#list-column")
        await wait_for(pilot, lambda: column.styles.width is not None, "styled")
        assert column.styles.width is not None and column.styles.width.value == 36  # app.tcss
        assert column.styles.max_width is not None and column.styles.max_width.value == 60
        assert app.stylesheet.source is sources  # added to, never parsed again as a whole
