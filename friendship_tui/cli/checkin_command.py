"""``friendship checkin``: open the app on the check-in review (the people due today,
one at a time). ``--json`` prints the same queue and briefs for scripts instead."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from ..opening.options import GlobalOptions
from ..store.base import Backend
from .output import EXIT_CODES_HELP, dump_json, run_with_backend


async def checkin_queue(backend: Backend, today: date, horizon: int = 30) -> dict[str, Any]:
    """Who the review would show today, most overdue first, each with the brief's text.

    Reads the agenda's first page, then further pages only while people are due (the
    due-soon tail and the other panels are never read in full)."""
    from ..app.checkin_brief import brief_sections, load_brief
    from ..app.checkin_queue import PAGE, is_due

    agenda = await backend.agenda(today, horizon, limit=PAGE)
    rows = list(agenda.stay_in_touch)
    people = []
    position = 0
    while rows:
        row = rows.pop(0)
        position += 1
        if not is_due(row):
            break
        brief = await load_brief(backend, row.contact_id)
        people.append(
            {
                "contact_id": row.contact_id,
                "name": row.contact_name,
                "when": row.when,
                "days": row.days,
                "brief": {title: lines for title, lines in brief_sections(brief, today)},
            }
        )
        if not rows and position < agenda.total("stay_in_touch"):
            rows = await backend.agenda_rows("stay_in_touch", today, horizon, position, PAGE)
    return {"today": today.isoformat(), "due": people, "snoozed": agenda.snoozed}


def register(group: click.Group) -> None:
    @group.command(
        "checkin",
        help="The check-in review: the people due today, one at a time, most overdue first "
        f"(l log, z snooze, s skip, enter open, q leave). {EXIT_CODES_HELP}",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON, no app.")
    @click.option(
        "--date",
        "on",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Pretend today is this date (YYYY-MM-DD).",
    )
    @click.pass_obj
    def checkin_cmd(options: GlobalOptions, as_json: bool, on: datetime | None) -> None:
        from ..app.settings import AppSettings

        if as_json:
            today = on.date() if on is not None else options.clock.today()

            async def work(backend: Backend) -> dict[str, Any]:
                return await checkin_queue(backend, today)

            dump_json(run_with_backend(options, work))
            return
        from ..app.launch import run_app

        if on is not None:
            settings = AppSettings.fixed(on.date(), start_screen="checkin", freeze_gc=True)
        else:
            settings = AppSettings(start_screen="checkin", freeze_gc=True)
        run_app(options, settings)
