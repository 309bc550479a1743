"""``friendship today --notify`` and ``--install-timer``: the CLI side of the morning
digest (io/digest.py delivers, io/digest_timer.py schedules).

Failures are one line on stderr and an exit status, never a traceback and never silence:
2 for wrong ``[digest]`` settings, 5 when a channel did not deliver.
"""

from __future__ import annotations

import subprocess

import click

from ..io.digest import DeliveryError, DigestError, DigestSettings, deliver, load_settings
from .options import GlobalOptions
from .output import EXIT_INVALID

EXIT_UNDELIVERED = 5


def digest_settings() -> DigestSettings:
    try:
        return load_settings()
    except DigestError as exc:
        click.echo(f"digest settings: {exc}", err=True)
        raise SystemExit(EXIT_INVALID) from None


def send_digest(settings: DigestSettings, lines: list[str]) -> None:
    try:
        sent = deliver(settings, "\n".join(lines))
    except DeliveryError as exc:
        click.echo(f"digest not delivered: {exc}", err=True)
        raise SystemExit(EXIT_UNDELIVERED) from None
    click.echo("digest sent: " + ", ".join(sent))


def install_timer(options: GlobalOptions) -> None:
    from ..io import digest_timer

    settings = digest_settings()
    book = ["--db", options.db] if options.db else []
    book += ["--profile", options.profile] if options.profile else []
    command = digest_timer.digest_command(book)
    if not digest_timer.has_systemd():
        click.echo("systemd is not running here; add this line with `crontab -e`:")
        click.echo(digest_timer.crontab_line(settings.at, command))
        return
    try:
        for line in digest_timer.install(settings.at, command=command):
            click.echo(line)
    except (OSError, subprocess.CalledProcessError) as exc:
        click.echo(f"timer not installed: {exc}", err=True)
        raise SystemExit(EXIT_UNDELIVERED) from None
