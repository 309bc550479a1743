"""SQLAlchemy tables derived from ``schema.MODELS``: nothing here is written per model.

Every table has an integer ``seq`` primary key (the stable rowid that the external
content FTS5 tables point at), the wire ``id`` (unique), the server-managed fields with
``owned_by`` on every row, one column per data field, and a few hidden derived columns
that make the agenda and stay-in-touch queries indexed (see ``DERIVED``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from ..domain.stay_in_touch import due_key
from ..schema import MODELS, FieldType, Model, parse_partial_date
from ..schema.dates import MONTH_DAYS
from .agenda_due import INDEX_COLUMNS, INDEX_NAME
from .columns import has_server_status, number_value
from .portable import nocase
from .text_search import SEARCH_DOC, search_doc, search_fields

ID_LENGTH = 64
_STRS = frozenset({str})
_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fullmatch: a date's stored form


class Number(TypeDecorator[float]):
    """A REAL that comes back as ``int`` when integral, so ``30`` round-trips as ``30``."""

    impl = Float
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return number_value(value)  # the one rule, shared with the fast read path


# json.dumps(..., ensure_ascii=False) builds a new encoder per call: one, made once
_TO_JSON = json.JSONEncoder(ensure_ascii=False).encode


def tags_json(value: Any) -> str:
    """``json.dumps(list(value), ensure_ascii=False)``, the same text: a list of str (the
    stored case) is its items quoted by the encoder's own C quoting, joined as it joins
    them; a bulk import writes one per contact."""
    tags = list(value)
    if _STRS.issuperset(map(type, tags)):
        return "[" + ", ".join(map(encode_basestring, tags)) + "]"
    return _TO_JSON(tags)


class TagList(TypeDecorator[list[str]]):
    """Tags as JSON text, unescaped so the FTS index sees the real (accented) words."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return tags_json(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return json.loads(value)


def _month_day(raw: Any) -> str | None:
    """``MM-DD`` of a partial date that recurs yearly; None otherwise (and for ``YYYY``).
    A date in its stored form (ASCII ``YYYY-MM-DD`` that is a real day: what validation
    leaves) is its own last five characters; a bulk import asks ~100k times."""
    if not raw:
        return None
    if type(raw) is str and raw in MONTH_DAYS:  # --MM-DD, a real day: its MM-DD
        return raw[2:]
    if type(raw) is str and len(raw) == 10 and raw.isascii() and _YMD.fullmatch(raw):
        try:
            date.fromisoformat(raw)
        except ValueError:
            pass  # not a real day: the parser decides
        else:
            return raw[5:]
    pd = parse_partial_date(str(raw))
    if pd is None or not pd.recurs:
        return None
    return f"{pd.month:02d}-{pd.day:02d}"


@dataclass(frozen=True, slots=True)
class Derived:
    """A hidden column computed from the (merged) object on every insert and update."""

    column: str
    depends_on: tuple[str, ...]
    compute: Callable[[Mapping[str, Any]], Any]
    on_sqlite: bool = True  # False: SQLite has a better way (FTS5) and leaves it NULL
    # the same as a function of the inputs' values (``depends_on`` order), for a bulk
    # import that computes a column at a time; None: ``compute`` of a dict of them
    of_values: Callable[..., Any] | None = None

    @classmethod
    def of(cls, column: str, depends_on: tuple[str, ...], fn: Callable[..., Any]) -> Derived:
        """A column that is ``fn`` of its inputs' values (an unset input is None)."""
        return cls(column, depends_on, partial(_apply, fn, depends_on), of_values=fn)

    def values_fn(self) -> Callable[..., Any]:
        """``of_values``, or ``compute`` of a dict of the values (it reads only its
        inputs: that is what ``depends_on`` says)."""
        if self.of_values is not None:
            return self.of_values
        return partial(_compute_values, self.compute, self.depends_on)


def _apply(fn: Callable[..., Any], keys: tuple[str, ...], o: Mapping[str, Any]) -> Any:
    return fn(*map(o.get, keys))


def _compute_values(
    compute: Callable[[Mapping[str, Any]], Any], keys: tuple[str, ...], *values: Any
) -> Any:
    return compute(dict(zip(keys, values, strict=True)))


def _recurring_month_day(occurred_at: Any, recurring: Any) -> str | None:
    return _month_day(occurred_at) if recurring else None


DERIVED: dict[str, tuple[Derived, ...]] = {
    "contact": (
        Derived.of("next_due", ("last_contacted_at", "stay_in_touch_frequency"), due_key),
        Derived.of("birthday_md", ("birthday",), _month_day),
        Derived.of("anniversary_md", ("anniversary",), _month_day),
    ),
    "life_event": (Derived.of("occurred_md", ("occurred_at", "recurring"), _recurring_month_day),),
}


for _model in MODELS.values():
    if search_fields(_model):
        DERIVED[_model.name] = (
            *DERIVED.get(_model.name, ()),
            Derived(
                SEARCH_DOC,
                search_fields(_model),
                partial(search_doc, _model),
                on_sqlite=False,
            ),
        )

# Hidden columns that are not derived from data: the relationship pair link.
MIRROR_COLUMN = "mirror_id"
HIDDEN_COLUMNS = frozenset(
    {"seq", MIRROR_COLUMN} | {d.column for ds in DERIVED.values() for d in ds}
)

TOMBSTONES = "tombstone"


def tag_table_name(model: Model, field_name: str) -> str:
    return f"{model.name}_{field_name}_index"


def _column_type(ftype: FieldType) -> Any:
    if ftype is FieldType.NUMBER:
        return Number()
    if ftype is FieldType.BOOL:
        return Boolean(create_constraint=False)
    if ftype is FieldType.TAGS:
        return TagList()
    return Text()


def _model_table(metadata: MetaData, model: Model) -> Table:
    cols: list[Any] = [
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("id", String(ID_LENGTH), nullable=False, unique=True),
        Column("owned_by", String(ID_LENGTH), nullable=False),
        Column("created_at", String(32), nullable=False),
        Column("updated_at", String(32), nullable=False),
    ]
    if has_server_status(model):
        cols.append(Column("status", String(16), nullable=False, server_default="active"))
    cols.append(
        Column("is_archived", Boolean(create_constraint=False), nullable=False, default=False)
    )
    for f in model.fields:
        if f.ref is not None:
            cols.append(Column(f.name, String(ID_LENGTH), ForeignKey(f"{f.ref}.id")))
        else:
            cols.append(Column(f.name, _column_type(f.type)))
    for d in DERIVED.get(model.name, ()):
        cols.append(Column(d.column, Text() if d.column == SEARCH_DOC else String(32)))
    if model.name == "relationship":
        cols.append(Column(MIRROR_COLUMN, String(ID_LENGTH)))
    table = Table(model.name, metadata, *cols)
    _add_indexes(table, model)
    return table


# Beyond the derived columns' indexes: the key and the checked columns of an agenda
# count (store/agenda_sql.py) that no other index holds, so it never reads a row; then
# the columns of a tie day's sort keys (``agenda_order.DAY_COLS``: the parent and id).
AGENDA_COVERING: dict[str, tuple[str, ...]] = {
    "reminder": ("due_date", "completed", "parent_id", "id")
}
# A month-day index's tie columns after its sources (migration 0010): the first day of
# an agenda window holds hundreds of birthdays at 100k, all of whose sort keys the
# first rows need (``agenda_order.DAY_COLS``), read from the index alone, not row by row.
AGENDA_TIES: dict[str, tuple[str, ...]] = {
    "birthday_md": ("name", "id"),
    "anniversary_md": ("name", "id"),
    "occurred_md": ("parent_id", "title", "kind", "id"),
}
# A child's tie rows need their contact's name: looked up by id from this index alone.
AGENDA_NAMES: dict[str, tuple[str, ...]] = {"contact": ("id", "is_archived", "name")}
# The stay-in-touch count's index (store/agenda_due.py): one expression, per dialect.
AGENDA_EXPRESSION: dict[str, tuple[str, tuple[str | Mapping[str, str], ...]]] = {
    "contact": (INDEX_NAME, INDEX_COLUMNS)
}


def _add_indexes(table: Table, model: Model) -> None:
    """owned_by first in every index: each query is scoped to one owner."""
    name = model.name
    owner = table.c.owned_by
    seen: set[str] = set()

    def add(label: str, *cols: Any) -> None:
        if label in seen:
            return
        seen.add(label)
        Index(f"ix_{name}_{label}", owner, *cols)

    for key in model.filter_keys:
        if key in ("owned_by", "is_archived") or key not in table.c:
            continue
        if model.has_field(key) and model.field(key).type is FieldType.TAGS:
            continue  # served by the tag side table
        add(f"f_{key}", table.c[key], table.c.is_archived)
    for key in model.sort_keys:
        col = table.c[key]
        if key == "created_at":  # ties broken by id: the (created_at, id) keyset order
            add(f"s_{key}", table.c.is_archived, col, table.c.id)
        elif (
            model.has_field(key)
            and model.field(key).type is FieldType.STRING
            and not (model.field(key).date)
        ):
            add(f"s_{key}", table.c.is_archived, nocase(col), table.c.seq)
        else:
            add(f"s_{key}", table.c.is_archived, col, table.c.seq)
    # keyset paging and updated_since (incremental sync)
    add("keyset", table.c.created_at, table.c.id)
    add("updated", table.c.updated_at)
    for d in DERIVED.get(name, ()):
        if d.on_sqlite:  # the search document is scanned with LIKE, never seeked
            # the columns it is derived from ride along: the agenda's counts check them
            # (the year of a birthday, a life event's recurring) from the index alone
            sources = (table.c[c] for c in (*d.depends_on, *AGENDA_TIES.get(d.column, ())))
            add(f"d_{d.column}", table.c.is_archived, table.c[d.column], *sources)
    if name in AGENDA_COVERING:
        add("agenda", table.c.is_archived, *(table.c[c] for c in AGENDA_COVERING[name]))
    if name in AGENDA_NAMES:
        add("agenda_name", *(table.c[c] for c in AGENDA_NAMES[name]))
    if name in AGENDA_EXPRESSION:
        label, columns = AGENDA_EXPRESSION[name]
        parts = [table.c[c] if isinstance(c, str) else _expression(c) for c in columns]
        Index(f"ix_{name}_{label}", owner, *parts)
    for f in model.ref_fields:
        # cascades look children up by parent without the owner
        Index(f"ix_{name}_ref_{f.name}", table.c[f.name])
    if name == "relationship":
        Index(f"ix_{name}_mirror", table.c[MIRROR_COLUMN])


class _DialectText(ColumnElement[Any]):
    """An index expression whose SQL differs by dialect (SQLite's GLOB, PostgreSQL's ~)."""

    inherit_cache = True

    def __init__(self, per_dialect: Mapping[str, str]) -> None:
        self.per_dialect = dict(per_dialect)


@compiles(_DialectText)
def _dialect_text(element: _DialectText, compiler: Any, **kw: Any) -> str:
    return element.per_dialect[compiler.dialect.name]


def _expression(per_dialect: Mapping[str, str]) -> Any:
    return _DialectText(per_dialect)


def _tag_table(metadata: MetaData, model: Model, field_name: str) -> Table:
    """One row per (object, tag), kept by triggers: the any-of tag filter is indexed."""
    tname = tag_table_name(model, field_name)
    return Table(
        tname,
        metadata,
        Column("obj_seq", Integer, nullable=False),
        Column("owned_by", String(ID_LENGTH), nullable=False),
        Column("tag", Text, nullable=False),
        Index(f"ix_{tname}_tag", "owned_by", "tag", "obj_seq"),
        Index(f"ix_{tname}_obj", "obj_seq"),
    )


def build_metadata() -> tuple[MetaData, dict[str, Table], dict[str, Table]]:
    """The metadata, the table of each model, and the tag side tables by ``model.field``."""
    metadata = MetaData()
    tables: dict[str, Table] = {}
    tag_tables: dict[str, Table] = {}
    for model in MODELS.values():
        tables[model.name] = _model_table(metadata, model)
        for f in model.fields:
            if f.type is FieldType.TAGS:
                tag_tables[f"{model.name}.{f.name}"] = _tag_table(metadata, model, f.name)
    Table(
        TOMBSTONES,
        metadata,
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("type", String(32), nullable=False),
        Column("id", String(ID_LENGTH), nullable=False),
        Column("owned_by", String(ID_LENGTH), nullable=False),
        Column("parent_id", String(ID_LENGTH)),
        Column("created_at", String(32)),
        Column("deleted_at", String(32), nullable=False),
        Index("ix_tombstone_since", "owned_by", "type", "deleted_at"),
        Index("ix_tombstone_id", "id"),
    )
    return metadata, tables, tag_tables


METADATA, TABLES, TAG_TABLES = build_metadata()
# Deletion tombstones (incremental sync): the one name every module uses for the table.
TOMBSTONE_TABLE: Table = METADATA.tables[TOMBSTONES]
