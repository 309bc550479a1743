"""The Textual app: modes, global keys, the one place backend errors are shown.

Kept small on purpose: screens and widgets live in their own modules; this class wires
them to one ``Backend`` and one ``AppSettings``.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ..domain.agenda import SCREENFUL, Agenda
from ..store import notices
from ..store.base import Backend, Obj
from ..store.errors import BackendError
from .commands import ActionsProvider, ContactsProvider
from .dialog_styles import DASHBOARD_CSS, read_dialog_styles, read_styles
from .keymap import assign_binding_ids
from .keymap import load_class as screen_class
from .messages import AgendaLoaded, DataChanged, StatusRead
from .screens.base import AppScreen
from .settings import AppSettings
from .settle import SETTLE_AFTER, SETTLE_QUIET, settle_process
from .start_read import start_mode, take_start_read
from .undo import RecordingBackend, UndoJournal, undo_change
from .worker_errors import retry_when_busy

if TYPE_CHECKING:
    from ..store.base import Status

CHANGE_COALESCE = 0.15  # seconds to gather a burst of change events into one reload
CHECKIN = "friendship_tui.app.screens.checkin:CheckinScreen"
CONTACTS = "friendship_tui.app.screens.contacts:ContactsScreen"


def lazy_screen(path: str) -> Callable[[], Screen[Any]]:
    """A ``MODES`` entry that imports its screen's module when the mode is first shown.

    Screens and dialogs are imported when first opened, not with the app, so the first
    screen a person waits for pays only for itself (issue "Instant")."""

    def make() -> Screen[Any]:
        screen = cast("Screen[Any]", screen_class(path)())
        # Its own stylesheets, if not read yet (the dashboard's first morning), join the
        # rules before it and its widgets are styled; nothing on screen matches them.
        read_styles(screen.app, screen.css_path)
        # Its widgets take their styles as they mount, from the stylesheet as it is now.
        # A new screen's count of CSS updates starts at -1, and Textual then parses every
        # stylesheet again, twice, to bring it up to date (~0.1 s on the first screen).
        screen._css_update_count = screen.app._css_update_count
        return screen

    return make


def showing(screen: object, path: str) -> bool:
    """Whether ``screen`` is an instance of ``module:Name``, without importing it: a
    screen whose module was never imported cannot be on screen."""
    module, _, name = path.partition(":")
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(screen, getattr(loaded, name))


class FriendshipApp(App[None]):
    TITLE = "friendship"
    # The main screens' styles; each dialog names its own (app/dialog_styles.py).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "styles/dashboard.tcss",
        "styles/app.tcss",
        "styles/widgets.tcss",
    ]
    MODES: ClassVar[dict[str, Any]] = {
        "contacts": lazy_screen(CONTACTS),
        "dashboard": lazy_screen("friendship_tui.app.screens.dashboard:DashboardScreen"),
        "journal": lazy_screen("friendship_tui.app.screens.journal:JournalScreen"),
    }
    COMMANDS = App.COMMANDS | {ActionsProvider, ContactsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "show_dashboard", "Dashboard"),
        Binding("o", "show_contacts", "Contacts", show=False),
        Binding("j", "show_journal", "Journal"),
        Binding("c,ctrl+n", "new_contact", "New contact", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("i", "checkin", "Check-in", tooltip="Check-in review: who is due today"),
        Binding("u", "undo", "Undo", show=False, tooltip="Undo the last change of this session"),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        backend: Backend,
        settings: AppSettings | None = None,
        *,
        start_read: Future[Agenda] | None = None,
    ) -> None:
        if settings is not None and settings.keymap:
            assign_binding_ids()  # before the bindings are copied to this instance
        super().__init__()
        self.undo = UndoJournal()
        backend.tz = (settings or AppSettings()).tz  # due dates count from the user's day
        self.raw_backend = backend  # undo writes go here: they are not recorded themselves
        self.backend: Backend = RecordingBackend(backend, self.undo)
        self.settings = settings or AppSettings()
        self.data_version = 0
        self.status_text = backend.mode
        self._change_timer: Timer | None = None
        self._status_unsubscribe: Callable[[], None] | None = None
        retry_when_busy(self, backend)  # a book another program holds: "busy, retrying"
        # The agenda read begun before Textual was imported (app/start_read.py) picks the
        # start screen at once, before the first paint; the dashboard shows it as it mounts.
        start = take_start_read(start_read)
        self._start_mode = None if start is None else start_mode(start)
        # the agenda read to choose the start screen, handed to the dashboard's first load
        self.start_agenda = start if self._start_mode == "dashboard" else None
        self._settled = False
        first = self._first_mode()
        if first in self.MODES:
            # Textual composes its blank default screen first and on_mount then switches
            # to the start screen: two screens styled and laid out before the first
            # frame. A start screen known now is the one screen composed (on_mount's
            # switch to it is then a no-op).
            self._current_mode = first
            self._screen_stacks = {first: []}
        if first == "dashboard":  # the other main screens' styles once it is up
            self.css_path = [p for p in self.css_path if p.name == DASHBOARD_CSS.name]

    def _first_mode(self) -> str | None:
        """The mode on_mount opens, when it is known before the app runs."""
        if self.settings.start_screen == "checkin":  # the review opens over the dashboard
            return "dashboard"
        return self.settings.start_screen or self._start_mode

    # ------------------------------------------------------------ start-up

    # ------------------------------------------------------------ keys in order

    KEY_TURN_LIMIT = 1.0  # seconds a key may take before the next one goes anyway

    async def on_event(self, event: events.Event) -> None:
        """Hand a key on only once the one before it has been handled.

        Textual gives each key to the focused widget's queue and goes on at once, so a
        key that opens a form (``c``) was still waiting in the list's queue when the
        letters typed after it arrived, and they went to the list too (its ``n`` even
        opened a note). Waiting for the widget to finish each key (and for a screen it
        opened to mount and focus its first field) keeps keys typed ahead in order: the
        letters reach the form, as if the app had kept up. A key that takes long (a
        worker it starts does not count) lets the next one go after ``KEY_TURN_LIMIT``
        rather than stalling the keyboard.
        """
        if not isinstance(event, events.Key) or event.is_forwarded or not self.screen_stack:
            await super().on_event(event)  # no screen (starting, closing): nothing to order
            return
        target, screen = self.focused or self.screen, self.screen
        await super().on_event(event)
        for node in target.ancestors_with_self:  # the key bubbles up one queue at a time
            if node is self:
                break
            await self._handled(node)
        # A key nothing below consumed comes back up to the app for its screen's and the
        # app's bindings; it is behind the keys typed after it in our own queue, so run
        # those bindings now, in the key's turn.
        queue: Any = self._message_queue
        if event in queue.values:
            queue.values.remove(event)
            if not queue.values:
                queue.ready_event.clear()
            await self._on_key(event)
        stack = self.screen_stack  # empty once the key closed the app
        if stack and stack[-1] is not screen:  # it opened a screen: let it mount, take focus
            await self._handled(stack[-1])

    async def _handled(self, node: MessagePump) -> None:
        """Wait until ``node`` has worked through what is in its queue now."""
        done = asyncio.Event()
        node.call_later(done.set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), self.KEY_TURN_LIMIT)

    def on_mount(self) -> None:
        notices.set_sink(lambda text: self.notify(text, title="Your book", timeout=15))
        self.theme = self.settings.theme
        self._apply_settings_file()
        self.sub_title = self.status_text
        self.refresh_status()
        self.set_interval(self.settings.status_interval, self.refresh_status)
        self._follow_status()
        if self.backend.capabilities.live:
            self.watch_changes()
        if self.settings.start_screen == "checkin":  # friendship checkin
            self.switch_mode("dashboard")
            self.action_checkin()
        elif self.settings.start_screen:
            self.switch_mode(self.settings.start_screen)
        elif self._start_mode:
            self.switch_mode(self._start_mode)
        else:
            self.choose_start_screen()
            return
        self.set_timer(SETTLE_AFTER, self.settle)

    @work(exclusive=True, group="start", exit_on_error=False)
    async def choose_start_screen(self) -> None:
        """The dashboard first when something is due today, else the contacts."""
        mode = "contacts"
        try:
            # the first rows will do: each panel starts with its earliest days
            today, horizon = self.settings.today(), self.settings.horizon_days
            agenda = await self.backend.agenda(today, horizon, limit=SCREENFUL)
            mode = start_mode(agenda)
            if mode == "dashboard":
                self.start_agenda = agenda  # not read a second time for the first screen
        finally:
            self.switch_mode(mode)
            self.set_timer(SETTLE_AFTER, self.settle)  # unless the dashboard says so first

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        """The dashboard's rows arrived (the message bubbles up): the first screen is up."""
        self.settle()

    def settle(self) -> None:
        """Once, when the first screen shows its data: off the UI thread, build what the
        first write needs (the store's SQLAlchemy engine) and freeze the start-up heap
        (app/settle.py), only in a real run (``freeze_gc``), not in tests; and read the
        dialogs' styles (in every run: a test's dialogs open as a person's do)."""
        if self._settled:
            return
        self._settled = True
        # The dialogs' styles, parsed while the person reads (app/dialog_styles.py).
        self.set_timer(SETTLE_QUIET, partial(read_dialog_styles, self))
        if not self.settings.freeze_gc:
            return
        # A moment after the screen is up, not at once: the thread's imports hold the
        # interpreter in turns, and the first frames (the footer's keys) come first.
        self.set_timer(
            SETTLE_QUIET,
            partial(
                self.run_worker,
                partial(settle_process, self.raw_backend),
                thread=True,
                group="settle",
                exit_on_error=False,
            ),
        )

    # ------------------------------------------------------------ header status

    def format_title(self, title: str, sub_title: str) -> Content:
        """ "friendship - local": a separator one cell wide in every terminal.

        Textual's default joins with an em dash, which terminals set to treat East Asian
        "ambiguous" characters as wide draw two cells wide, eating the space after it
        ("friendship— local"). A plain hyphen is one cell everywhere.
        """
        if not sub_title:
            return Content(title)
        return Content.assemble(Content(title), (" - ", "dim"), Content(sub_title).stylize("dim"))

    @work(exclusive=True, group="status", exit_on_error=False)
    async def refresh_status(self) -> None:
        from .backend_status import read_status

        self.post_message(StatusRead(await read_status(self.backend)))

    def _follow_status(self) -> None:
        """A backend that announces state changes (sync) updates the header at once."""
        if not self.backend.capabilities.status_events:
            return
        mode = self.backend.mode
        from .backend_status import describe_status

        def announce(status: Status) -> None:  # may run on another thread: post_message is safe
            self.post_message(StatusRead(describe_status(mode, status)))

        self._status_unsubscribe = self.backend.on_status(announce)

    def on_unmount(self) -> None:
        if self._status_unsubscribe is not None:
            self._status_unsubscribe()

    def on_status_read(self, message: StatusRead) -> None:
        self.status_text = message.text
        self.sub_title = message.text

    @work(group="changes", exit_on_error=False)
    async def watch_changes(self) -> None:
        """Other clients' writes (remote/sync) reload what is on screen."""
        async for event in self.backend.changes():
            self.post_message(DataChanged(event.type, str(event.object.get("id"))))

    def on_data_changed(self, message: DataChanged) -> None:
        # One write can emit several events (hooks, cascades): reload once for the burst.
        if self._change_timer is None:
            self._change_timer = self.set_timer(CHANGE_COALESCE, self._flush_changes)

    def _flush_changes(self) -> None:
        self._change_timer = None
        self.data_changed()
        self.refresh_status()

    # ------------------------------------------------------------ writes and errors

    def data_changed(self, type_: str | None = None, id_: str | None = None) -> None:
        """Note a write; the visible main screen reloads now, the others when shown."""
        self.data_version += 1
        stack = self.screen_stack  # empty while shutting down
        if stack and isinstance(stack[-1], AppScreen):
            stack[-1].post_message(DataChanged(type_, id_))

    def write(
        self, type_: str, id_: str, operation: Awaitable[Any], done: str | None = None
    ) -> None:
        """Run one backend write in a worker; on success say ``done`` and reload."""

        async def run() -> None:
            try:
                await operation
            finally:
                self.data_changed(type_, id_)
            if done:
                self.notify(done)

        self.run_worker(run(), group="write", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    def report_error(self, error: BaseException) -> None:
        """The one place failures become a notification (never a traceback)."""
        if isinstance(error, BackendError):
            self.notify(str(error), title=error.title, severity="error", timeout=8)
        else:
            self.log.error(repr(error))
            self.notify(
                f"{type(error).__name__}: {error}",
                title="Unexpected error",
                severity="error",
                timeout=8,
            )

    def confirm_delete(self, type_: str, obj: Obj) -> None:
        """Ask, naming what goes with it (a contact's children), then delete."""

        from .display import describe
        from .writes import child_counts, counts_phrase

        async def ask() -> None:
            question = f"Delete {describe(type_, obj)}?"
            if type_ == "contact":
                phrase = counts_phrase(await child_counts(self.backend, str(obj["id"])))
                if phrase:
                    question = f"Delete {describe(type_, obj)} and with it {phrase}?"
            elif type_ == "relationship":
                question += " The mirrored link on the other contact goes too."

            def answered(yes: bool | None) -> None:
                if yes:
                    self.write(
                        type_,
                        str(obj["id"]),
                        self.backend.delete(type_, str(obj["id"])),
                        f"Deleted {describe(type_, obj)}.",
                    )

            confirm = screen_class("friendship_tui.app.screens.confirm:ConfirmScreen")
            self.push_screen(confirm(question, yes="Delete", no="Keep"), answered)

        self.run_worker(ask(), group="delete", exclusive=True, exit_on_error=False)

    # ------------------------------------------------------------ navigation

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The key for the screen already shown is left out of the footer (room at 80 cols)."""
        if action == "checkin":
            return not showing(self.screen, CHECKIN)
        here = {"show_dashboard": "dashboard", "show_journal": "journal"}.get(action)
        return here is None or self.current_mode != here

    def action_show_dashboard(self) -> None:
        self.switch_mode("dashboard")

    def action_show_contacts(self) -> None:
        self.switch_mode("contacts")

    def action_show_journal(self) -> None:
        self.switch_mode("journal")

    def show_contact(self, contact_id: str) -> None:
        """Switch to the contacts screen and show ``contact_id`` in the detail pane."""
        self.call_later(self._show_contact, contact_id)

    async def _show_contact(self, contact_id: str) -> None:
        await self.switch_mode("contacts")
        screen = self.screen
        if showing(screen, CONTACTS):
            screen.open_contact(contact_id)  # type: ignore[attr-defined]

    def action_new_contact(self) -> None:
        def created(obj: Obj | None) -> None:
            if obj is not None:
                self.show_contact(str(obj["id"]))

        form = screen_class("friendship_tui.app.screens.form:FormScreen")
        self.push_screen(form("contact"), created)

    def action_help(self) -> None:
        self.push_screen(screen_class("friendship_tui.app.screens.help:HelpScreen")())

    def action_toggle_theme(self) -> None:
        s = self.settings
        self.theme = s.light_theme if self.theme == s.dark_theme else s.dark_theme
        self.notify(f"Theme: {self.theme}")
        if s.settings_file is not None:
            from .settings_file import save_theme

            self.run_worker(save_theme(s.settings_file, self.theme), group="settings", thread=False)

    def _apply_settings_file(self) -> None:
        """Key overrides through Textual's keymap; wrong values named once."""
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.settings.settings_problems:
            problems = "\n".join(self.settings.settings_problems)
            self.notify(problems, title="Settings file: left out", severity="warning", timeout=10)

    def action_checkin(self) -> None:
        if not showing(self.screen, CHECKIN):
            self.push_screen(screen_class(CHECKIN)())

    # ------------------------------------------------------------ undo (app/undo.py)

    def action_undo(self) -> None:
        change = self.undo.pop()
        if change is None:
            self.notify("Nothing to undo in this session.")
            return
        first = change.steps[0]

        async def run() -> None:
            try:
                await undo_change(self.raw_backend, change)
            except Exception:
                self.undo.changes.append(change)  # not undone: u tries it again
                raise

        self.write(first.type_, first.id_, run(), f"Undid the {change.label}.")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification that follows a recorded change says how to take it back."""
        if severity == "information" and self.undo.take_announcement():
            message = f"{message} (u to undo)"
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
