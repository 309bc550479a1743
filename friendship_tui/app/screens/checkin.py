"""The check-in review (``i``): the people due today, one at a time, most overdue first.

Each person gets one screen with what a talk needs (the card, the stay-in-touch topic,
the last two conversations, pinned notes, open reminders, the next birthday or
anniversary, gift ideas) and one key to move on: ``l`` log the talk, ``z`` snooze,
``s`` skip for today. The people come from the same agenda as the dashboard (so
snoozed people are already out of it), a page at a time (``app/checkin_queue.py``): the
first page and the exact count when the review opens, then a re-read from the current
place after each step, once the step's write has landed.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import WorkerCancelled, WorkerFailed

from ...domain.agenda import AgendaRow
from ...store.base import Obj
from ..checkin_brief import Brief, brief_sections, load_brief
from ..checkin_queue import PAGE, Found, count_due, next_person
from ..dialog_styles import REVIEW_CSS
from ..quick_actions import quick_form
from ..snoozing import ask_snooze
from ..widgets.contact_card import ContactCard
from ..worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from ..app import FriendshipApp


@dataclass
class QueueLoaded(Message):
    found: Found | None
    total: int | None = None  # the exact number due, on the first read only


@dataclass
class BriefLoaded(Message):
    brief: Brief


def skipped_today(app: FriendshipApp, today: date) -> set[str]:
    """The contacts skipped in this session's review today (``s``): not shown again today."""
    skips: dict[date, set[str]] = app.__dict__.setdefault("checkin_skips", {})
    return skips.setdefault(today, set())


class CheckinScreen(ReportsWorkerErrors, Screen[None]):
    CSS_PATH = REVIEW_CSS  # read ahead once the first screen is up (dialog_styles)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log", "Log talk", tooltip="Log a conversation, then the next person"),
        Binding("z", "snooze", "Snooze", tooltip="Snooze this person, then the next"),
        Binding("s", "skip", "Skip", tooltip="Skip this person for today"),
        Binding("enter", "open", "Open", tooltip="Open this contact (leaves the review)"),
        Binding("q,escape", "leave", "Leave", tooltip="Leave the check-in review"),
    ]

    PAGE: ClassVar[int] = PAGE  # rows per agenda read

    def __init__(self) -> None:
        super().__init__()
        self.found: Found | None = None  # who is shown and their place in the panel
        self.passed: set[str] = set()  # handled in this review, or skipped earlier today
        self.handled = 0
        self.total = 0  # people due when the review opened, less those skipped earlier
        self.loaded = False
        self.brief: Brief | None = None
        self.counts = {"logged": 0, "snoozed": 0, "skipped": 0}

    @property
    def friendship(self) -> FriendshipApp:
        return cast("FriendshipApp", self.app)

    @property
    def current(self) -> AgendaRow | None:
        return self.found.row if self.loaded and self.found is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading who is due…", id="checkin-progress")
        with Horizontal(id="checkin-body"):
            yield ContactCard(id="checkin-card")
            with VerticalScroll(id="checkin-brief"):
                yield Static("", id="checkin-sections")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "check-in"
        self.load_queue()

    # ------------------------------------------------------------ loading

    @work(exclusive=True, group="checkin-queue", exit_on_error=False)
    async def load_queue(self) -> None:
        """The first page and the exact count: ``totals`` bounds the due head."""
        backend, settings = self.friendship.backend, self.friendship.settings
        today = settings.today()
        agenda = await backend.agenda(today, settings.horizon_days, limit=self.PAGE)
        due = await count_due(backend, agenda)
        self.passed = set(skipped_today(self.friendship, today))
        first = agenda.stay_in_touch
        found = await next_person(
            backend, today, settings.horizon_days, 0, self.passed, first, self.PAGE
        )
        self.post_message(QueueLoaded(found, max(0, due - len(self.passed))))

    @work(exclusive=True, group="checkin-queue", exit_on_error=False)
    async def load_next(self, start: int) -> None:
        """Re-read from ``start`` (the place of the person just handled) once this
        session's writes have landed: a logged or snoozed person has left the panel by
        then and everyone after moved up; a skipped one is stepped over by id."""
        for worker in list(self.app.workers):
            if worker.group == "write" and not worker.is_finished:
                with contextlib.suppress(WorkerFailed, WorkerCancelled):
                    await worker.wait()
        settings = self.friendship.settings
        found = await next_person(
            self.friendship.backend,
            settings.today(),
            settings.horizon_days,
            start,
            self.passed,
            page=self.PAGE,
        )
        self.post_message(QueueLoaded(found))

    def on_queue_loaded(self, message: QueueLoaded) -> None:
        if message.total is not None:
            self.total = message.total
        self.found = message.found
        self.loaded = True
        self.show_current()

    def show_current(self) -> None:
        row = self.current
        progress = self.query_one("#checkin-progress", Static)
        if row is None:
            self.brief = None
            self.query_one(ContactCard).show(None, self.friendship.settings.today())
            self.query_one(ContactCard).update("")
            done = ", ".join(f"{n} {what}" for what, n in self.counts.items() if n)
            text = "Nobody is due today. Nice work." if not self.handled else "All done for today."
            progress.update(text + (f" ({done})" if done else "") + "  q to leave")
            self.query_one("#checkin-sections", Static).update("")
            return
        total = max(self.total, self.handled + 1)  # someone fell due since it opened
        progress.update(
            f"{self.handled + 1} of {total} · {row.contact_name} · {row.when}"
            "   l log · z snooze · s skip · enter open · q leave"
        )
        self.load_current(row.contact_id)

    @work(exclusive=True, group="checkin-brief", exit_on_error=False)
    async def load_current(self, contact_id: str) -> None:
        self.post_message(BriefLoaded(await load_brief(self.friendship.backend, contact_id)))

    def on_brief_loaded(self, message: BriefLoaded) -> None:
        row = self.current
        if row is None or str(message.brief.contact.get("id")) != row.contact_id:
            return  # an answer for someone we already moved past
        self.brief = message.brief
        today = self.friendship.settings.today()
        self.query_one(ContactCard).show(message.brief.contact, today)
        text = Text()
        for title, lines in brief_sections(message.brief, today):
            text.append(f"{title}\n", style="bold")
            for line in lines:
                text.append(f"  {line}\n", style="dim" if line.startswith("(") else "")
            text.append("\n")
        self.query_one("#checkin-sections", Static).update(text)

    @property
    def plain(self) -> str:
        """The review as plain text (progress and sections), for tests and logs."""
        progress = str(self.query_one("#checkin-progress", Static).content)
        if self.brief is None:
            return progress
        sections = brief_sections(self.brief, self.friendship.settings.today())
        body = "\n".join(f"{t}: " + " | ".join(lines) for t, lines in sections)
        return f"{progress}\n{self.query_one(ContactCard).plain}\n{body}"

    # ------------------------------------------------------------ moving on

    def advance(self, outcome: str) -> None:
        found = self.found
        if found is None:
            return
        self.counts[outcome] += 1
        self.handled += 1
        self.passed.add(found.row.contact_id)
        self.found = None
        self.brief = None
        self.query_one("#checkin-progress", Static).update("Reading who is next…")
        self.load_next(found.position)

    def _row(self) -> AgendaRow | None:
        row = self.current
        if row is None and self.loaded and not self.workers_busy():
            self.notify("Nobody left to check in with today.", severity="warning")
        return row

    def workers_busy(self) -> bool:
        """Still reading who is next (a key pressed meanwhile is not "nobody left")."""
        return any(w.group == "checkin-queue" and not w.is_finished for w in self.workers)

    def action_log(self) -> None:
        row = self._row()
        if row is None:
            return
        form = quick_form(
            "conversation", row.contact_id, row.contact_name, self.friendship.settings
        )

        def saved(obj: Obj | None) -> None:
            if obj is not None and self.current is row:
                self.advance("logged")

        self.app.push_screen(form, saved)

    def action_snooze(self) -> None:
        row = self._row()
        if row is None:
            return
        current = self.brief.snoozed_until if self.brief is not None else None

        def snoozed(until: date) -> None:
            if self.current is row:
                self.advance("snoozed")

        ask_snooze(self.friendship, row.contact_id, row.contact_name, current, snoozed)

    def action_skip(self) -> None:
        row = self._row()
        if row is None:
            return
        skipped_today(self.friendship, self.friendship.settings.today()).add(row.contact_id)
        self.advance("skipped")

    def action_open(self) -> None:
        row = self._row()
        if row is None:
            return
        self.dismiss(None)
        self.friendship.show_contact(row.contact_id)

    def action_leave(self) -> None:
        self.dismiss(None)
