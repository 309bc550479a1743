"""A list page with ``q=`` (the contact list's filter) on a plain ``sqlite3`` connection.

``reads.list_objects`` answers the same query through SQLAlchemy; at 100k contacts
building and compiling its statements (text clauses, bound parameters, result
processing) cost about as much as SQLite's own work, and the list's filter runs this
on every keystroke. Here the statements are plain SQL text, cached by shape in
``fast_reads``, so sqlite3 reuses its prepared statements.

Only the way there is tuned; the answer is the one SQL defines (the order is total:
sort key, then ``seq`` or ``id``), so the two paths agree row for row. The plan
choices are ``reads.list_objects``' (see there and ``fts_search``): the total is the
FTS index's own count when the owner's wanted rows are the whole table; a broad query
walks the sort index and tests each row, by a per-row FTS probe when most rows match
and the words are as short as a prefix index, else by membership in the hits; in
name order that walk goes no further than listing the hits would cost
(``search_plan.walk_bound``, the search's rule too), then lists them.
``tests/store/test_fast_reads.py`` holds both paths to the same pages.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from ..schema import ListQuery, Model
from . import fast_reads
from .fts_query import fts_table, query_words
from .search_plan import BROAD_MATCHES, WALK_STOP, dense_enough, probes_cheap, walk_bound
from .text_search import search_fields

SCOPE_COLUMNS = ("owned_by", "is_archived")


@dataclass(frozen=True, slots=True)
class Found:
    rows: list[Any]
    total: int


def covers(model: Model) -> bool:
    """Whether ``page`` answers a search of ``model`` (it has an FTS index)."""
    return bool(search_fields(model))


def _where(model: Model, owner: str, q: ListQuery, unindexed: bool) -> tuple[list[str], list[Any]]:
    """The list's WHERE, with the scope columns spelled ``+contact.owned_by`` when
    ``unindexed``: SQLite then starts from the FTS hits (rowid lookups) instead of
    scanning every row of the owner (``reads._conditions(fts_drives=True)``)."""

    def name(key: str) -> str:
        return f"+{model.name}.{key}" if unindexed and key in SCOPE_COLUMNS else key

    return fast_reads.where_terms(model, owner, q, name)


def _statement(shape: tuple[Any, ...], build: str) -> str:
    return fast_reads.statement(shape) or fast_reads.remember(shape, build)


def _probes(
    model: Model, q: ListQuery, words: list[str], matches: int, rows: int, want: int
) -> bool:
    """Whether to test walked rows by per-row probes (``search_plan.dense_enough``)."""
    sort = (q.sort or model.default_sort).lstrip("-")
    return (
        model.name == "contact"
        and sort == "name"
        and probes_cheap(words)
        and dense_enough(matches, rows, want)
    )


def page(
    db: sqlite3.Connection,
    owner: str,
    model: Model,
    q: ListQuery,
    expr: str,
    limit: int,
    order: tuple[str, bool],
    today_md: str,
) -> Found:
    """The rows of ``q``'s page (``expr``: its MATCH expression) and its total."""
    fts, table = fts_table(model), model.name
    plain_filters = all(k in SCOPE_COLUMNS for k, v in q.filters.items() if v)
    matches = rows = 0
    total: int | None = None
    if plain_filters:
        count_sql = f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?"
        matches = int(db.execute(count_sql, (expr,)).fetchone()[0])
        rows = fast_reads.row_total(db, owner, table, {False, True})
        if matches == 0:
            total = 0  # no row of any owner matches
        else:
            scope = fast_reads.plain_list(q, owner)
            whole = fast_reads.whole_total(db, table)
            if scope and fast_reads.row_total(db, owner, table, scope) == whole:
                total = matches  # the owner's wanted rows are the whole table
    hits = f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?"
    if total is None:
        terms, params = _where(model, owner, q, plain_filters and matches * 4 < rows)
        where = " AND ".join(terms)
        sql = _statement(
            ("q-total", table, tuple(terms)),
            f"SELECT count(*) FROM {table} WHERE {where} AND {table}.seq IN ({hits})",
        )
        total = int(db.execute(sql, [*params, expr]).fetchone()[0])

    terms, params = _where(model, owner, q, False)
    test = f"{table}.seq IN ({hits})"
    if plain_filters and matches > BROAD_MATCHES:
        want = (q.offset or 0) + limit
        if _probes(model, q, query_words(q.q or ""), matches, rows, want):
            test = f"EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH ? AND rowid = {table}.seq)"
        else:
            walk = (terms, params, order[0])
            walked = _bounded_walk(db, owner, model, q, walk, expr, want, matches, rows)
            if walked is None:
                test = f"+{test}"  # unary +: SQLite walks the sort index, not the hits by rowid
            elif len(walked) == want or len(walked) == total:  # (all of them)
                return Found(walked[q.offset or 0 :], total)
            # else: the hits lie past the walk's budget: look them up and sort them
    key_order, needs_today = order
    where = " AND ".join(terms)
    sql = _statement(
        ("q-page", table, tuple(terms), test, key_order),
        f"{fast_reads.SELECTS[table]} WHERE {where} AND {test} "
        f"ORDER BY {key_order} LIMIT ? OFFSET ?",
    )
    args = [*params, expr, today_md] if needs_today else [*params, expr]
    return Found(db.execute(sql, [*args, limit, q.offset]).fetchall(), total)


def _bounded_walk(
    db: sqlite3.Connection,
    owner: str,
    model: Model,
    q: ListQuery,
    walk: tuple[list[str], list[Any], str],
    expr: str,
    want: int,
    matches: int,
    rows: int,
) -> list[Any] | None:
    """The first ``want`` rows of a walk in name order that goes no further than
    listing the hits would cost (``search_plan.walk_bound``); None: walk unbounded (a
    sort other than by name, archived rows in, or a budget past the owner's rows)."""
    sort = q.sort or model.default_sort
    terms, params, key_order = walk  # the page's WHERE and ORDER BY
    if model.name != "contact" or sort.lstrip("-") != "name":
        return None
    if (terms, params) != _where(model, owner, ListQuery(), False):
        return None  # the stop is a range only after the owner's live rows' equalities
    desc = sort.startswith("-")

    def run(sql: str, args: tuple[Any, ...]) -> list[Any]:
        return db.execute(sql, args).fetchall()

    stop = walk_bound(run, owner, matches, want, rows, desc)
    if stop is None:
        return None
    sql = _statement(
        ("q-walk", key_order),
        f"{fast_reads.SELECTS['contact']} WHERE {' AND '.join(terms)} "
        f"AND +contact.seq IN (SELECT rowid FROM {fts_table(model)} WHERE "
        f"{fts_table(model)} MATCH ?) AND {WALK_STOP[desc]} ORDER BY {key_order} LIMIT ?",
    )
    return run(sql, (owner, expr, stop, want))
