"""The hot reads on a plain ``sqlite3`` connection: one object, a page of a list with its
total. No SQLAlchemy: the statements are written out once per shape and cached as text,
so sqlite3 reuses its prepared statement on every later page.

This is a second spelling of what ``reads.list_objects`` and ``reads.get`` do, for the
queries it ``covers`` (every list the app and ``contact list`` read by default: any
sort key, filters on plain and boolean columns, offset paging, and ``q=`` search through
``fast_search``). What the SQL must say is decided once, in ``list_plan``; only the
spelling is this module's. Anything else (tag filters, ``updated_since``, keyset
``after``, tombstones) goes the SQLAlchemy way.
``tests/store/test_fast_reads.py`` holds the two paths to the same answers on books
with every field shape.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from ..schema import ListQuery, Model, SchemaError, check_query
from .base import Obj, Page
from .columns import ROW_BUILDERS, WIRE_COLUMNS, model_for, raw_row_to_obj, schema_error
from .errors import NotFound
from .fts_query import match_expression
from .list_plan import (
    FilterKind,
    SortKind,
    filter_kind,
    hides_archived,
    next_after,
    paging,
    plain_list,
    sort_kind,
    tie_breaker,
    wanted_flag,
)
from .text_search import search_fields

SCOPE_COLUMNS = ("owned_by", "is_archived")
SELECTS: dict[str, str] = {
    name: f"SELECT {', '.join(cols)} FROM {name}" for name, cols in WIRE_COLUMNS.items()
}
_SQL: dict[tuple[Any, ...], str] = {}  # every statement built, by its shape
_SQL_KEPT = 1024  # shapes are few (filter keys x IN lengths); a bound all the same


def statement(shape: tuple[Any, ...]) -> str | None:
    """The SQL built earlier for this shape, if any."""
    return _SQL.get(shape)


def remember(shape: tuple[Any, ...], sql: str) -> str:
    if len(_SQL) >= _SQL_KEPT:
        _SQL.clear()
    _SQL[shape] = sql
    return sql


def get(db: sqlite3.Connection, owner: str, type_: str, id_: str) -> Obj:
    model = model_for(type_)
    row = db.execute(
        f"{SELECTS[model.name]} WHERE id = ? AND owned_by = ?", (id_, owner)
    ).fetchone()
    if row is None:
        raise NotFound(f"{model.name} {id_} not found")
    return raw_row_to_obj(model, row)


def covers(model: Model, q: ListQuery) -> bool:
    """Whether this module answers ``q`` (already checked) exactly as reads.py would:
    search (``q=``) goes to ``fast_search`` when the model has a search index."""
    if q.updated_since is not None or q.include_deleted or q.after:
        return False
    if q.q and match_expression(q.q) and not search_fields(model):
        return False  # reads.py's search without an index: not spelled here
    return not any(
        values and filter_kind(model, key) is FilterKind.TAGS for key, values in q.filters.items()
    )


def _bare(key: str) -> str:
    return key


def where_terms(
    model: Model, owner: str, q: ListQuery, name: Callable[[str], str] = _bare
) -> tuple[list[str], list[Any]]:
    """The WHERE of a list (``list_plan``), without search and tag filters (not
    ``covers``-ed); ``name`` spells each column (``fast_search`` hides the scope
    columns' indexes)."""
    conds, params = [f"{name('owned_by')} = ?"], [owner]
    for key, values in q.filters.items():
        if not values:
            continue
        col = name(key)
        if filter_kind(model, key) is FilterKind.BOOL:
            flag = wanted_flag(values)
            if flag is True:
                conds.append(f"{col} = 1")
            elif flag is False:
                conds.append(f"({col} = 0 OR {col} IS NULL)")
        else:
            conds.append(f"{col} IN ({', '.join('?' * len(values))})")
            params += values
    if hides_archived(q):
        conds.append(f"{name('is_archived')} = 0")
    return conds, params


def row_total(db: sqlite3.Connection, owner: str, type_: str, archived: set[bool]) -> int:
    """The owner's rows of a type, from the counts the triggers keep (counts.py)."""
    if not archived:
        return 0
    flags = sorted(int(a) for a in archived)
    sql = _SQL.get(("count", len(flags)))
    if sql is None:
        marks = ", ".join("?" * len(flags))
        sql = remember(
            ("count", len(flags)),
            "SELECT coalesce(sum(n), 0) FROM row_count "
            f"WHERE owned_by = ? AND type = ? AND is_archived IN ({marks})",
        )
    return int(db.execute(sql, (owner, type_, *flags)).fetchone()[0])


def whole_total(db: sqlite3.Connection, type_: str) -> int:
    """Every row of ``type_``, of every owner, archived or not (``counts.whole``)."""
    found = db.execute("SELECT coalesce(sum(n), 0) FROM row_count WHERE type = ?", (type_,))
    return int(found.fetchone()[0])


def _order(model: Model, key: str, desc: bool) -> tuple[str, bool]:
    """ORDER BY terms (``list_plan.sort_kind``, as ``sort_keys.special_order`` spells
    them for SQLAlchemy), and whether they take today's month-day as a parameter."""
    tie = tie_breaker(key)
    way = "DESC" if desc else "ASC"
    kind = sort_kind(model, key)
    if kind is SortKind.OCCURRENCE:
        # next occurrence from today: still to come this year, then next year's, then
        # year-only and unset ones (sort_keys.occurrence_order)
        md = (
            f"CASE WHEN substr({key}, 1, 2) = '--' THEN substr({key}, 3, 5) "
            f"WHEN length({key}) >= 10 THEN substr({key}, 6, 5) ELSE NULL END"
        )
        terms = f"CASE WHEN ({md}) IS NULL THEN 1 ELSE 0 END ASC, "
        terms += f"CASE WHEN ({md}) < ? THEN 1 ELSE 0 END {way}, ({md}) {way}, {tie} {way}"
        return terms, True
    if kind is SortKind.TIME:  # julianday reads offsets
        return f"julianday({key}) {way}, {tie} {way}", False
    if kind is SortKind.TEXT:
        return f"{key} COLLATE NOCASE {way}, {tie} {way}", False
    return f"{key} {way}, {tie} {way}", False


def list_page(
    db: sqlite3.Connection, owner: str, type_: str, query: ListQuery | None, today: date
) -> Page | None:
    """A page as ``reads.list_objects`` returns it; None when the query is not covered."""
    model = model_for(type_)
    try:
        q = check_query(model, query or ListQuery())
    except SchemaError as err:
        raise schema_error(err) from None
    if not covers(model, q):
        return None
    limit, key, desc = paging(model, q)
    expr = match_expression(q.q or "")
    if expr is not None:  # a search; words-free text filters nothing (reads.py too)
        from . import fast_search

        found = fast_search.page(
            db, owner, model, q, expr, limit, _order(model, key, desc), today.strftime("%m-%d")
        )
        return _page(model, q, key, limit, found.rows, found.total)
    conds, params = where_terms(model, owner, q)
    archived = plain_list(q, owner)
    if archived is not None:  # the unfiltered list: its total is kept by triggers
        total = row_total(db, owner, model.name, archived)
    else:
        counted: tuple[Any, ...] = ("total", model.name, tuple(conds))
        sql = _SQL.get(counted)
        if sql is None:
            where = " AND ".join(conds)
            sql = remember(counted, f"SELECT count(*) FROM {model.name} WHERE {where}")
        total = int(db.execute(sql, params).fetchone()[0])
    shape: tuple[Any, ...] = ("page", model.name, tuple(conds), key, desc)
    sql = _SQL.get(shape)
    order, needs_today = _order(model, key, desc)
    if sql is None:
        where = " AND ".join(conds)
        sql = remember(
            shape, f"{SELECTS[model.name]} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
    args = [*params, today.strftime("%m-%d")] if needs_today else list(params)
    rows = db.execute(sql, [*args, limit, q.offset]).fetchall()
    return _page(model, q, key, limit, rows, total)


def _page(model: Model, q: ListQuery, key: str, limit: int, rows: list[Any], total: int) -> Page:
    items = list(map(ROW_BUILDERS[model.name], rows))
    return Page(
        items=items,
        limit=limit,
        offset=q.offset,
        total=total,
        next_after=next_after(items, limit, key),
    )
