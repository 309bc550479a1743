"""Entry point. Subcommand groups live in their own modules and register themselves.

Each module named in ``COMMAND_MODULES`` exposes ``register(group)`` and is imported
only when one of its commands runs (``LazyGroup``): ``friendship --version`` imports no
subcommand, ``friendship contact list`` only the data commands and the local store.
"""

from __future__ import annotations

import click

from .. import __version__
from ..store import notices
from .lazy_group import LazyGroup
from .options import GlobalOptions

# Command name -> the module whose ``register(group)`` adds it. Adding a command is one
# line here; the module is imported only when its command runs (or for --help).
COMMAND_MODULES: dict[str, str] = {
    "today": "friendship_tui.cli.today_command",
    "import": "friendship_tui.cli.io_commands",
    "export": "friendship_tui.cli.io_commands",
    "serve": "friendship_tui.cli.server_commands",
    "server": "friendship_tui.cli.server_commands",
    "profile": "friendship_tui.cli.profile_commands",
    "sync": "friendship_tui.cli.sync_commands",
    "history": "friendship_tui.cli.history_command",
    "doctor": "friendship_tui.cli.doctor_command",
    "snooze": "friendship_tui.cli.snooze_command",
    "checkin": "friendship_tui.cli.checkin_command",
}

# Names not in the table: the per-model groups (contact, note, ...), derived from the schema.
FALLBACK_MODULES = ("friendship_tui.cli.data_commands",)

SUBCOMMAND_MODULES = tuple(dict.fromkeys([*FALLBACK_MODULES, *COMMAND_MODULES.values()]))


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMAND_MODULES,
    fallback=FALLBACK_MODULES,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    if ctx.invoked_subcommand is not None:  # the app shows them itself, as notifications
        notices.set_sink(lambda text: click.echo(f"friendship: {text}", err=True))
    if ctx.invoked_subcommand is None:
        from .app_command import run_app

        run_app(ctx.obj)


def main() -> None:
    cli(prog_name="friendship")


if __name__ == "__main__":  # pragma: no cover
    main()
