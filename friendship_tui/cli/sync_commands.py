"""``friendship sync`` (push then pull), ``sync status`` and ``sync conflicts``.

They need a sync profile (``friendship profile add NAME --mode sync --url URL``) and
are headless: a summary line on stdout, a progress bar on stderr for large pulls, and a
non-zero exit when anything failed (offline, or operations the server refused).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from ..opening.options import GlobalOptions
from ..store.base import Backend
from ..store.errors import ValidationError
from .output import EXIT_FAILED, EXIT_UNAVAILABLE, is_terminal, run_with_backend

if TYPE_CHECKING:
    from ..sync.backend import SyncBackend

BIG_PULL = 1000  # rows of one type worth a progress bar


def _sync_backend(backend: Backend) -> SyncBackend:
    """The sync profile's backend: its sync-only commands (sync_now, conflicts...) are
    the SyncBackend's own, not the protocol's, so narrow to it (checked by mypy)."""
    from ..sync.backend import SyncBackend

    if not isinstance(backend, SyncBackend):
        raise ValidationError(
            {"profile": "needs a sync profile: friendship profile add NAME --mode sync --url URL"}
        )
    return backend


class _Bars:
    """A rich progress bar per type, shown only for big pulls on a terminal."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, type_: str, done: int, total: int | None) -> None:
        if total is None or total < BIG_PULL or not is_terminal(sys.stderr):
            return
        if self.progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("{task.description:>14}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
        if type_ not in self.tasks:
            self.tasks[type_] = self.progress.add_task(type_, total=total)
        self.progress.update(self.tasks[type_], completed=done, total=max(total, done))

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@click.group("sync", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON.")
@click.pass_context
def sync_group(ctx: click.Context, as_json: bool) -> None:
    """Push queued changes, then pull the server's (needs a sync profile)."""
    if ctx.invoked_subcommand is not None:
        return
    options: GlobalOptions = ctx.obj

    async def work(backend: Backend) -> Any:
        sync = _sync_backend(backend)
        bars = _Bars()
        try:
            return await sync.sync_now(progress=bars)
        finally:
            bars.stop()

    summary = run_with_backend(options, work)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": summary.ok,
                    "pushed": summary.pushed,
                    "pulled": summary.pulled,
                    "deleted": summary.deleted,
                    "conflicts": summary.conflicts,
                    "rejected": summary.rejected,
                    "skipped": summary.skipped,
                    "pending": summary.pending,
                    "error": summary.error,
                }
            )
        )
    else:
        click.echo(("sync: " if summary.ok else "sync FAILED: ") + summary.line())
    if summary.error is not None:
        raise SystemExit(EXIT_UNAVAILABLE)
    if not summary.ok:
        raise SystemExit(EXIT_FAILED)


@sync_group.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sync_status(options: GlobalOptions, as_json: bool) -> None:
    """Online or offline, pending operations (and why they wait), last sync, conflicts,
    and what pulls skipped."""

    async def work(backend: Backend) -> Any:
        sync = _sync_backend(backend)
        return await sync.check_online(), sync.waiting_reason(), sync.skipped_count()

    status, waiting, skipped = run_with_backend(options, work)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "state": status.state,
                    "pending": status.pending,
                    "waiting_because": waiting,
                    "conflicts": status.conflicts,
                    "skipped": skipped,
                    "last_sync": status.last_sync,
                    "detail": status.detail,
                }
            )
        )
        return
    click.echo(f"state:     {status.state}" + (f" ({status.detail})" if status.detail else ""))
    click.echo(f"pending:   {status.pending} operation(s) waiting for the server")
    if waiting:
        click.echo(f"waiting:   {waiting}")
    click.echo(f"last sync: {status.last_sync or 'never'}")
    click.echo(f"conflicts: {status.conflicts} (see `friendship sync conflicts`)")
    if skipped:
        click.echo(f"skipped:   {skipped} left out of pulls (kind 'skipped' in the log)")


@sync_group.command("conflicts")
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=int, default=None, help="Only the newest N entries.")
@click.pass_obj
def sync_conflicts(options: GlobalOptions, as_json: bool, limit: int | None) -> None:
    """The conflict log: every change of yours that lost, and why."""

    async def work(backend: Backend) -> Any:
        return _sync_backend(backend).conflicts(limit)

    entries = run_with_backend(options, work)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "at": e.at,
                        "kind": e.kind,
                        "type": e.type,
                        "id": e.obj_id,
                        "field": e.field,
                        "yours": e.local_value,
                        "kept": e.server_value,
                        "message": e.message,
                    }
                    for e in entries
                ],
                ensure_ascii=False,
            )
        )
        return
    if not entries:
        click.echo("no conflicts")
        return
    for e in entries:
        where = f"{e.type} {e.obj_id}" + (f".{e.field}" if e.field else "")
        click.echo(f"{e.at}  {e.kind:<14} {where}: {e.message}")
        if e.field:
            click.echo(
                f"    yours: {json.dumps(e.local_value, ensure_ascii=False)}"
                f"  kept: {json.dumps(e.server_value, ensure_ascii=False)}"
            )
        elif e.local_value is not None:
            click.echo(f"    yours: {json.dumps(e.local_value, ensure_ascii=False)}")
        elif e.server_value is not None:  # a skipped object: what the server sent
            sent = json.dumps(e.server_value, ensure_ascii=False)
            click.echo(f"    server sent: {sent[:300]}{'...' if len(sent) > 300 else ''}")


def register(group: click.Group) -> None:
    group.add_command(sync_group)
