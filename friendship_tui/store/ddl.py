"""The database schema as DDL, in the two steps the migrations replay.

``install_tables`` builds every table derived from schema.MODELS (revision 0001);
``install_search`` adds the FTS5 tables, the tag side-table triggers and fills both
from rows already present (revision 0002). A fresh database runs the very same code,
so fresh and upgraded databases end identical. On PostgreSQL the same step installs
its own triggers (pg_ddl.py) and search uses the ``search_doc`` column instead of FTS5.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ..schema import MODELS, FieldType, Model
from . import pg_ddl
from .fts import all_ddl, fts_table, search_fields
from .portable import check_supported, is_sqlite
from .tables import METADATA, tag_table_name


def install_tables(conn: Connection) -> None:
    check_supported(conn.dialect.name)
    METADATA.create_all(conn)


def fill_tag_rows(conn: Connection, model: Model) -> None:
    """Tag side-table rows for the objects already in ``model``'s table (the triggers
    keep them from then on): after a migration adds them, or a bulk fill without them."""
    for f in model.fields:
        if f.type is not FieldType.TAGS:
            continue
        if is_sqlite(conn):
            tag, source = "j.value", f", json_each(t.{f.name}) AS j"
        else:
            tag, source = f"jsonb_array_elements_text(t.{f.name}::jsonb)", ""
        conn.exec_driver_sql(
            f"INSERT INTO {tag_table_name(model, f.name)}(obj_seq, owned_by, tag) "
            f"SELECT t.seq, t.owned_by, {tag} FROM {model.name} AS t{source} "
            f"WHERE t.{f.name} IS NOT NULL"
        )


def install_search(conn: Connection) -> None:
    sqlite = is_sqlite(conn)
    for statement in all_ddl() if sqlite else pg_ddl.tag_ddl():
        conn.exec_driver_sql(statement)
    for model in MODELS.values():
        if sqlite and search_fields(model):
            fts = fts_table(model)
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        fill_tag_rows(conn, model)


def install(conn: Connection) -> None:
    install_tables(conn)
    install_search(conn)
