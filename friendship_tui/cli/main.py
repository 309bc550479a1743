"""Entry point. Subcommand groups live in their own modules and register themselves.

Each module named in ``SUBCOMMAND_MODULES`` exposes ``register(group)``; keeping the
list here (rather than importing eagerly) keeps ``friendship --help`` fast and lets each
area of the CLI live in one module.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from .. import __version__
from .options import GlobalOptions

SUBCOMMAND_MODULES = (
    "friendship_tui.cli.data_commands",  # <type> list/get/create/update/delete/upsert/schema
    "friendship_tui.cli.today_command",  # today
    "friendship_tui.cli.io_commands",  # import / export
    "friendship_tui.cli.server_commands",  # serve, server user/token
    "friendship_tui.cli.profile_commands",  # profile add/list/remove
    "friendship_tui.cli.sync_commands",  # sync, sync status, sync conflicts
    "friendship_tui.cli.history_command",  # history ID
    "friendship_tui.cli.demo_command",  # demo data helpers
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    metavar="PATH",
    help="SQLite file (default: the data dir; env FRIENDSHIP_DB) or a database URL.",
)
@click.option(
    "--profile", "profile", metavar="NAME", help="A saved profile (local, remote or sync)."
)
@click.option("--demo", is_flag=True, help="Open a throw-away demo book with sample data.")
@click.version_option(__version__, "--version", prog_name="friendship")
@click.pass_context
def cli(ctx: click.Context, db: str | None, profile: str | None, demo: bool) -> None:
    """friendship-tui: your contacts, who to get back in touch with, whose birthday is next.

    With no command, opens the terminal app.
    """
    given = ctx.obj if isinstance(ctx.obj, GlobalOptions) else GlobalOptions()
    ctx.obj = GlobalOptions(db=db, profile=profile, demo=demo, clock=given.clock)
    if ctx.invoked_subcommand is None:
        from .app_command import run_app

        run_app(ctx.obj)


def _register_all() -> None:
    for name in SUBCOMMAND_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        module.register(cli)


_register_all()


def main() -> None:
    cli(prog_name="friendship")


if __name__ == "__main__":  # pragma: no cover
    main()
