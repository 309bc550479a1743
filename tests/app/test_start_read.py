"""The agenda read begun before Textual is imported picks the first screen.

``friendship`` starts reading the local book's agenda on a thread while Textual is
imported (app/start_read.py); the app then switches to its start screen as it mounts and
the dashboard shows those very rows in its first paint, with no second read.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

from friendship_tui.app import make_app
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.start_read import begin_start_read
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.domain.agenda import Agenda
from friendship_tui.store.base import Backend
from friendship_tui.store.local import LocalBackend, Store

from .backends import local_backend
from .conftest import SIZE, build_book, settings, wait_for


async def test_the_dashboard_shows_the_rows_the_start_read_found(tmp_path: Path) -> None:
    async with local_backend(tmp_path) as backend:
        await build_book(backend)  # Ann is overdue: the app opens on the dashboard
        start = settings(start=None)
        read = begin_start_read(backend, start)
        assert read is not None
        agenda = read.result(timeout=60)
        assert agenda.stay_in_touch, "the book has someone due"
        app = make_app(backend, start, start_read=read)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
            stay = app.screen.query_one("#agenda-stay", AgendaList)
            await wait_for(pilot, lambda: stay.rows, "stay-in-touch rows")
            # the very rows read before the app was built: not read a second time
            assert stay.rows[0] is agenda.stay_in_touch[0]
            assert app.start_agenda is None  # handed over once


async def test_a_failed_start_read_leaves_the_choice_to_the_app(tmp_path: Path) -> None:
    async with local_backend(tmp_path) as backend:
        await build_book(backend)
        failed: Future[Agenda] = Future()
        failed.set_exception(OSError("the disk went away for a moment"))
        app = make_app(backend, settings(start=None), start_read=failed)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
            # the screen is switched to before it has composed its panels
            stay = lambda: app.screen.query_one("#agenda-stay", AgendaList)  # noqa: E731
            await wait_for(pilot, lambda: stay().rows, "stay-in-touch rows, read by the app")


async def test_only_a_local_book_without_a_start_screen_is_read_early(backend: Backend) -> None:
    """A remote book's client belongs to the app's event loop, which does not exist yet."""
    read = begin_start_read(backend, settings(start=None))
    assert (read is not None) == isinstance(backend, LocalBackend)
    if read is not None:
        assert isinstance(read.result(timeout=60), Agenda)
    assert begin_start_read(backend, settings(start="contacts")) is None


# Run in a child process, whose modules are its own: the start read of a real book, then
# whether a thread pool was ever imported and how many threads ran.
START_READ_ALONE = """
import sys, threading
from friendship_tui.app.settings import AppSettings
from friendship_tui.app.start_read import begin_start_read
from friendship_tui.store.local import open_local

started = []
threading.Thread.start = (lambda start: lambda self: (started.append(self.name), start(self)))(
    threading.Thread.start
)
backend = open_local(sys.argv[1])
read = begin_start_read(backend, AppSettings())
agenda = read.result(timeout=60)
print(len(agenda.stay_in_touch), started, "concurrent.futures.thread" in sys.modules)
"""


def test_the_start_read_is_one_thread_and_no_event_loop(tmp_path: Path) -> None:
    """The read runs on its one thread: no event loop handing it to a thread pool while
    Textual is imported on the main thread."""
    path = tmp_path / "book.db"
    store = Store.open(path)
    body = {"name": "Ann Early", "stay_in_touch_frequency": "weekly"}
    asyncio.run(store.backend().create("contact", body))
    store.close()
    proc = subprocess.run(
        [sys.executable, "-c", START_READ_ALONE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split(None, 1) == ["1", "['start-read'] False\n"]
