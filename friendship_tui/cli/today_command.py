"""``friendship today``: the dashboard agenda as text, for cron and notify-send.

Plain text when piped (no colour codes, one line a row), a coloured version on a
terminal, ``--json`` for scripts. The text shows each list's first rows and its exact
count (``--all`` for every row), so a big book answers as fast as a small one. Exit
status is 0 whatever the agenda holds; only a failing backend makes it non-zero (see
``friendship --help``).

    notify-send "Today" "$(friendship today --days 7)"
"""

from __future__ import annotations

import click

from ..opening.options import GlobalOptions
from .quick import DAYS_AHEAD, MAX_DAYS
from .today_text import TEXT_ROWS, agenda_lines, print_agenda, read_agenda

__all__ = ["TEXT_ROWS", "register"]


def register(group: click.Group) -> None:
    @group.command(
        "today",
        help="Today's agenda: who to contact, dates coming up, reminders. "
        "Exit status 0 unless the backend failed (3 unavailable, 4 not allowed), "
        'so it suits cron: notify-send Today "$(friendship today)"',
    )
    @click.option(
        "--days",
        type=click.IntRange(min=0, max=MAX_DAYS),
        default=DAYS_AHEAD,
        show_default=True,
        help="How many days ahead.",
    )
    @click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="The agenda as one JSON document (every row unless --limit; totals has "
        "each list's full count).",
    )
    @click.option("--all", "every", is_flag=True, help="Print every row, not the first ones.")
    @click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=None,
        help=f"Rows per list [default: {TEXT_ROWS}; every row with --json].",
    )
    @click.option(
        "--date",
        "on",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Pretend today is this date (YYYY-MM-DD).",
    )
    @click.option("--notify", is_flag=True, help="Send it as the [digest] settings say.")
    @click.option("--install-timer", is_flag=True, help="Send it every morning (systemd/cron).")
    @click.pass_obj
    def today_cmd(
        options: GlobalOptions,
        days: int,
        as_json: bool,
        every: bool,
        limit: int | None,
        on: object,
        notify: bool = False,
        install_timer: bool = False,
    ) -> None:
        if every and limit is not None:
            raise click.UsageError("give --all or --limit, not both", click.get_current_context())
        if limit is None and not (every or as_json):
            limit = TEXT_ROWS  # a morning read; --all for the rest
        if install_timer or notify:
            from . import today_digest as digest

            if install_timer:
                return digest.install_timer(options)
            settings = digest.digest_settings()
            source = click.get_current_context().get_parameter_source("days")
            if source is click.core.ParameterSource.DEFAULT:  # the settings' horizon
                days = settings.days
        # The user's local date, from the same clock the app uses (not UTC's date).
        today = on.date() if on is not None else options.clock.today()  # type: ignore[attr-defined]

        agenda = read_agenda(options, today, days, limit)
        if notify:
            return digest.send_digest(settings, agenda_lines(agenda))
        print_agenda(agenda, as_json)
