"""The database schema as DDL, in the two steps the migrations replay.

``install_tables`` builds every table derived from schema.MODELS (revision 0001);
``install_search`` adds the FTS5 tables, the tag side-table triggers and fills both
from rows already present (revision 0002). A fresh database runs the very same code,
so fresh and upgraded databases end identical. On PostgreSQL the same step installs
its own triggers (pg_ddl.py) and search uses the ``search_doc`` column instead of FTS5.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ..schema import MODELS, FieldType
from . import pg_ddl
from .fts import all_ddl, fts_table, search_fields
from .portable import check_supported, is_sqlite
from .tables import METADATA, tag_table_name


def install_tables(conn: Connection) -> None:
    check_supported(conn.dialect.name)
    METADATA.create_all(conn)


def install_search(conn: Connection) -> None:
    if not is_sqlite(conn):
        for statement in pg_ddl.tag_ddl() + pg_ddl.tag_backfill():
            conn.exec_driver_sql(statement)
        return
    for statement in all_ddl():
        conn.exec_driver_sql(statement)
    for model in MODELS.values():
        if search_fields(model):
            fts = fts_table(model)
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        for f in model.fields:
            if f.type is FieldType.TAGS:
                conn.exec_driver_sql(
                    f"INSERT INTO {tag_table_name(model, f.name)}(obj_seq, owned_by, tag) "
                    f"SELECT t.seq, t.owned_by, j.value FROM {model.name} AS t, "
                    f"json_each(t.{f.name}) AS j WHERE t.{f.name} IS NOT NULL"
                )


def install(conn: Connection) -> None:
    install_tables(conn)
    install_search(conn)
