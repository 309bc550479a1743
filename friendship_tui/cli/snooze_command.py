"""``friendship snooze CONTACT_ID --for 2w | --until 2026-12-15 | --wake``.

Hides a person from the stay-in-touch list (``friendship today``, the dashboard, the
check-in review) until a date; on that date they come back by themselves. Stored as the
reserved custom field of ``domain.snooze``, so it syncs through any xapi2 server.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from ..domain.snooze import check_until, snooze_end
from ..store.base import Backend
from ..store.snoozes import set_snooze
from .options import GlobalOptions
from .output import EXIT_CODES_HELP, dump_json, fail, run_with_backend


def _until(span: str | None, until: datetime | None, wake: bool, today: date) -> date | None:
    """The end date the options ask for (None = wake), or a clear error naming the option."""
    from ..store.errors import ValidationError

    chosen = [name for name, v in (("--for", span), ("--until", until), ("--wake", wake)) if v]
    if len(chosen) != 1:
        raise ValidationError({"--for": "give exactly one of --for, --until or --wake"})
    if wake:
        return None
    try:
        end = snooze_end(span, today) if span else until.date()  # type: ignore[union-attr]
        check_until(end, today)
    except ValueError as err:
        raise ValidationError({chosen[0]: str(err)}) from None
    return end


def register(group: click.Group) -> None:
    @group.command(
        "snooze",
        help="Hide CONTACT_ID from stay-in-touch until a date: --for 1w/2w/1m/3d/1y, "
        f"--until YYYY-MM-DD, or --wake to end a snooze now. {EXIT_CODES_HELP}",
    )
    @click.argument("contact_id")
    @click.option("--for", "span", metavar="SPAN", help="How long: 3d, 1w, 2w, 1m, 1y.")
    @click.option(
        "--until",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="The date the person comes back (YYYY-MM-DD).",
    )
    @click.option("--wake", is_flag=True, help="End the snooze now.")
    @click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
    @click.option(
        "--date",
        "on",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Pretend today is this date (YYYY-MM-DD).",
    )
    @click.pass_obj
    def snooze_cmd(
        options: GlobalOptions,
        contact_id: str,
        span: str | None,
        until: datetime | None,
        wake: bool,
        as_json: bool,
        on: datetime | None,
    ) -> None:
        from ..store.errors import ValidationError

        today = on.date() if on is not None else date.today()
        try:
            end = _until(span, until, wake, today)
        except ValidationError as err:
            fail(err)

        async def work(backend: Backend) -> dict[str, Any]:
            contact = await backend.get("contact", contact_id)  # NotFound: exit 5
            await set_snooze(backend, contact_id, end)
            return {
                "contact_id": contact_id,
                "name": contact.get("name"),
                "snoozed_until": end.isoformat() if end else None,
            }

        result = run_with_backend(options, work)
        if as_json:
            dump_json(result)
        elif end is None:
            click.echo(f"{result['name']} is back on the stay-in-touch list.")
        else:
            click.echo(f"{result['name']} snoozed until {end.isoformat()}.")
