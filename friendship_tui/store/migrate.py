"""Schema migrations with Alembic, run by ``Store.open`` on every database it opens.

The migration scripts ship inside the package (``store/migrations``), so an installed
``friendship`` upgrades old files without an ini file or a separate command.

Adding a field to schema/: write a revision that adds the missing column(s) (the
initial revisions build tables from the current declarations, so new revisions must
only add what is missing: see ``add_missing_columns``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, select

from ..schema import MODELS
from .tables import METADATA, TABLES
from .text_search import SEARCH_DOC, search_doc, search_fields

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Bring the database on ``conn`` to ``revision`` (no-op when already there)."""
    if revision == "head" and current_revision(conn) == head_revision():
        return
    command.upgrade(alembic_config(conn), revision)


def add_missing_columns(conn: Connection) -> None:
    """Add every declared column the database lacks (for revisions after a new field)."""
    inspector = inspect(conn)
    for table in METADATA.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                ddl = column.type.compile(conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {ddl}")


def fill_search_docs(conn: Connection, batch: int = 1000) -> None:
    """Write ``search_doc`` for rows that lack it (databases without FTS5)."""
    for model in MODELS.values():
        fields = search_fields(model)
        if not fields:
            continue
        table = TABLES[model.name]
        last = 0
        while True:
            rows = (
                conn.execute(
                    select(table.c.seq, *(table.c[f] for f in fields))
                    .where(table.c.seq > last, table.c[SEARCH_DOC].is_(None))
                    .order_by(table.c.seq)
                    .limit(batch)
                )
                .mappings()
                .all()
            )
            if not rows:
                break
            for row in rows:
                doc = search_doc(model, dict(row))
                if doc is not None:
                    conn.execute(
                        table.update().where(table.c.seq == row["seq"]).values({SEARCH_DOC: doc})
                    )
            last = int(rows[-1]["seq"])
