"""``friendship today``: the dashboard agenda as text, for cron and notify-send.

Plain text when piped (no colour codes, one line a row), a coloured version on a
terminal, ``--json`` for scripts. The text shows each list's first rows and its exact
count (``--all`` for every row), so a big book answers as fast as a small one. Exit
status is 0 whatever the agenda holds; only a failing backend makes it non-zero (see
``friendship --help``).

    notify-send "Today" "$(friendship today --days 7)"
"""

from __future__ import annotations

import calendar
from datetime import date

import click

from ..domain.agenda import PANELS, Agenda, AgendaRow
from ..opening.options import GlobalOptions
from ..store.base import Backend
from .output import dump_json, is_terminal, run_with_backend

TEXT_ROWS = 20  # rows of each list printed unless --all / --limit


def _day(d: date) -> str:
    return f"{calendar.day_abbr[d.weekday()]} {d.day} {calendar.month_abbr[d.month]}"


def row_text(row: AgendaRow) -> str:
    """One agenda row: "Thu 26 Nov  Ann Smith: Birthday (turns 40), tomorrow"."""
    title = row.title
    if row.years is not None and row.kind in ("birthday", "anniversary", "life_event"):
        title += f" (turns {row.years})" if row.kind == "birthday" else f" ({row.years} years)"
    text = f"{_day(row.date)}  {row.contact_name}: {title}, {row.when}"
    if row.detail:
        text += f" · {row.detail}"
    return text


def snoozed_line(count: int) -> str:
    """Who the stay-in-touch list quietly leaves out (``friendship snooze``)."""
    who = "1 person" if count == 1 else f"{count:,} people"
    return f"{who} snoozed, left out until the snooze ends"


def agenda_lines(agenda: Agenda) -> list[str]:
    """The agenda as text: each panel's rows as read, its exact count in its heading, and
    a line saying how many more a limited read left out."""
    head = f"{_day(agenda.today)} {agenda.today.year} · next {agenda.horizon_days} days"
    lines = [head]
    if not any(agenda.total(panel) for panel in PANELS):
        lines.append("Nothing due. Enjoy your day.")
        if agenda.snoozed:
            lines.append(snoozed_line(agenda.snoozed))
        return lines
    for panel, title in zip(PANELS, ("Stay in touch", "Coming up", "Reminders"), strict=True):
        rows: list[AgendaRow] = getattr(agenda, panel)
        total = agenda.total(panel)
        snoozed = agenda.snoozed if panel == "stay_in_touch" else 0
        if not (total or snoozed):
            continue
        lines += ["", f"{title} ({total:,})"]
        lines += [f"  {row_text(r)}" for r in rows]
        if (more := total - len(rows)) > 0:
            lines.append(f"  … and {more:,} more (friendship today --all)")
        if snoozed:
            lines.append(f"  {snoozed_line(snoozed)}")
    return lines


def _styled(line: str) -> str:
    from rich.markup import escape

    if line and not line.startswith(" "):
        return f"[bold]{escape(line)}[/bold]"
    if "overdue" in line:
        return f"[red]{escape(line)}[/red]"
    if ", today" in line:
        return f"[green]{escape(line)}[/green]"
    return escape(line)


def register(group: click.Group) -> None:
    @group.command(
        "today",
        help="Today's agenda: who to contact, dates coming up, reminders. "
        "Exit status 0 unless the backend failed (3 unavailable, 4 not allowed), "
        'so it suits cron: notify-send Today "$(friendship today)"',
    )
    @click.option(
        "--days",
        type=click.IntRange(min=0, max=366),
        default=30,
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

        async def work(backend: Backend) -> Agenda:
            return await backend.agenda(today, days, limit=limit)

        agenda = run_with_backend(options, work, inline=True)
        if notify:
            return digest.send_digest(settings, agenda_lines(agenda))
        if as_json:
            dump_json(agenda.to_json())
            return
        lines = agenda_lines(agenda)
        if is_terminal():
            from .output import stdout_console

            console = stdout_console()
            for line in lines:
                console.print(_styled(line))
        else:
            click.echo("\n".join(lines))
