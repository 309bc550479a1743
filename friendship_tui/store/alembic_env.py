"""The one Alembic environment every lineage of tables runs in (book, sync state, server
accounts): it migrates the connection it is handed, keeping each lineage's revision in
the version table named by the caller (``migrate.Lineage``)."""

from __future__ import annotations

from alembic import context


def run() -> None:
    if context.is_offline_mode():
        raise SystemExit("offline (SQL script) migrations are not supported")
    config = context.config
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        version_table=config.attributes.get("version_table", "alembic_version"),
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
