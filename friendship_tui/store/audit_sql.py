"""A bulk import's create rows for the audit log, written by SQLite itself.

A quiet import (``store/bulk.py``) writes tens of thousands of rows; building each
one's audit row in Python (an event, a dict, the JSON text, then binding nine values)
cost more than storing it. Here one ``INSERT INTO audit_log ... SELECT`` per table
and chunk copies the rows just inserted (``seq`` above the table's highest before the
chunk, in ``seq`` order, so the log's order is the rows' order) and builds the very
text ``audit._create_text`` writes: the first label field that is set (``LABELS``),
cut at ``MAX_TEXT`` characters in the same words, quoted by ``json_quote`` (which
escapes exactly as the JSON encoder with ``ensure_ascii=False`` does), and the archive
flag. tests/audit/test_create_rows_sql.py holds the two to the same text.

SQLite only (``json_quote``); a model whose label fields are not all text keeps the
Python path (``sql_for`` returns None), as do other databases.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Connection

from ..schema import MODELS, FieldType
from .audit import AUDIT_TABLE, LABELS, MAX_TEXT

_TEXT_TYPES = (FieldType.STRING, FieldType.ENUM)
_ARCHIVED = '"is_archived": [null, true]'


def _clipped(column: str) -> str:
    """``audit._clip`` in SQL: SQLite's length and substr count characters, as ``len``."""
    return (
        f"CASE WHEN length({column}) > {MAX_TEXT} THEN substr({column}, 1, {MAX_TEXT}) "
        f"|| '… (+' || (length({column}) - {MAX_TEXT}) || ' chars)' ELSE {column} END"
    )


def _label(model_name: str) -> str:
    """The ``"field": [null, "text"]`` part of the first label set, else NULL."""
    whens = [
        f"WHEN {name} IS NOT NULL AND {name} != '' "
        f"THEN '\"{name}\": [null, ' || json_quote({_clipped(name)}) || ']'"
        for name in LABELS[model_name]
    ]
    return f"CASE {' '.join(whens)} END" if whens else "NULL"


@cache
def sql_for(model_name: str) -> str | None:
    """The INSERT ... SELECT for ``model_name``'s rows above a ``seq``; parameters:
    at, owner, actor, origin, after_seq."""
    model = MODELS[model_name]
    if any(model.field(name).type not in _TEXT_TYPES for name in LABELS[model_name]):
        return None
    parent = "nullif(parent_id, '')" if model.has_field("parent_id") else "NULL"
    # ``lab`` once per branch: SQLite flattens the subquery into this one and evaluates
    # the label's CASE and json_quote at every mention of it (it was three: the audit
    # statement's CPU fell by about a quarter). NULL without a label and unarchived.
    changes = (
        f"CASE WHEN is_archived THEN '{{' || coalesce(lab || ', ', '') || '{_ARCHIVED}}}' "
        f"ELSE '{{' || lab || '}}' END"
    )
    return (
        f"INSERT INTO {AUDIT_TABLE} "
        "(at, owned_by, actor, type, object_id, parent_id, action, origin, changes) "
        f"SELECT ?1, ?2, ?3, '{model_name}', id, pid, 'create', ?4, {changes} "
        f"FROM (SELECT seq, id, {parent} AS pid, is_archived, "
        f"{_label(model_name)} AS lab FROM {model_name} WHERE seq > ?5) ORDER BY seq"
    )


def highest_seq(conn: Connection, model_name: str) -> int:
    """The table's highest ``seq`` (0 when empty): the rows a chunk adds lie above it."""
    return int(conn.exec_driver_sql(f"SELECT coalesce(max(seq), 0) FROM {model_name}").scalar_one())


def record_created(
    conn: Connection,
    model_name: str,
    after_seq: int,
    owner: str,
    at: str,
    actor: str | None,
    origin: str,
) -> int:
    """One create row per ``model_name`` row above ``after_seq``; how many were written."""
    sql = sql_for(model_name)
    assert sql is not None, model_name  # callers ask ``sql_for`` first
    return int(conn.exec_driver_sql(sql, (at, owner, actor, origin, after_seq)).rowcount)
