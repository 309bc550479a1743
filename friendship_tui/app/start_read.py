"""The agenda read that picks the first screen, begun before Textual is imported.

Importing Textual and the app costs ~0.3 s of one core; reading the first rows of a
local book's agenda costs tens of milliseconds, mostly in SQLite, which lets go of the
interpreter while it works. Begun first, on a thread, the read is done by the time the
app is built, and the app opens on the screen it chose (the dashboard when something
is due today, else the contacts) as its first and only screen: no blank screen, no
switch of mode, one layout and one paint with the rows in it (issue "Instant").

Only a local book is read this way: its reads are plain threads over SQLite, while a
remote or synced book's client belongs to the app's event loop, which does not exist
yet. Those, and a read that fails or is slow, leave the choice to the app's own worker
(``FriendshipApp.choose_start_screen``), which reports errors as usual.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Literal

from ..domain.agenda import SCREENFUL, Agenda
from ..store.base import Backend
from .settings import AppSettings

START_WAIT = 1.0  # seconds the app waits for the read as it is built, then chooses itself

StartMode = Literal["dashboard", "contacts"]


def start_mode(agenda: Agenda) -> StartMode:
    """The dashboard first when something is due today, else the contacts."""
    rows = agenda.stay_in_touch + agenda.events + agenda.reminders
    return "dashboard" if any(r.days <= 0 for r in rows) else "contacts"


def begin_start_read(backend: Backend, settings: AppSettings) -> Future[Agenda] | None:
    """Start reading the agenda's first rows on a thread; None when the app chooses
    its start screen some other way (a start screen in the settings, a remote book)."""
    from ..store.local import LocalBackend

    if settings.start_screen or not isinstance(backend, LocalBackend):
        return None
    backend.tz = settings.tz  # due dates count from the user's day (as the app sets it)
    today, horizon = settings.today(), settings.horizon_days
    store, owner, tz = backend.store, backend.owner, settings.tz
    done: Future[Agenda] = Future()

    def read() -> None:
        # The store's own read, on this thread: ``backend.agenda`` would start an event
        # loop here only to hand the read to yet another thread (``asyncio.to_thread``
        # and its pool), all while Textual is imported on the main thread.
        try:
            done.set_result(store.agenda(owner, today, horizon, tz=tz, limit=SCREENFUL))
        except BaseException as error:  # the app's worker reads again and reports it
            done.set_exception(error)

    threading.Thread(target=read, name="start-read", daemon=True).start()
    return done


def take_start_read(read: Future[Agenda] | None) -> Agenda | None:
    """The agenda, if the read finished well within ``START_WAIT``."""
    if read is None:
        return None
    try:
        return read.result(timeout=START_WAIT)
    except Exception:
        return None
