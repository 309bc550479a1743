"""The bare ``friendship`` command: open the terminal app."""

from __future__ import annotations

import sys

from ..opening.options import GlobalOptions


def run_app(options: GlobalOptions) -> None:
    from ..app import run
    from ..store.errors import BackendError

    try:
        run(options)
    except Exception as exc:  # a book that cannot be opened: one line
        if not isinstance(exc, BackendError) and not _schema_error(exc):
            raise
        from .output import fail  # only now: a started app does not pay for it

        fail(exc)


def _schema_error(exc: Exception) -> bool:
    """Whether ``exc`` is a ``SchemaError``, without importing the validators for it: a
    process that never imported them cannot have raised one (the app's first screen
    does not need them)."""
    validation = sys.modules.get("friendship_tui.schema.validation")
    return validation is not None and isinstance(exc, validation.SchemaError)
