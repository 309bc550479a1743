"""``friendship history ID``: what happened to a contact and everything under it.

Newest first, one line a change ("changed company from Acme to Initech"), read from
the audit log of whichever backend is selected (local book, server, sync cache). The
history outlives the contact: a deleted contact's changes are still shown.
"""

from __future__ import annotations

from typing import Any

import click

from ..opening.options import GlobalOptions
from ..store.audit import contact_history, describe
from ..store.base import Backend
from ..store.errors import NotFound
from .output import EXIT_CODES_HELP, dump_json, print_lines, run_with_backend


def entry_line(entry: dict[str, Any]) -> str:
    """ "2026-03-15 09:30  phone  changed company from Acme to Initech"."""
    when = str(entry.get("at") or "")[:16].replace("T", " ")
    actor = entry.get("actor")
    who = f"  {actor}" if actor else ""
    return f"{when}{who}  {describe(entry)}"


def register(group: click.Group) -> None:
    @group.command(
        "history",
        help=f"Changes to contact ID and its children, newest first. {EXIT_CODES_HELP}",
    )
    @click.argument("contact_id", metavar="ID")
    @click.option("--json", "as_json", is_flag=True, help="The audit entries as JSON.")
    @click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N entries.")
    @click.pass_obj
    def history_cmd(
        options: GlobalOptions, contact_id: str, as_json: bool, limit: int | None
    ) -> None:
        async def work(backend: Backend) -> tuple[str | None, list[dict[str, Any]]]:
            name: str | None = None
            try:
                name = str((await backend.get("contact", contact_id)).get("name") or "")
            except NotFound:
                name = None  # deleted: its history is still there
            entries = await contact_history(backend, contact_id, limit)
            if name is None and not entries:
                raise NotFound(f"contact {contact_id} not found and no history for it")
            return name, entries

        name, entries = run_with_backend(options, work)
        if as_json:
            dump_json([{**e, "summary": describe(e)} for e in entries])
            return
        title = name if name is not None else f"{contact_id} (deleted)"
        lines = [f"History of {title}"]
        lines += [entry_line(e) for e in entries] or ["(no changes recorded)"]
        print_lines(lines)
