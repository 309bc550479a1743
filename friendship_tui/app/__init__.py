"""The terminal app. ``make_app`` is the one way to build it (CLI, tests, bench)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .settings import AppSettings

if TYPE_CHECKING:
    from ..opening.options import GlobalOptions
    from ..store.base import Backend
    from .app import FriendshipApp


def make_app(backend: Backend, settings: AppSettings | None = None) -> FriendshipApp:
    from .app import FriendshipApp

    return FriendshipApp(backend, settings or AppSettings())


def run(options: GlobalOptions) -> None:
    """``friendship`` with no subcommand: open the app on the selected backend."""
    from .launch import run_app

    run_app(options)


__all__ = ["AppSettings", "make_app", "run"]
