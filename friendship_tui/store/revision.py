"""Is a database already at the newest schema revision? Answered without Alembic.

Importing Alembic costs a few hundred milliseconds, more than a whole ``friendship
contact list``. Almost every open is of a book that is already current, so the store
reads ``alembic_version`` with one query and compares it with the head revision found
by reading the revision files' ``revision``/``down_revision`` lines; only a book that
is behind (or new) pays for Alembic. A test checks this head equals Alembic's own.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Connection

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_ASSIGN = re.compile(
    r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]*)['\"]|None)", re.MULTILINE
)


@cache
def head_revision_from_files(versions: Path = VERSIONS) -> str | None:
    """The one revision no other revision names as its parent (None if not exactly one)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        found = dict((m.group(1), m.group(2)) for m in _ASSIGN.finditer(path.read_text("utf-8")))
        if found.get("revision"):
            revisions.add(found["revision"])
            if found.get("down_revision"):
                parents.add(found["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def stored_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or None (new file, no version table)."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
    elif dialect == "postgresql":
        exists = conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
    else:
        return None
    if not exists:
        return None
    rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return str(rows[0][0]) if len(rows) == 1 else None


def is_current(conn: Connection) -> bool:
    """True when the database is at the head revision, so no migration has to run."""
    head = head_revision_from_files()
    return head is not None and stored_revision(conn) == head
