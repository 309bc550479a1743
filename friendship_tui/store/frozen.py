"""Run a revision's DDL exactly as it was written, from its frozen ``.sql`` file.

A revision must do the same thing forever: if it built its tables from today's
declarations (``METADATA.create_all``), an old book upgraded by a new release would get
tables no release ever had. So each revision's statements were written out once, per
dialect, into ``<folder>/<revision>.<dialect>.sql`` and are replayed from there.
Statements are separated by a line holding only ``;`` (trigger bodies contain ``;``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection


def statements(folder: Path, revision: str, dialect: str) -> list[str]:
    """The statements of ``revision`` for ``dialect`` (none when the file is absent)."""
    path = folder / f"{revision}.{dialect}.sql"
    if not path.exists():
        return []
    chunks: list[str] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == ";":
            chunks.append("\n".join(current).strip())
            current = []
        elif not (not current and line.startswith("--")):
            current.append(line)
    return [c for c in chunks if c]


def run(conn: Connection, folder: Path, revision: str) -> None:
    for statement in statements(folder, revision, conn.dialect.name):
        conn.exec_driver_sql(statement)
