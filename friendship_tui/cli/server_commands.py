"""``friendship serve`` and ``friendship server user|token ...``: run and administer the
project's own xapi2 server.

The server keeps its own database (default ``server.db`` in the data dir, or
``$FRIENDSHIP_SERVER_DB``), separate from the app's book: it holds many users' data.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import click

from ..config import data_dir

if TYPE_CHECKING:
    from ..server.accounts import Accounts
    from ..store.local import Store

SERVER_DB_ENV = "FRIENDSHIP_SERVER_DB"
SERVER_DB_FILENAME = "server.db"
DB_HELP = "Server database: a path or SQLAlchemy URL (default: server.db in the data dir)."


def server_db(explicit: str | None) -> str:
    return explicit or os.environ.get(SERVER_DB_ENV) or str(data_dir() / SERVER_DB_FILENAME)


def open_server_store(db: str | None) -> Store:
    """The server's store; a database that cannot be opened ends the command with its
    reason (exit 2: a bad URL, 3: unreachable or a driver missing), not a traceback."""
    from ..store.errors import BackendError, ValidationError
    from ..store.local import Store

    try:
        return Store.open(server_db(db))
    except BackendError as exc:
        reason = "; ".join(exc.fields.values()) if isinstance(exc, ValidationError) else str(exc)
        click.echo(f"error: {reason}", err=True)
        raise SystemExit(2 if isinstance(exc, ValidationError) else 3) from None


def _accounts(db: str | None) -> Accounts:
    from ..server.accounts import Accounts

    store = open_server_store(db)
    accounts = Accounts(store.engine)
    accounts.create_tables()
    return accounts


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


@click.command("serve")
@click.option("--db", "db", metavar="URL", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8765, show_default=True, type=int)
@click.option(
    "--rate",
    type=float,
    default=50.0,
    show_default=True,
    help="Requests per second per token (0 turns rate limiting off).",
)
@click.option("--burst", type=int, default=200, show_default=True, help="Burst size per token.")
@click.option(
    "--access-log/--no-access-log", default=True, help="Log each request (tokens redacted)."
)
@click.option(
    "--read-cache/--no-read-cache",
    default=True,
    help="Keep answers to reads until the data changes (off if other processes write the DB).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=1024 * 1024,
    show_default=True,
    help="Largest request body in bytes (413 beyond it).",
)
@click.option(
    "--body-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a request body may take to arrive (408 after).",
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a request's headers may take to arrive (the connection is closed after).",
)
@click.option(
    "--max-sockets",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Live-channel connections per token.",
)
@click.option(
    "--max-subscriptions",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Live-channel subscriptions per token (over all its connections).",
)
def serve(
    db: str | None,
    host: str,
    port: int,
    rate: float,
    burst: int,
    access_log: bool,
    read_cache: bool,
    max_body: int,
    body_timeout: float,
    header_timeout: float,
    max_sockets: int,
    max_subscriptions: int,
) -> None:
    """Run the xapi2 server (FastAPI + uvicorn). Create users and tokens with `server`."""
    from ..server import RateLimit, create_app
    from ..server.limits import Limits
    from ..server.running import serve_forever

    limits = Limits(
        max_body=max_body,
        body_timeout=body_timeout,
        header_timeout=header_timeout,
        sockets_per_token=max_sockets,
        subscriptions_per_token=max_subscriptions,
    )
    app = create_app(
        open_server_store(db),
        rate_limit=RateLimit(rate=rate, burst=burst),
        read_cache=read_cache,
        limits=limits,
    )
    click.echo(f"xapi2 server on http://{host}:{port}  (OpenAPI: /openapi.json)", err=True)
    serve_forever(app, host, port, access_log=access_log)


@click.group("server")
@click.option("--db", "db", metavar="URL", help=DB_HELP)
@click.pass_context
def server_group(ctx: click.Context, db: str | None) -> None:
    """Administer the server: users and personal access tokens."""
    ctx.ensure_object(dict)
    ctx.meta["server_db"] = db


@server_group.group("user")
def user_group() -> None:
    """Server users (each sees only their own data)."""


@user_group.command("add")
@click.argument("name")
@click.pass_context
def user_add(ctx: click.Context, name: str) -> None:
    from ..server.accounts import AccountError

    try:
        user = _accounts(ctx.meta.get("server_db")).add_user(name)
    except AccountError as exc:
        _fail(str(exc))
        return
    click.echo(f"added user {user.name}")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def user_list(ctx: click.Context, as_json: bool) -> None:
    users = _accounts(ctx.meta.get("server_db")).users()
    if as_json:
        click.echo(json.dumps([{"name": u.name, "created_at": u.created_at} for u in users]))
        return
    for u in users:
        click.echo(f"{u.name}\t{u.created_at}")


@user_group.command("export")
@click.argument("name")
@click.option(
    "-o", "--output", default="-", show_default=True, help="File to write ('-' for stdout)."
)
@click.pass_context
def user_export(ctx: click.Context, name: str, output: str) -> None:
    """Write NAME's data as the lossless JSON backup (the same as `friendship export`)."""
    import asyncio
    import sys
    import tempfile
    from pathlib import Path

    from ..server.accounts import AccountError
    from ..server.ownership import export_user

    store = open_server_store(ctx.meta.get("server_db"))
    try:
        if output == "-":
            counts = asyncio.run(export_user(store, name, sys.stdout))
        else:
            target = Path(output)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    counts = asyncio.run(export_user(store, name, out))
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
    except AccountError as exc:
        _fail(str(exc))
        return
    finally:
        store.close()
    click.echo(f"exported {sum(counts.values())} objects of {name}", err=True)


@user_group.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def user_delete(ctx: click.Context, name: str, yes: bool, as_json: bool) -> None:
    """Delete NAME, their tokens and every object they own, in one transaction."""
    from ..server.accounts import AccountError
    from ..server.ownership import delete_user, describe_counts

    if not yes:
        click.confirm(
            f"Delete user {name} and ALL their data (no undo; export it first)?", abort=True
        )
    store = open_server_store(ctx.meta.get("server_db"))
    try:
        counts = delete_user(store, name)
    except AccountError as exc:
        _fail(str(exc))
        return
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(counts))
        return
    click.echo(f"deleted user {name}: {describe_counts(counts)}")


@server_group.group("token")
def token_group() -> None:
    """Personal access tokens (shown once at creation; only a hash is stored)."""


@token_group.command("create")
@click.option("--user", "user", required=True, help="The user the token acts as.")
@click.option("--name", "label", required=True, help="A label to recognise the token by.")
@click.option(
    "--scopes",
    required=True,
    help="Comma-separated <type>:<action> (list/read/create/update/delete); * is a wildcard.",
)
@click.pass_context
def token_create(ctx: click.Context, user: str, label: str, scopes: str) -> None:
    """Create a token and print its secret once."""
    from ..server.accounts import AccountError

    try:
        info, secret = _accounts(ctx.meta.get("server_db")).create_token(
            user, label, scopes.split(",")
        )
    except AccountError as exc:
        _fail(str(exc))
        return
    click.echo(f"token {info.name} ({info.prefix}…, id {info.id}) for {info.user}", err=True)
    click.echo("copy it now, it will not be shown again:", err=True)
    click.echo(secret)


@token_group.command("list")
@click.option("--user", "user", default=None, help="Only this user's tokens.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def token_list(ctx: click.Context, user: str | None, as_json: bool) -> None:
    """Name, prefix, scopes, last use; never the secret."""
    tokens = _accounts(ctx.meta.get("server_db")).tokens(user)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "user": t.user,
                        "name": t.name,
                        "prefix": t.prefix,
                        "scopes": list(t.scopes),
                        "created_at": t.created_at,
                        "last_used_at": t.last_used_at,
                        "revoked_at": t.revoked_at,
                    }
                    for t in tokens
                ]
            )
        )
        return
    for t in tokens:
        state = "revoked " + t.revoked_at if t.revoked_at else "active"
        click.echo(
            f"{t.id}\t{t.user}\t{t.name}\t{t.prefix}…\t{','.join(t.scopes)}\t"
            f"last used {t.last_used_at or 'never'}\t{state}"
        )


@token_group.command("revoke")
@click.argument("ident")
@click.pass_context
def token_revoke(ctx: click.Context, ident: str) -> None:
    """Revoke a token by id or prefix; it stops working at once."""
    from ..server.accounts import AccountError

    try:
        info = _accounts(ctx.meta.get("server_db")).revoke(ident)
    except AccountError as exc:
        _fail(str(exc))
        return
    click.echo(f"revoked {info.name} ({info.prefix}…) of {info.user}")


def register(group: click.Group) -> None:
    group.add_command(serve)
    group.add_command(server_group)
