"""Schema migrations with Alembic, for every lineage of tables we keep on disk.

Three lineages live in our databases, each with its own revisions and version table:
the book's tables (here, ``store/migrations``), the sync engine's state
(``sync/migrations``, beside the cached rows in a sync cache) and the server's accounts
(``server/migrations``, beside the users' rows in the server's database). The scripts
ship inside the package, so an installed ``friendship`` upgrades old files by itself.

Every revision is frozen: its statements were written out once (``frozen/*.sql``) or
spelled out in the revision itself, never derived from today's declarations, so an old
book upgraded by a new release ends exactly as a new book does
(``tests/store/test_migrations.py`` holds both against the declarations). Adding a field
to schema/ means adding a revision with its ``ALTER TABLE`` (CONTRIBUTING.md).

Opening a current book costs one ``SELECT`` and imports no Alembic (a current SQLite
book not even SQLAlchemy: ``sqlite_book.open_current``). Before a book on disk
is upgraded, a copy of it as it was is made beside it (``VACUUM INTO``) and the person
is told once where (store/notices.py).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from . import notices
from .errors import BookTooNew
from .lineage import BOOK, MIGRATIONS, Lineage

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

FROZEN = MIGRATIONS / "frozen"


def alembic_config(lineage: Lineage = BOOK, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(lineage.folder))
    cfg.attributes["version_table"] = lineage.version_table
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision(lineage: Lineage = BOOK) -> str:
    """The head as the scripts say (for the test that holds ``Lineage.head`` to it)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(lineage)).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection, lineage: Lineage = BOOK) -> str | None:
    """The revision the database is at; None for a new database (or an adoptable one)."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table(lineage.version_table):
        return None
    row = conn.exec_driver_sql(f"SELECT version_num FROM {lineage.version_table}").first()
    return None if row is None else str(row[0])


def is_current(engine: Engine, lineage: Lineage = BOOK) -> bool:
    """One query, no Alembic: is the database already at ``lineage.head``?

    (A SQLite book is asked the same on a plain connection, without SQLAlchemy, by
    ``sqlite_book.open_current``.)"""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql(f"SELECT version_num FROM {lineage.version_table}").first()
    except DBAPIError:  # no version table yet: a new (or a pre-migrations) database
        return False
    return row is not None and row[0] == lineage.head


def check_known(conn: Connection, lineage: Lineage, current: str | None) -> None:
    """Refuse, before any copy or change, a database at a revision this release's
    scripts do not have: a newer release wrote it, and Alembic would only fail later
    with its own words."""
    if current is None or current == lineage.head:
        return
    from alembic.script import ScriptDirectory

    try:
        ScriptDirectory.from_config(alembic_config(lineage)).get_revision(current)
    except Exception:  # alembic's ResolutionError/CommandError: no such revision here
        where = conn.engine.url.database or "the database"
        raise BookTooNew(
            where,
            f"{where} was written by a newer release of friendship-tui (its {lineage.name} "
            f"tables are at revision {current}; this release knows up to {lineage.head}). "
            "Install the newer release to open it; the file was not changed.",
        ) from None


def needs_backup(conn: Connection, lineage: Lineage, revision: str) -> str | None:
    """The revision an existing database is at, when upgrading it would change it."""
    from sqlalchemy import inspect

    current = current_revision(conn, lineage)
    check_known(conn, lineage, current)
    if current is None and lineage.adopt and inspect(conn).has_table(lineage.adopt):
        return "unversioned"
    if current is None or current == (lineage.head if revision == "head" else revision):
        return None
    return current


def upgrade(conn: Connection, revision: str = "head", lineage: Lineage = BOOK) -> None:
    """Bring the database on ``conn`` to ``revision`` (no-op when already there)."""
    from alembic import command
    from sqlalchemy import inspect

    current = current_revision(conn, lineage)
    if revision == "head" and current == lineage.head:
        return
    check_known(conn, lineage, current)
    cfg = alembic_config(lineage, conn)
    if current is None and lineage.adopt and inspect(conn).has_table(lineage.adopt):
        assert lineage.baseline is not None
        command.stamp(cfg, lineage.baseline)
    command.upgrade(cfg, revision)
    if current is not None:
        refresh_statistics(conn)


FILLED_BY_REVISIONS = ("agenda_count",)  # 0009: the agenda's bucket counts


def refresh_statistics(conn: Connection) -> None:
    """ANALYZE the tables of an upgraded SQLite book that has planner statistics but
    none for some of its indexes (ones a revision added since the last ANALYZE).

    Why: with statistics for some indexes and none for others, SQLite guesses that an
    index without them finds ~10 rows, and picks it. At 100k contacts the filter's
    "m" then sorted every contact instead of walking the name index: 4 s instead of
    5 ms, after revision 0007 added its agenda indexes. A book never analysed (small,
    or made before statistics) is left alone: every index is guessed alike there.
    """
    if conn.dialect.name != "sqlite":
        return
    analysed = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    if conn.exec_driver_sql(analysed).first() is None:
        return
    missing = conn.exec_driver_sql(
        "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL) "
        "AND tbl_name IN (SELECT tbl FROM sqlite_stat1)"
    ).all()
    for (table,) in missing:
        conn.exec_driver_sql(f'ANALYZE "{table}"')
    # tables a revision made and filled: with no statistics, each close's ``PRAGMA
    # optimize`` would analyse them again (an empty one writes none: cheap to retry)
    for table in FILLED_BY_REVISIONS:
        made = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        known = "SELECT 1 FROM sqlite_stat1 WHERE tbl = ?"
        if conn.exec_driver_sql(made, (table,)).first() is None:
            continue
        if conn.exec_driver_sql(known, (table,)).first() is None:
            conn.exec_driver_sql(f'ANALYZE "{table}"')


def backup_path(book: Path, revision: str) -> Path:
    """``<book>.<revision>.bak`` beside the book; never overwrites an earlier copy."""
    candidate = book.with_name(f"{book.name}.{revision}.bak")
    n = 2
    while candidate.exists():
        candidate = book.with_name(f"{book.name}.{revision}.{n}.bak")
        n += 1
    return candidate


def back_up(engine: Engine, lineage: Lineage, revision: str) -> Path | None:
    """Copy an SQLite book that is about to be upgraded; say once where the copy is.

    ``VACUUM INTO`` writes a consistent copy even while others read. A book that cannot
    be copied is not upgraded (the error propagates): we never change a file we could
    not first keep as it was.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    with engine.connect() as conn:
        was = needs_backup(conn, lineage, revision)
    if was is None:
        return None
    book = Path(database)
    target = backup_path(book, was)
    with sqlite3.connect(book) as source:
        source.execute("VACUUM INTO ?", (str(target),))
    source.close()
    os.chmod(target, 0o600)
    notices.emit(
        f"Upgraded {book} ({lineage.name} tables, from revision {was}) for this release; "
        f"a copy of it as it was is at {target}"
    )
    return target
