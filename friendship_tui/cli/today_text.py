"""``friendship today``'s text: the agenda as lines, and the read that prints them.

Without click, so the quick path (``cli/quick.py``) prints exactly what the click
command (``today_command.py``) prints, from one piece of code, and a morning
``friendship today`` does not import click at all.
"""

from __future__ import annotations

import calendar
import sys
from datetime import date

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


def read_agenda(options: GlobalOptions, today: date, days: int, limit: int | None) -> Agenda:
    """The agenda from the selected backend (a local book: inline, no event loop)."""

    async def work(backend: Backend) -> Agenda:
        return await backend.agenda(today, days, limit=limit)

    return run_with_backend(options, work, inline=True)


def print_agenda(agenda: Agenda, as_json: bool) -> None:
    """The agenda on stdout: JSON, coloured lines on a terminal, plain lines piped."""
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
        sys.stdout.write("\n".join(lines) + "\n")
