"""Open the backend the options select (or a throw-away demo book) and run the app."""

from __future__ import annotations

import asyncio
import gc
import tempfile
from datetime import date
from pathlib import Path

from ..opening.backend_choice import DEMO_CONTACTS, DEMO_SEED
from ..opening.options import GlobalOptions
from ..store.base import Backend
from .settings import AppSettings


async def make_demo_backend(today: date, n_contacts: int = DEMO_CONTACTS) -> tuple[Backend, Path]:
    """A new SQLite file in a temp dir, filled with realistic sample data."""
    from ..store.local import LocalBackend, Store
    from ..store.sample_data import populate

    folder = Path(tempfile.mkdtemp(prefix="friendship-demo-"))
    backend = LocalBackend(Store.open(str(folder / "demo.db")), "me", owns_store=True)
    await populate(backend, n_contacts, today, seed=DEMO_SEED)
    return backend, folder


def run_app(
    options: GlobalOptions, settings: AppSettings | None = None, *, headless: bool = False
) -> None:
    if settings is None or settings.freeze_gc:
        # No cycle collection while Textual and the first screen build their objects:
        # its passes over a growing heap cost ~6% of the start. Settling (app/settle.py)
        # collects once, freezes the start-up heap and turns the collector back on.
        gc.disable()
    try:
        _run_app(options, settings, headless=headless)
    finally:
        gc.enable()  # settled or not (a start that failed, a headless run)


def _run_app(options: GlobalOptions, settings: AppSettings | None, *, headless: bool) -> None:
    from . import make_app
    from .settings_file import with_file

    settings = with_file(
        settings or AppSettings(clock=options.clock.instant, tz=options.clock.tz, freeze_gc=True)
    )
    from ..opening.backend_choice import open_backend, open_demo_backend

    # The demo book is the CLI's: same sample, same "demo" in the header, removed at exit.
    backend = open_demo_backend(options, announce=False) if options.demo else open_backend(options)
    from .start_read import begin_start_read

    start_read = begin_start_read(backend, settings)  # while Textual is imported
    app = make_app(backend, settings, start_read=start_read)
    try:
        app.run(headless=headless)
    finally:
        asyncio.run(backend.close())
    if app.return_code:  # a crash (Textual prints the traceback) is not a success
        raise SystemExit(app.return_code)
