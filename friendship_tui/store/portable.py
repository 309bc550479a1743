"""The few SQL spellings that differ between the databases the store runs on.

The store is written for SQLite (the embedded default) and PostgreSQL (a server's
``--db postgresql+psycopg://...``); everything else is plain SQLAlchemy Core. This
module names each difference once, so the queries stay dialect-free.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import Text

SUPPORTED = ("sqlite", "postgresql")


class UnsupportedDatabase(RuntimeError):
    """A SQLAlchemy URL for a database the store has no DDL for."""


def check_supported(dialect_name: str) -> None:
    if dialect_name not in SUPPORTED:
        raise UnsupportedDatabase(
            f"friendship stores its data in SQLite or PostgreSQL; {dialect_name!r} is not "
            "supported (use a sqlite:/// path or a postgresql+psycopg:// URL)"
        )


def is_sqlite(bind: Connection | Engine) -> bool:
    return bind.dialect.name == "sqlite"


class nocase(GenericFunction[str]):
    """A string compared and ordered without case: ``x COLLATE NOCASE`` on SQLite (the
    sort indexes are built on it), ``lower(x)`` elsewhere (an expression index)."""

    type = Text()
    inherit_cache = True
    name = "nocase"


@compiles(nocase)
def _nocase_default(element: nocase, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(nocase, "sqlite")
def _nocase_sqlite(element: nocase, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE NOCASE"
