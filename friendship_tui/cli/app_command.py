"""The bare ``friendship`` command: open the terminal app."""

from __future__ import annotations

from ..opening.options import GlobalOptions


def run_app(options: GlobalOptions) -> None:
    from ..app import run
    from ..schema import SchemaError
    from ..store.errors import BackendError

    try:
        run(options)
    except (BackendError, SchemaError) as exc:  # a book that cannot be opened: one line
        from .output import fail  # only now: a started app does not pay for it

        fail(exc)
