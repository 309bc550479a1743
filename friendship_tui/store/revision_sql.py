"""Draft the statements of a new migration revision from today's declarations.

A revision is frozen: its statements are written out once, into
``migrations/frozen/<NNNN>.<dialect>.sql``, and never derived again (store/frozen.py).
This prints a first draft of them for the two changes people make most, so that nobody
types a CREATE TABLE by hand (CONTRIBUTING.md walks through both)::

    python -m friendship_tui.store.revision_sql NNNN field pet.nickname
    python -m friendship_tui.store.revision_sql NNNN model hobby
    python -m friendship_tui.store.revision_sql NNNN index reminder.ix_reminder_agenda

Read the draft before you check it in: ``tests/store/test_migrations.py`` then holds
the upgraded book equal to the declarations on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from ..schema import MODELS, Model
from . import counts, fts, pg_ddl
from .tables import TABLES, TAG_TABLES

DIALECTS: dict[str, Dialect] = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}
HEADER = (
    "-- Revision {revision} on {dialect}, as it was: never edit (a change is a new revision).\n"
    "-- Statements are separated by a line holding only ';'.\n"
)


def _about(model: Model, statements: list[str]) -> list[str]:
    """The statements of a list made for every model that concern ``model`` alone."""
    name = model.name
    return [s for s in statements if f" ON {name} " in s or f" {name}_" in s.split("(")[0]]


def _rebuild_search(model: Model) -> list[str]:
    """SQLite: the model's FTS table and triggers again, with today's searched fields."""
    made = fts.fts_ddl(model)
    if not made:
        return []
    table = fts.fts_table(model)
    drop = [f"DROP TRIGGER IF EXISTS {table}_{when}" for when in ("ai", "ad", "au")]
    rebuild = f"INSERT INTO {table}({table}) VALUES ('rebuild')"
    return [*drop, f"DROP TABLE IF EXISTS {table}", *made, rebuild]


def field_statements(dialect: str, dotted: str) -> list[str]:
    """A column added to an existing model (``model.field``)."""
    model_name, _, field_name = dotted.partition(".")
    model = MODELS[model_name]
    column = TABLES[model_name].c[field_name]
    kind = column.type.compile(dialect=DIALECTS[dialect])
    out = [f"ALTER TABLE {model_name} ADD COLUMN {field_name} {kind}"]
    if dialect == "sqlite" and field_name in fts.search_fields(model):
        out += _rebuild_search(model)
    return out


def model_statements(dialect: str, name: str) -> list[str]:
    """A new model: its table, tag tables, indexes, search and count triggers."""
    model, d = MODELS[name], DIALECTS[dialect]
    tables = [TABLES[name]] + [t for k, t in TAG_TABLES.items() if k.startswith(f"{name}.")]
    out: list[str] = []
    for table in tables:
        out.append(str(CreateTable(table).compile(dialect=d)).strip())
        indexes = sorted(table.indexes, key=lambda i: str(i.name))
        out += [str(CreateIndex(i).compile(dialect=d)) for i in indexes]
    if dialect == "sqlite":
        out += fts.fts_ddl(model) + fts.tag_ddl(model) + _about(model, counts.counts_ddl())
    else:  # search documents are written by the store; counts share one function
        out += _about(model, pg_ddl.tag_ddl()) + _about(model, pg_ddl.counts_ddl()[1:])
    return out


def index_statements(dialect: str, dotted: str) -> list[str]:
    """An index (re)made as declared today (``model.index_name``): dropped first, so a
    changed one is rebuilt under its name and a new one is simply made."""
    model_name, _, index_name = dotted.partition(".")
    (index,) = (i for i in TABLES[model_name].indexes if i.name == index_name)
    made = str(CreateIndex(index).compile(dialect=DIALECTS[dialect]))
    return [f"DROP INDEX IF EXISTS {index_name}", made]


KINDS: dict[str, Callable[[str, str], list[str]]] = {
    "field": field_statements,
    "model": model_statements,
    "index": index_statements,
}


def frozen_text(revision: str, dialect: str, statements: list[str]) -> str:
    """The file as store/frozen.py reads it back."""
    body = "".join(f"{s}\n;\n" for s in statements)
    return HEADER.format(revision=revision, dialect=dialect) + body


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[1] not in KINDS:
        raise SystemExit(__doc__)
    revision, kind, what = args
    for dialect in DIALECTS:
        print(f"==> frozen/{revision.split('_')[0]}.{dialect}.sql <==")
        print(frozen_text(revision, dialect, KINDS[kind](dialect, what)))


if __name__ == "__main__":
    main()
