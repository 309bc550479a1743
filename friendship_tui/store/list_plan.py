"""What a list query asks for, decided once for both ways of reading it.

``reads.py`` (SQLAlchemy, any database) and ``fast_reads.py`` (plain ``sqlite3``) each
spell a list as SQL of their own. What that SQL must say is decided here, from the
schema, so the two cannot drift apart: how each filter tests its column (a boolean, a
tag, a list of values), when archived rows are left out, when the total comes from
the counts the triggers keep, how a sort key orders (by next occurrence, as time,
case-blind, as stored) and what breaks its ties, the page size, and the keyset cursor
a page hands on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from ..schema import DateKind, FieldType, ListQuery, Model, parse_bool_text


class FilterKind(Enum):
    BOOL = "bool"  # true / false-or-unset
    TAGS = "tags"  # any of the tags (a tag table)
    VALUES = "values"  # the column IN the values


class SortKind(Enum):
    OCCURRENCE = "occurrence"  # a partial date by its next occurrence from today
    TIME = "time"  # a timestamp with offsets, as time
    TEXT = "text"  # case-blind text
    STORED = "stored"  # as stored


def filter_kind(model: Model, key: str) -> FilterKind:
    if key == "is_archived":
        return FilterKind.BOOL
    if model.has_field(key):
        kind = model.field(key).type
        if kind is FieldType.BOOL:
            return FilterKind.BOOL
        if kind is FieldType.TAGS:
            return FilterKind.TAGS
    return FilterKind.VALUES


def wanted_flag(values: Iterable[str]) -> bool | None:
    """A boolean filter's test: True (only true), False (false or unset), None (both
    asked for: no test at all)."""
    wanted = {parse_bool_text(v) for v in values}
    if wanted == {True}:
        return True
    if wanted == {False}:
        return False
    return None


# Boolean columns no row leaves unset (NOT NULL since revision 0001). Their "false" is
# one stored value, so the test stays an equality: ``is_archived = 0 OR is_archived IS
# NULL`` keeps SQLite and PostgreSQL off the ``(owner, archived, sort key)`` indexes,
# and a list asked for ``is_archived=false`` sorted every row of the owner per page.
NEVER_UNSET = frozenset({"is_archived"})


def false_takes_unset(key: str) -> bool:
    """Whether a boolean filter's "false" must also match an unset (NULL) value."""
    return key not in NEVER_UNSET


def hides_archived(q: ListQuery) -> bool:
    """Archived rows are left out unless the query asks about them (or for changes)."""
    return "is_archived" not in q.filters and q.updated_since is None


def plain_list(q: ListQuery, owner: str) -> set[bool] | None:
    """The archived flags a list without real filters wants (its total is then the
    triggers' count); None when it has real filters; empty when it can hold nothing.
    A search or ``updated_since`` are the caller's to rule out."""
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


def sort_kind(model: Model, key: str) -> SortKind:
    f = model.field(key) if model.has_field(key) else None
    if f is None:
        return SortKind.STORED
    if f.date is DateKind.PARTIAL and key == "birthday":
        return SortKind.OCCURRENCE
    if f.date is DateKind.TIMESTAMP:
        return SortKind.TIME
    if f.type is FieldType.STRING and f.date is None:
        return SortKind.TEXT
    return SortKind.STORED


def tie_breaker(key: str) -> str:
    """The column that orders equal sort keys: ``id`` for the keyset order of
    ``created_at`` (the cursor is an id), else the insertion order."""
    return "id" if key == "created_at" else "seq"


def paging(model: Model, q: ListQuery) -> tuple[int, str, bool]:
    """(page size, sort key, descending). A keyset cursor without a sort pages by
    ``created_at``."""
    limit = q.limit or model.default_page_size
    sort = q.sort or ("created_at" if q.after else model.default_sort)
    return limit, sort.lstrip("-"), sort.startswith("-")


def next_after(items: Sequence[dict[str, Any]], limit: int, key: str) -> str | None:
    """The cursor for the next page: the last id of a full page in ``created_at`` order."""
    if items and len(items) == limit and key == "created_at":
        return str(items[-1]["id"])
    return None
