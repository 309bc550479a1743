"""The hot reads on a plain ``sqlite3`` connection: one object, a page of a list with its
total. No SQLAlchemy: a list query is compiled once per shape into a ``PagePlan`` (its
statement as text, the layout of its arguments, the class that makes its objects), so
a later page costs a dictionary look-up and one statement (sqlite3 reuses its prepared
statement), in which SQLite hands each row of the page to ``page_rows`` to be made an
object, and returns the total (a scalar subquery): one statement is one snapshot, so
no ``BEGIN``/``ROLLBACK`` and no second statement. Plans hold SQL, never rows: every
page is read from the book.

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
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from ..schema import ListQuery, Model, SchemaError, check_query
from .base import Obj, Page
from .columns import (
    ROW_BUILDERS,
    WIRE_COLUMNS,
    model_for,
    raw_row_to_obj,
    schema_error,
    template,
)
from .errors import NotFound
from .fts_query import match_expression
from .list_plan import (
    FilterKind,
    SortKind,
    false_takes_unset,
    filter_kind,
    hides_archived,
    next_after,
    paging,
    plain_list,
    sort_kind,
    tie_breaker,
    wanted_flag,
)
from .page_rows import PageRows, collect, collector, select
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
            elif flag is False and false_takes_unset(key):
                conds.append(f"({col} = 0 OR {col} IS NULL)")
            elif flag is False:
                conds.append(f"{col} = 0")
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


@dataclass(frozen=True, slots=True)
class PagePlan:
    """A list query that is no search, compiled once per shape (everything but the
    owner, the offset and today's date): a page then costs one look-up and one
    statement. ``sql`` makes the page's objects as SQLite reads its rows
    (``page_rows``) and returns one row, the total, so page and total come from one
    statement, one snapshot, with no ``BEGIN``, an empty page too."""

    model: Model
    sql: str
    total_args: tuple[Any, ...]  # after the owner, when ``owner_counted``
    owner_counted: bool  # the total takes the owner (not when it is 0 whatever the rows)
    where_args: tuple[Any, ...]  # the page's WHERE, after the owner
    needs_today: bool
    limit: int
    key: str
    rows: type[PageRows]  # makes the page's objects from ``template`` (owner set)
    template: Obj  # every column; the ones the query decides hold their value

    def args(self, owner: str, offset: int, today: date) -> list[Any]:
        """``sql``'s arguments: the total's, the page's WHERE, today, the window."""
        args = [owner, *self.total_args, owner] if self.owner_counted else [owner]
        args += self.where_args
        if self.needs_today:
            args.append(today.strftime("%m-%d"))
        args += (self.limit, offset)
        return args


class Search:
    """``q=`` with words: ``fast_search`` reads it (a plan of its own per page)."""


SEARCH = Search()
_PLANS: dict[tuple[Any, ...], PagePlan | Search | None] = {}  # shape -> plan; None: not covered
_PLANS_KEPT = 1024
_MISSING = object()


def _shape(type_: str, q: ListQuery) -> tuple[Any, ...]:
    """What a query's plan depends on: all of it but the offset."""
    filters = tuple((k, tuple(v)) for k, v in q.filters.items()) if q.filters else ()
    return (type_, q.sort, q.limit, q.q, q.after, q.updated_since, q.include_deleted, filters)


def _checked(type_: str, query: ListQuery) -> tuple[Model, ListQuery]:
    model = model_for(type_)
    try:
        return model, check_query(model, query)
    except SchemaError as err:
        raise schema_error(err) from None


def _total(
    model: Model, owner: str, q: ListQuery, conds: list[str], params: list[Any]
) -> tuple[str, tuple[Any, ...], bool]:
    """The total as a scalar subquery: the triggers' count for a list without real
    filters (``list_plan.plain_list``), else a count of the WHERE; its arguments after
    the owner, and whether it takes the owner at all."""
    archived = plain_list(q, owner)
    if archived is None:
        where = " AND ".join(conds)
        return f"(SELECT count(*) FROM {model.name} WHERE {where})", tuple(params[1:]), True
    if not archived:
        return "0", (), False
    flags = ", ".join(str(int(a)) for a in sorted(archived))
    counted = (
        "(SELECT coalesce(sum(n), 0) FROM row_count "
        f"WHERE owned_by = ? AND type = '{model.name}' AND is_archived IN ({flags}))"
    )
    return counted, (), True


def _fixed(model: Model, q: ListQuery) -> dict[str, Any]:
    """The columns every row of the page holds the same value of, as the query says:
    the owner (filled in per read) and, unless both are asked for, the archive flag.
    They are not read: fewer values cross from SQLite per row."""
    fixed: dict[str, Any] = {"owned_by": None}
    if hides_archived(q):
        fixed["is_archived"] = False
    elif (flag := wanted_flag(q.filters.get("is_archived") or ("true", "false"))) is not None:
        fixed["is_archived"] = flag
    return fixed


def compile_page(type_: str, query: ListQuery, owner: str) -> PagePlan | Search | None:
    """The plan of ``query`` (checked: a bad one raises ``ValidationError``), ``SEARCH``,
    or None when this module does not cover it. ``owner`` only decides whether an
    ``owned_by`` filter leaves anything (kept in the shape by the caller)."""
    model, q = _checked(type_, query)
    if not covers(model, q):
        return None
    if match_expression(q.q or "") is not None:
        return SEARCH
    limit, key, desc = paging(model, q)
    conds, params = where_terms(model, owner, q)
    total, total_args, owner_counted = _total(model, owner, q, conds, params)
    order, needs_today = _order(model, key, desc)
    where = " AND ".join(conds)
    fixed = _fixed(model, q)
    read, rows = collector(model.name, tuple(fixed))
    page = f"SELECT seq FROM {model.name} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return PagePlan(
        model=model,
        sql=select(model.name, read, total, page),
        total_args=total_args,
        owner_counted=owner_counted,
        where_args=tuple(params[1:]),
        needs_today=needs_today,
        limit=limit,
        key=key,
        rows=rows,
        template=template(model.name, fixed),
    )


def plan_for(type_: str, query: ListQuery, owner: str) -> PagePlan | Search | None:
    """``compile_page``, once per shape."""
    shape = _shape(type_, query)
    if query.filters.get("owned_by"):
        shape += (owner,)  # the one filter whose meaning depends on who asks
    plan = _PLANS.get(shape, _MISSING)
    if plan is _MISSING:
        plan = compile_page(type_, query, owner)  # a bad query raises: nothing kept
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        _PLANS[shape] = plan
    return cast(PagePlan | Search | None, plan)


def list_page(
    db: sqlite3.Connection, owner: str, type_: str, query: ListQuery | None, today: date
) -> Page | None:
    """A page as ``reads.list_objects`` returns it; None when the query is not covered.

    ``db`` may be in a read transaction or in none: the page and its total are one
    statement."""
    q = query or ListQuery()
    if q.offset < 0:
        _checked(type_, q)  # raises, naming the offset
    plan = plan_for(type_, q, owner)
    if plan is None:
        return None
    if isinstance(plan, Search):
        return _search_page(db, owner, type_, q, today)
    filled = plan.template.copy()
    filled["owned_by"] = owner
    rows = plan.rows(filled)
    total = collect(db, plan.sql, plan.args(owner, q.offset, today), rows)
    items = rows.items
    return Page(
        items=items,
        limit=plan.limit,
        offset=q.offset,
        total=total,
        next_after=next_after(items, plan.limit, plan.key),
    )


def _search_page(
    db: sqlite3.Connection, owner: str, type_: str, query: ListQuery, today: date
) -> Page:
    """A page of a search (``fast_search``), its total counted in the same read."""
    from . import fast_search

    model, q = _checked(type_, query)
    limit, key, desc = paging(model, q)
    expr = match_expression(q.q or "")
    assert expr is not None  # plan_for said so
    began = not db.in_transaction
    if began:
        db.execute("BEGIN")  # the hits and their count from one snapshot
    try:
        found = fast_search.page(
            db, owner, model, q, expr, limit, _order(model, key, desc), today.strftime("%m-%d")
        )
    finally:
        if began:
            db.rollback()
    return _page(model, q, key, limit, found.rows, found.total)


def _page(model: Model, q: ListQuery, key: str, limit: int, rows: list[Any], total: int) -> Page:
    items = list(map(ROW_BUILDERS[model.name], rows))
    return Page(
        items=items,
        limit=limit,
        offset=q.offset,
        total=total,
        next_after=next_after(items, limit, key),
    )
