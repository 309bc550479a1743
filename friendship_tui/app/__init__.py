"""The terminal app. ``make_app`` is the one way to build it (CLI, tests, bench)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .settings import AppSettings

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..domain.agenda import Agenda
    from ..opening.options import GlobalOptions
    from ..store.base import Backend
    from .app import FriendshipApp


def make_app(
    backend: Backend,
    settings: AppSettings | None = None,
    *,
    start_read: Future[Agenda] | None = None,
) -> FriendshipApp:
    """The app; ``start_read`` is the agenda read begun before Textual was imported
    (app/start_read.py), which picks the screen the app opens on."""
    from .app import FriendshipApp

    return FriendshipApp(backend, settings or AppSettings(), start_read=start_read)


def run(options: GlobalOptions) -> None:
    """``friendship`` with no subcommand: open the app on the selected backend."""
    from .launch import run_app

    run_app(options)


__all__ = ["AppSettings", "make_app", "run"]
