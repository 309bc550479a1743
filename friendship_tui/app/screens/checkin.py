"""The check-in review (``i``): the people due today, one at a time, most overdue first.

Each person gets one screen with what a talk needs (the card, the stay-in-touch topic,
the last two conversations, pinned notes, open reminders, the next birthday or
anniversary, gift ideas) and one key to move on: ``l`` log the talk, ``z`` snooze,
``s`` skip for today. The queue is read once when the review opens, from the same
agenda as the dashboard (so snoozed people are already out of it).
"""

from __future__ import annotations

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

from ...domain.agenda import AgendaRow
from ...store.base import Obj
from ..checkin_brief import Brief, brief_sections, load_brief
from ..quick_actions import quick_form
from ..snoozing import ask_snooze
from ..widgets.contact_card import ContactCard
from ..worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from ..app import FriendshipApp


@dataclass
class QueueLoaded(Message):
    rows: list[AgendaRow]


@dataclass
class BriefLoaded(Message):
    brief: Brief


def skipped_today(app: FriendshipApp, today: date) -> set[str]:
    """The contacts skipped in this session's review today (``s``): not shown again today."""
    skips: dict[date, set[str]] = app.__dict__.setdefault("checkin_skips", {})
    return skips.setdefault(today, set())


class CheckinScreen(ReportsWorkerErrors, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log", "Log talk", tooltip="Log a conversation, then the next person"),
        Binding("z", "snooze", "Snooze", tooltip="Snooze this person, then the next"),
        Binding("s", "skip", "Skip", tooltip="Skip this person for today"),
        Binding("enter", "open", "Open", tooltip="Open this contact (leaves the review)"),
        Binding("q,escape", "leave", "Leave", tooltip="Leave the check-in review"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[AgendaRow] = []
        self.index = 0
        self.loaded = False
        self.brief: Brief | None = None
        self.counts = {"logged": 0, "snoozed": 0, "skipped": 0}

    @property
    def friendship(self) -> FriendshipApp:
        return cast("FriendshipApp", self.app)

    @property
    def current(self) -> AgendaRow | None:
        return self.queue[self.index] if self.loaded and self.index < len(self.queue) else None

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
        settings = self.friendship.settings
        today = settings.today()
        agenda = await self.friendship.backend.agenda(today, settings.horizon_days)
        skips = skipped_today(self.friendship, today)
        rows = [r for r in agenda.stay_in_touch if r.days <= 0 and r.contact_id not in skips]
        self.post_message(QueueLoaded(rows))

    def on_queue_loaded(self, message: QueueLoaded) -> None:
        self.queue = message.rows
        self.index = 0
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
            text = "Nobody is due today. Nice work." if not self.queue else "All done for today."
            progress.update(text + (f" ({done})" if done else "") + "  q to leave")
            self.query_one("#checkin-sections", Static).update("")
            return
        progress.update(
            f"{self.index + 1} of {len(self.queue)} · {row.contact_name} · {row.when}"
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
        self.counts[outcome] += 1
        self.index += 1
        self.show_current()

    def _row(self) -> AgendaRow | None:
        row = self.current
        if row is None:
            self.notify("Nobody left to check in with today.", severity="warning")
        return row

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
