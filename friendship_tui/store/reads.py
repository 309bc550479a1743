"""Reads: get, list (filters, sort, paging, keyset, FTS, tombstones), search and agenda.

Every query is scoped to one owner and shaped to hit an index that starts with
``owned_by`` (see tables.py); the agenda narrows its candidates with the indexed
``next_due`` and month-day columns before the pure ``build_agenda`` does the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Float,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    column,
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

from ..domain.agenda import DUE_SOON_DAYS, Agenda, event_rows, reminder_rows, stay_in_touch_rows
from ..schema import FieldType, ListQuery, Model, SchemaError, check_query, parse_bool_text
from ..schema.dates import format_timestamp, parse_timestamp
from . import counts
from .base import Page
from .errors import NotFound, ValidationError
from .fts import fts_table, match_expression, search_fields
from .objects import WIRE_COLUMNS, Obj, model_for, row_to_obj, schema_error, tombstone_obj
from .portable import is_sqlite, nocase
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


def _is_bool(model: Model, key: str) -> bool:
    return key == "is_archived" or (
        model.has_field(key) and model.field(key).type is FieldType.BOOL
    )


def _sort_expr(model: Model, table: Table, key: str) -> Any:
    col = table.c[key]
    f = model.field(key) if model.has_field(key) else None
    if f is not None and f.type is FieldType.STRING and f.date is None:
        return nocase(col)
    return col


# Above this many FTS matches a page is found faster by walking the sort index and
# testing membership (stopping after ``limit`` hits) than by fetching and sorting every
# match; below it the other way round. SQLite's planner cannot know the count up front.
BROAD_MATCHES = 200


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
        if _is_bool(model, key):
            wanted = {parse_bool_text(v) for v in values}
            col = _col(table, key, fts_drives)
            if wanted == {True}:
                conds.append(col == true())
            elif wanted == {False}:
                conds.append(or_(col == false(), col.is_(None)))
        elif model.has_field(key) and model.field(key).type is FieldType.TAGS:
            tags = TAG_TABLES[f"{model.name}.{key}"]
            conds.append(
                table.c.seq.in_(
                    select(tags.c.obj_seq).where(tags.c.owned_by == owner, tags.c.tag.in_(values))
                )
            )
        else:
            conds.append(_col(table, key, fts_drives).in_(values))
    if "is_archived" not in q.filters and q.updated_since is None:
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
    """The archived flags a list without real filters wants; None when it has some."""
    if (q.q and match_expression(q.q)) or q.updated_since is not None:
        return None
    archived = {False}
    for key, values in q.filters.items():
        if key == "is_archived" and values:
            archived = {bool(parse_bool_text(v)) for v in values}
        elif key == "owned_by" and values:
            if owner not in values:
                return set()
        elif values:
            return None
    return archived


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
    limit = q.limit or model.default_page_size
    sort = q.sort
    if q.after and sort is None:
        sort = "created_at"
    sort = sort or model.default_sort
    key, desc = sort.lstrip("-"), sort.startswith("-")
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
    if q.after:
        c, i = _keyset_anchor(conn, model, owner, q.after)
        # a row-value comparison: SQLite seeks the (created_at, id) index to the anchor
        key_cols = tuple_(table.c.created_at, table.c.id)
        conds.append(key_cols < tuple_(c, i) if desc else key_cols > tuple_(c, i))
    tie = table.c.id if key == "created_at" else table.c.seq
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
    next_after = (
        str(items[-1]["id"]) if items and len(items) == limit and key == "created_at" else None
    )
    return Page(items=items, limit=limit, offset=q.offset, total=total, next_after=next_after)


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
    next_after = (
        str(items[-1]["id"]) if items and len(items) == limit and k == "created_at" else None
    )
    return Page(items=items, limit=limit, offset=q.offset, total=total, next_after=next_after)


def _chunks(values: list[Any], size: int = IN_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# A hit in the name outranks one in the notes (bm25 column weights).
SEARCH_WEIGHTS = {"name": 10.0, "nickname": 8.0, "email": 4.0, "company": 3.0, "tags": 3.0}


def search(conn: Connection, owner: str, text_: str, limit: int) -> list[Obj]:
    """Contacts by relevance (bm25, name hits first), archived ones left out.

    A broad query (more than ``BROAD_MATCHES`` hits, e.g. one or two letters in a big
    book) is answered in name order instead: ranking every hit would cost more than the
    person typing would wait, and the next keystroke narrows it anyway.
    """
    model = model_for("contact")
    table = TABLES["contact"]
    expr = match_expression(text_)
    if expr is None:
        return []
    limit = max(1, min(limit, model.max_page_size))
    if not is_sqlite(conn):
        return _search_portable(conn, owner, model, table, text_, limit)
    if _match_count(conn, model, text_) > BROAD_MATCHES:
        cond = _fts_condition(model, table, text_, walk_index=True)
        assert cond is not None  # the query has words (checked above)
        stmt = (
            _wire_select(table, model)
            .where(table.c.owned_by == owner, table.c.is_archived == false(), cond)
            .order_by(nocase(table.c.name), table.c.seq)
            .limit(limit)
        )
        return [row_to_obj(model, r) for r in conn.execute(stmt).mappings().all()]
    fts = fts_table(model)
    weights = ", ".join(str(SEARCH_WEIGHTS.get(f, 1.0)) for f in search_fields(model))
    ranked = (
        text(
            f"SELECT rowid AS seq, bm25({fts}, {weights}) AS rank "
            f"FROM {fts} WHERE {fts} MATCH :fts_q"
        )
        .bindparams(fts_q=expr)
        .columns(column("seq", Integer), column("rank", Float))
        .subquery("m")
    )
    stmt = (
        _wire_select(table, model)
        .join(ranked, ranked.c.seq == table.c.seq)
        .where(table.c.owned_by == owner, table.c.is_archived == false())
        .order_by(ranked.c.rank, nocase(table.c.name))
        .limit(limit)
    )
    return [row_to_obj(model, r) for r in conn.execute(stmt).mappings().all()]


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


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _md_ranges(today: date, horizon_days: int) -> list[tuple[str, str]]:
    """Month-day ranges covering ``[today, today+horizon]``, split at New Year; Feb 29
    is always included (it falls on Feb 28 in common years: the pure agenda decides)."""
    if horizon_days >= 365:
        return [("01-01", "12-31")]
    end = today + timedelta(days=horizon_days)
    start_md, end_md = _md(today), _md(end)
    if end.year == today.year:
        ranges = [(start_md, end_md)]
    else:
        ranges = [(start_md, "12-31"), ("01-01", end_md)]
    if not any(lo <= "02-29" <= hi for lo, hi in ranges):
        ranges.append(("02-29", "02-29"))
    return ranges


# The fields build_agenda reads: fetching only these keeps a 10k-contact agenda cheap.
AGENDA_FIELDS = {
    "contact": (
        "id", "name", "is_archived", "stay_in_touch_frequency", "last_contacted_at",
        "stay_in_touch_topic", "birthday", "anniversary", "next_due",
    ),
    "life_event": ("id", "parent_id", "title", "kind", "occurred_at", "recurring"),
    "reminder": ("id", "parent_id", "message", "due_date", "completed"),
}  # fmt: skip


def _agenda_selects() -> dict[str, Select[Any]]:
    """The agenda's candidate queries, built once with bound parameters so their SQL is
    compiled once too (compiling them per call cost more than running some of them)."""
    contact, life, rem = TABLES["contact"], TABLES["life_event"], TABLES["reminder"]
    owner: BindParameter[Any] = bindparam("owner")
    lo: BindParameter[Any] = bindparam("lo")
    hi: BindParameter[Any] = bindparam("hi")
    limit: BindParameter[Any] = bindparam("limit")
    cnames = AGENDA_FIELDS["contact"]

    def contacts(*conds: Any) -> Select[Any]:
        return select(*(contact.c[n] for n in cnames)).where(
            contact.c.owned_by == owner, contact.c.is_archived == false(), *conds
        )

    def children(type_: str, *conds: Any) -> Select[Any]:
        """Rows of ``type_`` with their parent contact joined (not a second lookup)."""
        table = TABLES[type_]
        return (
            select(*(table.c[x] for x in AGENDA_FIELDS[type_]), *(contact.c[x] for x in cnames))
            .join(contact, contact.c.id == table.c.parent_id)
            .where(table.c.owned_by == owner, table.c.is_archived == false(), *conds)
        )

    return {
        "due": contacts(contact.c.next_due.is_not(None), contact.c.next_due <= limit),
        # one indexed range scan per column (an OR would defeat the indexes)
        "birthday": contacts(contact.c.birthday_md.between(lo, hi)),
        "anniversary": contacts(contact.c.anniversary_md.between(lo, hi)),
        "life_event": children("life_event", life.c.occurred_md.between(lo, hi)),
        "reminder": children(
            "reminder",
            or_(rem.c.completed == false(), rem.c.completed.is_(None)),
            rem.c.due_date <= limit,
        ),
    }


_AGENDA_SELECTS = _agenda_selects()
_AGENDA_SQL: dict[str, tuple[str, tuple[str, ...]]] = {}


def _tuples(conn: Connection, key: str, **params: Any) -> list[tuple[Any, ...]]:
    """Plain tuples of one agenda query, straight from the SQLite driver.

    The agenda reads a few thousand rows of a handful of columns; SQLAlchemy's Row
    building and bool processing cost about a third of the SQL itself there. Bools stay
    0/1, which the agenda only tests for truth.
    """
    stmt = _AGENDA_SELECTS[key]
    if conn.dialect.name != "sqlite" or conn.dialect.paramstyle != "qmark":
        return [tuple(r) for r in conn.execute(stmt, params).all()]
    compiled = _AGENDA_SQL.get(key)
    if compiled is None:
        c = stmt.compile(dialect=conn.dialect)
        compiled = _AGENDA_SQL[key] = (str(c), tuple(c.positiontup or ()))
    sql, names = compiled
    driver = conn.connection.driver_connection
    assert driver is not None  # an open pooled connection always has one
    rows: list[tuple[Any, ...]] = driver.execute(sql, [params[n] for n in names]).fetchall()
    return rows


def _agenda_contacts(conn: Connection, key: str, **params: Any) -> list[Obj]:
    names = AGENDA_FIELDS["contact"]
    return [dict(zip(names, row, strict=True)) for row in _tuples(conn, key, **params)]


def _agenda_children(
    conn: Connection, type_: str, lookup: dict[str, Obj], **params: Any
) -> list[Obj]:
    """Rows of ``type_``; their parent contacts (fetched by the same join) land in
    ``lookup``."""
    names, cnames = AGENDA_FIELDS[type_], AGENDA_FIELDS["contact"]
    n = len(names)
    out: list[Obj] = []
    for row in _tuples(conn, type_, **params):
        out.append(dict(zip(names, row[:n], strict=True)))
        parent = str(row[n])
        if parent not in lookup:
            lookup[parent] = dict(zip(cnames, row[n:], strict=True))
    return out


def agenda(conn: Connection, owner: str, today: date, horizon_days: int) -> Agenda:
    """Indexed candidate queries (next_due, month-day columns, due_date), then the pure
    ``build_agenda`` decides: the SQL only has to return a superset."""
    due_limit = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    due = _agenda_contacts(conn, "due", owner=owner, limit=due_limit)
    ranges = _md_ranges(today, horizon_days)
    dated: dict[str, Obj] = {}
    for lo, hi in ranges:
        for key in ("birthday", "anniversary"):
            for c in _agenda_contacts(conn, key, owner=owner, lo=lo, hi=hi):
                dated.setdefault(str(c["id"]), c)
    lookup = {str(c["id"]): c for c in due} | dated
    events: list[Obj] = []
    for lo, hi in ranges:
        events += _agenda_children(conn, "life_event", lookup, owner=owner, lo=lo, hi=hi)
    rem_limit = (today + timedelta(days=horizon_days)).isoformat()
    reminders = _agenda_children(conn, "reminder", lookup, owner=owner, limit=rem_limit)
    # The same rows build_agenda would make from every object (tests/store check it), but
    # each part only sees its own candidates.
    return Agenda(
        today=today,
        horizon_days=horizon_days,
        stay_in_touch=stay_in_touch_rows(due, today, DUE_SOON_DAYS),
        events=event_rows(dated.values(), events, today, horizon_days, lookup),
        reminders=reminder_rows(reminders, today, horizon_days, lookup),
    )


_WIRE_SELECTS: dict[str, Select[Any]] = {
    name: select(*(TABLES[name].c[c] for c in cols)) for name, cols in WIRE_COLUMNS.items()
}
