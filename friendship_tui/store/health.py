"""What ``friendship doctor`` checks in a SQLite book, each as a finding with its fix.

The checks open the file with the standard library's sqlite3, not through the store:
the store would migrate on open (a write) and turns faults into errors, while a doctor
must look at a damaged book as it is, say what is wrong, and change nothing. Every
query is read-only (``mode=ro``) except FTS5's own ``integrity-check`` command, which
is run in a transaction that is rolled back.

Findings never carry row values (names, notes): only counts, ids and SQLite's words.
What is checked is derived from the schema declarations (every ``ref`` field, every
searchable model), so a new model is checked without touching this module.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..schema import MODELS
from .fts import fts_table, search_fields
from .migrate import head_revision
from .tables import MIRROR_COLUMN

SAMPLE_IDS = 3  # ids shown per problem, so a fix can start with them


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's outcome: ``ok``, what was seen, and (when not ok) how to fix it."""

    check: str
    ok: bool
    detail: str
    fix: str = ""


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)


def check_permissions(path: Path) -> Finding:
    """The book 0600 and its directory 0700: contact books are private."""
    wrong: list[str] = []
    fixes: list[str] = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and stat.S_IMODE(file.stat().st_mode) & 0o077:
            wrong.append(f"{file.name} is {stat.S_IMODE(file.stat().st_mode):04o}")
            fixes.append(f"chmod 600 {file}")
    folder = path.absolute().parent
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        wrong.append(f"its directory is {stat.S_IMODE(folder.stat().st_mode):04o}")
        fixes.append(f"chmod 700 {folder}")
    if not wrong:
        return Finding("permissions", True, "file 0600, directory 0700")
    return Finding(
        "permissions", False, "others may read it: " + ", ".join(wrong), "; ".join(fixes)
    )


def check_integrity(conn: sqlite3.Connection, path: Path) -> Finding:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    if rows == ["ok"]:
        return Finding("integrity", True, "PRAGMA integrity_check: ok")
    first = rows[0][:160] if rows else "no answer"
    return Finding(
        "integrity",
        False,
        f"{len(rows)} problem(s) in the file's structure, first: {first}",
        _restore_fix(path),
    )


def _restore_fix(path: Path) -> str:
    return (
        f"keep a copy of {path}; restore the book from a backup (a copy of the file, or "
        "'friendship --db NEW.db import BACKUP.json' from an export), or salvage what is "
        f"readable with: sqlite3 {path} .recover | sqlite3 salvaged.db"
    )


def check_search_index(path: Path) -> Finding:
    """Each FTS5 index: its own integrity-check, and one entry per row of its table."""
    problems: list[str] = []
    rebuild: list[str] = []
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        for model in MODELS.values():
            name = fts_table(model)
            if not search_fields(model) or name not in present:
                continue
            broken = ""
            conn.execute("BEGIN")
            try:
                conn.execute(f"INSERT INTO {name}({name}) VALUES('integrity-check')")
            except sqlite3.DatabaseError as exc:
                broken = str(exc)
            finally:
                conn.execute("ROLLBACK")
            if not broken and f"{name}_docsize" in present:
                missing = conn.execute(
                    f"SELECT count(*) FROM {model.name} "
                    f"WHERE seq NOT IN (SELECT id FROM {name}_docsize)"
                ).fetchone()[0]
                extra = conn.execute(
                    f"SELECT count(*) FROM {name}_docsize "
                    f"WHERE id NOT IN (SELECT seq FROM {model.name})"
                ).fetchone()[0]
                if missing or extra:
                    broken = f"{missing} row(s) not indexed, {extra} stale entr(ies)"
            if broken:
                problems.append(f"{name}: {broken}")
                rebuild.append(f"INSERT INTO {name}({name}) VALUES('rebuild');")
    finally:
        conn.close()
    if not problems:
        return Finding("search index", True, "FTS5 indexes match their tables")
    return Finding(
        "search index",
        False,
        "; ".join(problems),
        f'rebuild it (nothing else changes): sqlite3 {path} "{" ".join(rebuild)}"',
    )


def check_orphans(conn: sqlite3.Connection) -> Finding:
    """Rows whose parent (or other referenced) contact is gone."""
    problems: list[str] = []
    fixes: list[str] = []
    for model in MODELS.values():
        for field in model.fields:
            if field.ref is None:
                continue
            ids = [
                str(r[0])
                for r in conn.execute(
                    f"SELECT id FROM {model.name} WHERE {field.name} IS NOT NULL AND "
                    f"{field.name} NOT IN (SELECT id FROM {field.ref})"
                ).fetchall()
            ]
            if ids:
                problems.append(f"{len(ids)} {model.name} row(s) whose {field.name} is gone")
                sample = " ".join(ids[:SAMPLE_IDS])
                fixes.append(f"friendship {model.name} delete ID for each (e.g. {sample})")
    if not problems:
        return Finding("orphaned rows", True, "every row's contact exists")
    return Finding("orphaned rows", False, "; ".join(problems), "; ".join(fixes))


def check_mirrors(conn: sqlite3.Connection) -> Finding:
    """Every relationship has its mirror on the other contact (store/writes.py pairs them)."""
    ids = [
        str(r[0])
        for r in conn.execute(
            f"SELECT r.id FROM relationship r WHERE r.{MIRROR_COLUMN} IS NULL OR NOT EXISTS "
            f"(SELECT 1 FROM relationship m WHERE m.id = r.{MIRROR_COLUMN})"
        ).fetchall()
    ]
    if not ids:
        return Finding("relationship mirrors", True, "every relationship has its mirror")
    sample = " ".join(ids[:SAMPLE_IDS])
    return Finding(
        "relationship mirrors",
        False,
        f"{len(ids)} relationship(s) without the mirrored link on the other contact",
        "delete each and create it again, which makes the mirror: "
        f"friendship relationship delete ID (e.g. {sample}), then relationship create",
    )


def check_revision(conn: sqlite3.Connection, path: Path) -> Finding:
    head = head_revision()
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        row = None
    book = str(row[0]) if row else None
    if book == head:
        return Finding("schema revision", True, f"{book} (current)")
    if book is None:
        return Finding(
            "schema revision",
            False,
            "no schema revision: this is not a friendship book",
            "check the path; a new book is made by 'friendship --db NEW.db contact list'",
        )
    if book < head:
        return Finding(
            "schema revision",
            False,
            f"{book}, older than this friendship's {head}",
            f"any command upgrades it, e.g. friendship --db {path} contact list",
        )
    return Finding(
        "schema revision",
        False,
        f"{book}, newer than this friendship's {head}",
        "upgrade friendship-tui (pip install -U friendship-tui) before using this book",
    )


def check_book(path: Path) -> list[Finding]:
    """Every check on the book at ``path``; a file SQLite cannot read is one finding."""
    if not path.is_file():
        what = "is not a file" if path.exists() else "does not exist"
        return [Finding("file", False, f"{path} {what}", "check the --db path")]
    findings = [check_permissions(path)]
    try:
        conn = _ro(path)
    except sqlite3.Error as exc:
        return [*findings, Finding("file", False, f"cannot open: {exc}", _restore_fix(path))]
    try:
        integrity = _guard("integrity", lambda: check_integrity(conn, path), path)
        findings.append(integrity)
        if integrity.ok:
            findings.append(_guard("schema revision", lambda: check_revision(conn, path), path))
            findings.append(_guard("orphaned rows", lambda: check_orphans(conn), path))
            findings.append(_guard("relationship mirrors", lambda: check_mirrors(conn), path))
            findings.append(_guard("search index", lambda: check_search_index(path), path))
    finally:
        conn.close()
    return findings


def _guard(check: str, run: Callable[[], Finding], path: Path) -> Finding:
    """A check SQLite cannot even run (the file is not a database) is itself a finding."""
    try:
        return run()
    except sqlite3.Error as exc:
        return Finding(check, False, f"SQLite cannot read it ({exc})", _restore_fix(path))


def is_healthy(findings: list[Finding]) -> bool:
    return all(f.ok for f in findings)
