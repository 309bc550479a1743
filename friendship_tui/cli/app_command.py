"""The bare ``friendship`` command: open the terminal app."""

from __future__ import annotations

import click

from ..opening.options import GlobalOptions


def run_app(options: GlobalOptions) -> None:
    try:
        from ..app import run  # the terminal-app issue provides it
    except ImportError:  # pragma: no cover - until the app lands
        click.echo("The terminal app is not available in this build yet; see --help.", err=True)
        raise SystemExit(1) from None
    from ..schema import SchemaError
    from ..store.errors import BackendError
    from .output import fail

    try:
        run(options)
    except (BackendError, SchemaError) as exc:  # a book that cannot be opened: one line
        fail(exc)
