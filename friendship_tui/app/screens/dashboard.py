"""The morning view: who to get back in touch with, what dates are coming, what is due."""

from __future__ import annotations

from functools import partial
from pathlib import PurePath
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize, ScreenResume
from textual.widgets import OptionList

from ...domain.agenda import SCREENFUL, Agenda, AgendaRow, PanelName
from ...store.base import Obj
from ..messages import AgendaLoaded
from ..widgets.agenda_list import AgendaList
from ..widgets.steady_footer import SteadyFooter
from ..widgets.title_bar import TitleBar
from .base import AppScreen

PANELS: tuple[tuple[str, PanelName, str, str], ...] = (
    ("stay", "stay_in_touch", "Stay in touch", "Nobody is due. Nice work."),
    ("events", "events", "Upcoming", "No birthdays or anniversaries coming up."),
    ("reminders", "reminders", "Reminders", "No reminders due."),
)
EMPTY_BOOK_HINT = "Your book is empty. Press c to add your first contact."
STACK_BELOW = 150  # columns: narrower terminals stack the panels so rows stay readable


class DashboardScreen(AppScreen):
    CSS_PATH: ClassVar[list[str | PurePath]] = []  # its styles are the app's (dashboard.tcss)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open contact", show=False),
        Binding("l", "quick('conversation')", "Log talk"),
        Binding("a", "quick('activity')", "Activity"),
        Binding("r", "quick('reminder')", "Reminder"),
        Binding("n", "quick('note')", "Note"),
        Binding("x", "reminder_done", "Done"),
        Binding("z", "snooze", "Snooze", tooltip="Snooze the selected person"),
        Binding("escape", "app.show_contacts", "Contacts", show=False),
    ]

    def __init__(self) -> None:
        # Stacked from the start on a narrow terminal: no restyle of the panels on mount.
        stacked = "stacked" if self.app.size.width < STACK_BELOW else None
        super().__init__(classes=stacked)

    def compose(self) -> ComposeResult:
        yield TitleBar()  # Textual's header drawn by one widget (widgets/title_bar.py)
        # The panels are the screen's own children, laid out by the screen (styles/app.tcss):
        # a container around them was one more node to style, lay out and draw, every
        # line of it under the panels (issue "Instant").
        for key, _name, title, empty in PANELS:
            with Vertical(classes="agenda-panel", id=f"panel-{key}") as panel:
                panel.border_title = title
                yield AgendaList(empty=empty, id=f"agenda-{key}")
        yield SteadyFooter()

    _resumed = False

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """Textual styles every node of a screen again as it is shown (its styles may be
        stale after a time below another screen). The first time, just after they were
        all styled as they mounted, under the same stylesheet, that is a second styling of
        the whole first screen before its first frame (issue "Instant"): skipped. Runs
        before Textual's own handler, which then leaves the styles as they are."""
        if not self._resumed and self._css_update_count == self.app._css_update_count:
            event.refresh_styles = False
        self._resumed = True

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < STACK_BELOW, "stacked")

    def panel(self, key: str) -> AgendaList:
        return self.query_one(f"#agenda-{key}", AgendaList)

    def on_mount(self) -> None:
        self.panel("stay").focus()
        self.set_class(self.app.size.width < STACK_BELOW, "stacked")
        agenda = self._start_agenda()
        if agenda is not None:  # the rows are here: the first layout and paint show them
            self.mark_loaded()
            self.show_agenda(agenda)
            self.friendship.settle()

    def _start_agenda(self) -> Agenda | None:
        """The agenda the app read to choose its start screen, taken once, if still today's."""
        agenda, self.friendship.start_agenda = self.friendship.start_agenda, None
        if agenda is None or (agenda.today, agenda.horizon_days) != (
            self.settings.today(),
            self.settings.horizon_days,
        ):
            return None
        return agenda

    def reload(self) -> None:
        self.load_agenda()

    @work(exclusive=True, group="agenda", exit_on_error=False)
    async def load_agenda(self) -> None:
        """Each panel's first rows and exact count; a reload keeps as many rows as the
        panels had loaded, so the highlight stays on its row after a write."""
        agenda = self._start_agenda()
        if agenda is None:
            today, horizon = self.settings.today(), self.settings.horizon_days
            loaded = max(len(self.panel(key).rows) for key, *_ in PANELS)
            agenda = await self.backend.agenda(today, horizon, limit=max(SCREENFUL, loaded))
        self.post_message(AgendaLoaded(agenda))

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.show_agenda(message.agenda)  # and on to the app: its data is on screen

    def show_agenda(self, agenda: Agenda) -> None:
        if agenda.empty:  # a book with something due is not empty: no read to ask
            self.check_empty_book()
        backend = self.backend
        for key, name, title, _empty in PANELS:
            total = agenda.total(name)
            fetch = partial(backend.agenda_rows, name, agenda.today, agenda.horizon_days)
            self.panel(key).show(getattr(agenda, name), total, fetch)
            if name == "events":  # the window is the settings' horizon, not a fixed month
                title = f"{title} in {agenda.horizon_days} days"
            counted = f"{title} ({total:,})" if total else title  # exact, not just the loaded
            self.query_one(f"#panel-{key}").border_title = counted
        if agenda.snoozed:  # say who is quietly left out (domain/snooze.py)
            stay = self.query_one("#panel-stay")
            stay.border_title = f"{stay.border_title} · {agenda.snoozed:,} snoozed"

    @work(exclusive=True, group="empty-book", exit_on_error=False)
    async def check_empty_book(self) -> None:
        """A new book says how to start instead of three empty panels."""
        from ...schema import ListQuery  # the validators: not needed for the first frame

        page = await self.backend.list(
            "contact", ListQuery(filters={"is_archived": ["true", "false"]}, limit=1)
        )
        if not page.items:
            self.panel("stay").set_empty(EMPTY_BOOK_HINT)

    # ------------------------------------------------------------ selection

    def _selected(self) -> tuple[AgendaList, AgendaRow] | None:
        focused = self.focused
        panel = focused if isinstance(focused, AgendaList) else self.panel("stay")
        row = panel.selected_row
        if row is None:
            self.notify("Nothing selected.", severity="warning")
            return None
        return panel, row

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.friendship.show_contact(chosen[1].contact_id)

    def action_quick(self, type_: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        row = chosen[1]
        from ..quick_actions import quick_form  # the keys' helpers: not for the first frame

        form = quick_form(type_, row.contact_id, row.contact_name, self.settings)

        def saved(obj: Obj | None) -> None:
            if obj is not None and type_ in ("conversation", "activity"):
                # The check-in is done: the row goes now, the reload confirms it.
                self.panel("stay").remove_rows(lambda r: r.contact_id == row.contact_id)

        self.app.push_screen(form, saved)

    def action_reminder_done(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        panel, row = chosen
        if row.kind != "reminder":
            self.notify(
                "Select a reminder in the Reminders panel to mark it done.", severity="warning"
            )
            return
        panel.remove_rows(lambda r: r.object_id == row.object_id)
        from ..follow_ups import complete_reminder

        complete_reminder(self.friendship, row.object_id, row.title, row.contact_id)

    def action_snooze(self) -> None:
        """``z``: hide the selected person from stay-in-touch until a date."""
        chosen = self._selected()
        if chosen is None:
            return
        row = chosen[1]

        def snoozed(until: object) -> None:
            self.panel("stay").remove_rows(lambda r: r.contact_id == row.contact_id)

        from ..snoozing import ask_snooze

        ask_snooze(self.friendship, row.contact_id, row.contact_name, then=snoozed)
