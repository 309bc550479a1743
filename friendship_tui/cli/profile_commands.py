"""``friendship profile add|list|remove``: saved connections to a server (or a local book).

The token is read from stdin when it is not a terminal (``echo $T | friendship profile
add ...``) or from a hidden prompt: never from a command-line argument, which would
land in shell history and ``ps``.
"""

from __future__ import annotations

import json
import sys

import click

from ..profiles import MODES, ProfileError, Profiles


def _read_token() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    return str(click.prompt("Token", hide_input=True)).strip()


@click.group("profile")
def profile_group() -> None:
    """Saved profiles: `friendship --profile NAME ...` uses one."""


@profile_group.command("add")
@click.argument("name")
@click.option("--url", default=None, help="Server base URL, e.g. https://example.org")
@click.option("--mode", type=click.Choice(MODES), default="remote", show_default=True)
@click.option("--db", "db", default=None, help="Local book (mode local) or sync cache file.")
def profile_add(name: str, url: str | None, mode: str, db: str | None) -> None:
    """Save a profile; the token comes from stdin or a hidden prompt."""
    token = _read_token() if mode != "local" else None
    try:
        profile = Profiles().add(name, mode, url=url, token=token, db=db)
    except ProfileError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    where = {"keyring": "the system keyring", "file": "a private file (0600)"}.get(
        profile.token_store, "nowhere (no token)"
    )
    click.echo(f"saved profile {profile.name} ({profile.mode}); token stored in {where}")


@profile_group.command("list")
@click.option("--json", "as_json", is_flag=True)
def profile_list(as_json: bool) -> None:
    """Name, mode, URL and where the token is kept; never the token."""
    profiles = Profiles().all()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": p.name,
                        "mode": p.mode,
                        "url": p.url,
                        "db": p.db,
                        "token": p.token_store,
                    }
                    for p in profiles
                ]
            )
        )
        return
    if not profiles:
        click.echo("no profiles; add one with `friendship profile add NAME --url URL`")
    for p in profiles:
        click.echo(f"{p.name}\t{p.mode}\t{p.url or p.db or '-'}\ttoken: {p.token_store}")


@profile_group.command("remove")
@click.argument("name")
def profile_remove(name: str) -> None:
    """Forget a profile and its stored token."""
    try:
        Profiles().remove(name)
    except ProfileError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    click.echo(f"removed profile {name}")


def register(group: click.Group) -> None:
    group.add_command(profile_group)
