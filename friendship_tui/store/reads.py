"""Reads: get, list (filters, sort, paging, keyset, FTS, tombstones) and search.

Every query is scoped to one owner and shaped to hit an index that starts with
``owned_by`` (see tables.py). The agenda's reads are in agenda_sql.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
    union_all,
)

from ..schema import ListQuery, Model, SchemaError, check_query
from ..schema.dates import format_timestamp, parse_timestamp
from . import counts, fts_search
from .base import Page
from .errors import NotFound, ValidationError
from .fts import fts_table, match_expression, query_words, search_fields
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
from .objects import WIRE_COLUMNS, Obj, model_for, row_to_obj, schema_error, tombstone_obj
from .portable import is_sqlite, nocase
from .search_plan import BROAD_MATCHES, SEARCH_WEIGHTS
from .sort_keys import special_order
from .tables import TABLES, TAG_TABLES, TOMBSTONE_TABLE
from .text_search import SEARCH_DOC, like_patterns, score

IN_CHUNK = 500  # well under SQLite's bound-variable limit


def _wire_select(table: Table, model: Model) -> Select[Any]:
    """SELECT of an object's columns; built once per model (statements are immutable)."""
    return _WIRE_SELECTS[model.name]


def get(conn: Connection, owner: str, type_: str, id_: str) -> Obj:
    model = model_for(type_)
    table = TABLES[model.name]
    row = (
        conn.execute(_wire_select(table, model).where(table.c.id == id_, table.c.owned_by == owner))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"{model.name} {id_} not found")
    return row_to_obj(model, row)


def _sort_expr(model: Model, table: Table, key: str) -> Any:
    col = table.c[key]
    return nocase(col) if sort_kind(model, key) is SortKind.TEXT else col


# Above this many FTS matches a page is found faster by walking the sort index and
# testing membership (stopping after ``limit`` hits) than by fetching and sorting every
# match; below it the other way round. SQLite's planner cannot know the count up front.


def _fts_condition(
    model: Model, table: Table, q: str, walk_index: bool = False, sqlite: bool = True
) -> ColumnElement[bool] | None:
    expr = match_expression(q)
    if expr is None or not search_fields(model):
        return None
    if not sqlite:  # every word a word prefix in the search document (text_search.py)
        doc = table.c[SEARCH_DOC]
        return and_(*(doc.like(p) for p in like_patterns(q)))
    fts = fts_table(model)
    subquery = f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts_q"
    if walk_index:  # unary + keeps SQLite from driving the query by rowid
        clause = text(f"+{table.name}.seq IN ({subquery})").bindparams(fts_q=expr)
        return cast(ColumnElement[bool], clause)  # where() takes a text clause as is
    return table.c.seq.in_(text(subquery).bindparams(fts_q=expr))


def _match_count(conn: Connection, model: Model, q: str | None) -> int:
    """How many rows (of every owner) an FTS query matches: cheap, from the index."""
    expr = match_expression(q or "")
    if expr is None or not search_fields(model) or not is_sqlite(conn):
        return 0
    fts = fts_table(model)
    found = conn.execute(
        text(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :fts_q").bindparams(fts_q=expr)
    ).scalar_one()
    return int(found)


# Columns every owner-scoped index starts with; see ``_conditions(fts_drives=True)``.
_SCOPE_COLUMNS = ("owned_by", "is_archived")


def _col(table: Table, name: str, fts_drives: bool) -> ColumnElement[Any]:
    if fts_drives and name in _SCOPE_COLUMNS:
        # unary + keeps SQLite from using an index on the column (our own names, no input)
        return literal_column(f"+{table.name}.{name}", table.c[name].type)
    return table.c[name]


def _conditions(
    model: Model,
    table: Table,
    owner: str,
    q: ListQuery,
    walk_index: bool = False,
    fts_drives: bool = False,
    sqlite: bool = True,
) -> list[ColumnElement[bool]]:
    """The WHERE of a list. ``fts_drives``: owner and archived flag are tested without
    their indexes, so SQLite starts from the FTS matches (rowid lookups) instead of
    scanning every row of the owner and testing each against the match list."""
    conds: list[ColumnElement[bool]] = [_col(table, "owned_by", fts_drives) == owner]
    for key, values in q.filters.items():
        if not values:
            continue
        kind = filter_kind(model, key)
        if kind is FilterKind.BOOL:
            flag = wanted_flag(values)
            col = _col(table, key, fts_drives)
            if flag is True:
                conds.append(col == true())
            elif flag is False and false_takes_unset(key):
                conds.append(or_(col == false(), col.is_(None)))
            elif flag is False:
                conds.append(col == false())
        elif kind is FilterKind.TAGS:
            tags = TAG_TABLES[f"{model.name}.{key}"]
            conds.append(
                table.c.seq.in_(
                    select(tags.c.obj_seq).where(tags.c.owned_by == owner, tags.c.tag.in_(values))
                )
            )
        else:
            conds.append(_col(table, key, fts_drives).in_(values))
    if hides_archived(q):
        conds.append(_col(table, "is_archived", fts_drives) == false())
    if q.updated_since is not None:
        conds.append(table.c.updated_at >= _since(q.updated_since))
    if q.q:
        cond = _fts_condition(model, table, q.q, walk_index, sqlite)
        if cond is not None:
            conds.append(cond)
    return conds


def _rows(conn: Connection, owner: str, model: Model) -> int:
    """The owner's rows of ``model`` (kept by triggers: no scan)."""
    return counts.count(conn, owner, model.name, (False, True))


def _plain_list(q: ListQuery, owner: str) -> set[bool] | None:
    """``list_plan.plain_list``, for a list that is no search and asks for no changes."""
    if (q.q and match_expression(q.q)) or q.updated_since is not None:
        return None
    return plain_list(q, owner)


def _since(value: str) -> str:
    ts = parse_timestamp(value)
    if ts is None:  # check_query already refused it; keep mypy and readers calm
        raise ValidationError({"updated_since": "must be an ISO 8601 date or date-time"})
    return format_timestamp(ts)


def _keyset_anchor(conn: Connection, model: Model, owner: str, after: str) -> tuple[str, str]:
    table = TABLES[model.name]
    row = conn.execute(
        select(table.c.created_at).where(table.c.id == after, table.c.owned_by == owner)
    ).first()
    if row is None:
        tomb = TOMBSTONE_TABLE
        row = conn.execute(
            select(tomb.c.created_at).where(
                tomb.c.id == after, tomb.c.owned_by == owner, tomb.c.type == model.name
            )
        ).first()
    if row is None or row[0] is None:
        raise ValidationError({"after": f"is not the id of one of your {model.name} objects"})
    return str(row[0]), after


def list_objects(
    conn: Connection, owner: str, type_: str, query: ListQuery | None, today: date | None = None
) -> Page:
    model = model_for(type_)
    try:
        q = check_query(model, query or ListQuery())
    except SchemaError as err:
        raise schema_error(err) from None
    limit, key, desc = paging(model, q)
    if q.after and key != "created_at":
        raise ValidationError({"after": "works only with sort=created_at or sort=-created_at"})
    if q.include_deleted:
        return _list_with_tombstones(conn, model, owner, q, key, desc, limit)

    table = TABLES[model.name]
    sqlite = is_sqlite(conn)
    conds = _conditions(model, table, owner, q, sqlite=sqlite)
    archived = _plain_list(q, owner)
    if archived is not None:  # the unfiltered list: its total is kept by triggers
        total = counts.count(conn, owner, model.name, archived)
    plain_filters = all(k in _SCOPE_COLUMNS for k, v in q.filters.items() if v)
    # the FTS5 tuning below (match counts, index hints) is SQLite's alone
    plain_search = sqlite and bool(q.q) and plain_filters and search_fields(model) != ()
    matches = _match_count(conn, model, q.q) if plain_search else 0
    if archived is None and plain_search and q.updated_since is None and matches:
        # the owner's rows of the wanted archive state are the whole table (a local
        # book): every FTS match is one of them, and the index counted them already
        scope = _plain_list(replace(q, q=None), owner)
        if scope and counts.count(conn, owner, model.name, scope) == counts.whole(conn, model.name):
            archived, total = set(), matches
    if archived is None:
        count_conds = conds
        if plain_search and q.updated_since is None and matches * 4 < _rows(conn, owner, model):
            # Counting from the matches costs what they number (2,924 of 100k: 4 ms);
            # the planner's own choice scans all the owner's rows (19 ms) whatever
            # their number, which only pays when most rows match.
            count_conds = _conditions(model, table, owner, q, fts_drives=True)
        total = conn.execute(
            select(func.count()).select_from(table).where(*count_conds)
        ).scalar_one()
    if plain_search and matches > BROAD_MATCHES:
        conds = _conditions(model, table, owner, q, walk_index=True)
        want = (q.offset or 0) + limit
        if (
            key == "name"  # walked in the name index's order (no sort step)
            and fts_search.probes_cheap(query_words(q.q or ""))
            and fts_search.dense_enough(matches, _rows(conn, owner, model), want)
        ):  # most rows match: probe the rows walked rather than list every match
            conds = _conditions(model, table, owner, replace(q, q=None))
            conds.append(fts_search.probe_condition(table, match_expression(q.q or "") or ""))
    if q.after:
        c, i = _keyset_anchor(conn, model, owner, q.after)
        # a row-value comparison: SQLite seeks the (created_at, id) index to the anchor
        key_cols = tuple_(table.c.created_at, table.c.id)
        conds.append(key_cols < tuple_(c, i) if desc else key_cols > tuple_(c, i))
    tie = table.c[tie_breaker(key)]
    expr = _sort_expr(model, table, key)
    special = special_order(model, table, key, desc, today or date.today(), sqlite)
    if special is not None:  # birthdays by next occurrence, timestamps as time
        order = [*special, tie.desc() if desc else tie.asc()]
    elif sqlite:
        order = [expr.desc(), tie.desc()] if desc else [expr.asc(), tie.asc()]
    else:  # SQLite's NULL order (first when ascending), so every backend agrees
        order = (
            [expr.desc().nulls_last(), tie.desc()]
            if desc
            else [expr.asc().nulls_first(), tie.asc()]
        )
    stmt = _wire_select(table, model).where(*conds).order_by(*order).limit(limit)
    if q.offset:
        stmt = stmt.offset(q.offset)
    items = [row_to_obj(model, r) for r in conn.execute(stmt).mappings().all()]
    return Page(
        items=items,
        limit=limit,
        offset=q.offset,
        total=total,
        next_after=next_after(items, limit, key),
    )


def _list_with_tombstones(
    conn: Connection, model: Model, owner: str, q: ListQuery, key: str, desc: bool, limit: int
) -> Page:
    """Live rows and deletion tombstones in one order (incremental sync).

    Tombstones carry no data, so only the ``parent_id`` filter applies to them; the
    order key is ``created_at`` when asked for, else ``updated_at`` (a tombstone's
    ``updated_at`` is its deletion time).
    """
    table, tomb = TABLES[model.name], TOMBSTONE_TABLE
    k = "created_at" if key == "created_at" else "updated_at"
    live = select(table.c.id.label("id"), table.c[k].label("k"), literal(0).label("tomb")).where(
        *_conditions(model, table, owner, q, sqlite=is_sqlite(conn))
    )
    tconds: list[ColumnElement[bool]] = [tomb.c.owned_by == owner, tomb.c.type == model.name]
    if q.updated_since is not None:
        tconds.append(tomb.c.deleted_at >= _since(q.updated_since))
    if "parent_id" in q.filters:
        tconds.append(tomb.c.parent_id.in_(q.filters["parent_id"]))
    tk = tomb.c.created_at if k == "created_at" else tomb.c.deleted_at
    dead = select(tomb.c.id.label("id"), tk.label("k"), literal(1).label("tomb")).where(*tconds)
    u = union_all(live, dead).subquery()
    total = conn.execute(select(func.count()).select_from(u)).scalar_one()
    ucond: list[ColumnElement[bool]] = []
    if q.after:
        c, i = _keyset_anchor(conn, model, owner, q.after)
        if desc:
            ucond.append(or_(u.c.k < c, and_(u.c.k == c, u.c.id < i)))
        else:
            ucond.append(or_(u.c.k > c, and_(u.c.k == c, u.c.id > i)))
    order = [u.c.k.desc(), u.c.id.desc()] if desc else [u.c.k.asc(), u.c.id.asc()]
    stmt = select(u.c.id, u.c.tomb).where(*ucond).order_by(*order).limit(limit)
    if q.offset:
        stmt = stmt.offset(q.offset)
    keys = conn.execute(stmt).all()
    live_ids = [r.id for r in keys if not r.tomb]
    dead_ids = [r.id for r in keys if r.tomb]
    by_id: dict[str, Obj] = {}
    for chunk in _chunks(live_ids):
        for r in conn.execute(_wire_select(table, model).where(table.c.id.in_(chunk))).mappings():
            by_id[str(r["id"])] = row_to_obj(model, r)
    for chunk in _chunks(dead_ids):
        for r in conn.execute(select(tomb).where(tomb.c.id.in_(chunk))).mappings():
            by_id[str(r["id"])] = tombstone_obj(
                model, str(r["id"]), str(r["deleted_at"]), r["parent_id"]
            )
    items = [by_id[r.id] for r in keys if r.id in by_id]
    return Page(
        items=items,
        limit=limit,
        offset=q.offset,
        total=total,
        next_after=next_after(items, limit, k),
    )


def _chunks(values: list[Any], size: int = IN_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# A hit in the name outranks one in the notes (bm25 column weights).


def search(conn: Connection, owner: str, text_: str, limit: int) -> list[Obj]:
    """Contacts by relevance (bm25, name hits first), archived ones left out.

    A broad query (more than ``BROAD_MATCHES`` hits, e.g. one or two letters in a big
    book) is answered in name order instead: ranking every hit would cost more than the
    person typing would wait, and the next keystroke narrows it anyway. A query with no
    words (empty, or only punctuation) filters nothing, as ``q=`` does on a list and on
    the server: the first contacts in name order. On SQLite see fts_search.py.
    """
    model = model_for("contact")
    table = TABLES["contact"]
    expr = match_expression(text_)
    limit = max(1, min(limit, model.max_page_size))
    if not is_sqlite(conn):
        if expr is None:
            stmt = (
                _wire_select(table, model)
                .where(table.c.owned_by == owner, table.c.is_archived == false())
                .order_by(nocase(table.c.name), table.c.seq)
                .limit(limit)
            )
            return [row_to_obj(model, r) for r in conn.execute(stmt).mappings().all()]
        return _search_portable(conn, owner, model, table, text_, limit)
    if expr is None:
        return fts_search.first_by_name(conn, owner, limit)
    rows = _rows(conn, owner, model)
    return fts_search.found(conn, owner, expr, query_words(text_), limit, rows)


def _search_portable(
    conn: Connection, owner: str, model: Model, table: Table, text_: str, limit: int
) -> list[Obj]:
    """``search`` without FTS5: the same rule (few hits ranked, name hits first; many
    hits in name order), ranked in Python over at most ``BROAD_MATCHES`` rows."""
    cond = _fts_condition(model, table, text_, sqlite=False)
    assert cond is not None  # the caller checked the query has words
    base = _wire_select(table, model).where(
        table.c.owned_by == owner, table.c.is_archived == false(), cond
    )
    rows = conn.execute(base.limit(BROAD_MATCHES + 1)).mappings().all()
    if len(rows) > BROAD_MATCHES:
        stmt = base.order_by(nocase(table.c.name), table.c.seq).limit(limit)
        return [row_to_obj(model, r) for r in conn.execute(stmt).mappings().all()]
    found = [row_to_obj(model, r) for r in rows]
    found.sort(
        key=lambda o: (-score(model, o, text_, SEARCH_WEIGHTS), str(o.get("name") or "").lower())
    )
    return found[:limit]


_WIRE_SELECTS: dict[str, Select[Any]] = {
    name: select(*(TABLES[name].c[c] for c in cols)) for name, cols in WIRE_COLUMNS.items()
}
