"""Filling the tag side tables from rows already present.

The tables and triggers themselves are made by the frozen migrations
(``store/migrations``); the sync cache's fast first fill uses this to rebuild tag rows
after it bulk-loads with the triggers off.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ..schema import FieldType, Model
from .portable import is_sqlite
from .tables import tag_table_name


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
