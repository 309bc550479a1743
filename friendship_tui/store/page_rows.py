"""A page's objects made while SQLite reads its rows: ``fast_reads``' page statement.

Python's ``sqlite3`` hands over a fetched row one value at a time, and lets go of the
GIL and takes SQLite's lock around each (``sqlite3_column_type`` and friends): a page
of 20 contacts is ~700 values, and on Python 3.11 that hand-over cost more than the
rest of the read (the index walk, the 20 row look-ups, the objects made). The values
a user-defined function receives come over with the GIL held, and no lock per value.

So a page statement is an aggregate over the page's rows:
``SELECT friendship_page_rows(c.id, ...), <total> FROM (SELECT seq ... ORDER BY ...
LIMIT ? OFFSET ?) AS p CROSS JOIN <table> AS c ON c.seq = p.seq``. The subquery
picks the page's rows in list order (from the sort's index alone when it covers it),
``CROSS JOIN`` keeps it the outer loop, so the aggregate's ``step`` is called once per
row of the page, in order, and makes its object right there; the one row fetched
carries the total, also for an empty page. SQLite cannot flatten a subquery with a
``LIMIT`` into an aggregate or a join, so no row outside the page reaches ``step``.

``step`` is written out per model and set of fixed columns (``columns.assignments``,
the same conversions as ``columns.row_builder``). SQLite makes the aggregate's state
by calling the function registered with it, which hands out the collector that
``collect`` set up for this thread just before the statement ran.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

from .base import Obj
from .columns import WIRE_COLUMNS, assignments, builder_scope

FUNCTION = "friendship_page_rows"
_HERE = threading.local()  # .rows: the collector of the statement this thread runs


class PageRows:
    """The objects of one page, made by ``step`` (per model: ``collector``). An error
    while making one is kept and raised after the statement (raised inside ``step``,
    sqlite3 would only say that the aggregate failed)."""

    __slots__ = ("error", "items", "template")

    def __init__(self, template: Obj) -> None:
        self.template = template
        self.items: list[Obj] = []
        self.error: Exception | None = None

    def finalize(self) -> None:
        return None


def _current() -> PageRows:
    """SQLite's aggregate state for the statement this thread is running."""
    rows: PageRows = _HERE.rows
    return rows


@cache  # a few per model (which columns are fixed), while plans are one per query shape
def collector(name: str, fixed: tuple[str, ...]) -> tuple[tuple[str, ...], type[PageRows]]:
    """The columns of model ``name`` a page reads (all but the ``fixed`` ones, which
    every row of the page holds alike: the template holds them) and the ``PageRows``
    class whose ``step`` takes those columns' values and makes the object."""
    read = tuple(c for c in WIRE_COLUMNS[name] if c not in fixed)
    values = [f"c{i}" for i in range(len(read))]
    scope = builder_scope(name, read)
    lines = [f"def step(self, {', '.join(values)}):", "  try:", "    obj = self.template.copy()"]
    lines += assignments(name, read, values)  # indented 4: inside the try
    lines += [
        "    self.items.append(obj)",
        "  except Exception as exc:",
        "    self.error = self.error or exc",
    ]
    exec("\n".join(lines), scope)  # our own column names from the schema, no input
    cls = type(f"{name}_page_rows", (PageRows,), {"__slots__": (), "step": scope["step"]})
    return read, cls


def select(name: str, read: Sequence[str], total: str, page: str) -> str:
    """The page statement: ``page`` (a SELECT of the page's ``seq``s in order, with its
    ``LIMIT`` and ``OFFSET``) fed to the aggregate, and the ``total`` expression."""
    cols = ", ".join(f"c.{col}" for col in read)
    return (
        f"SELECT {FUNCTION}({cols}), {total} FROM ({page}) AS p "
        f"CROSS JOIN {name} AS c ON c.seq = p.seq"
    )


def collect(db: sqlite3.Connection, sql: str, args: Sequence[Any], rows: PageRows) -> int:
    """Run page statement ``sql`` with ``rows`` collecting the objects; the total."""
    _HERE.rows = rows
    try:
        try:
            found = db.execute(sql, args).fetchone()
        except sqlite3.OperationalError as exc:
            if FUNCTION not in str(exc):
                raise
            # a connection not seen before: registered once for its lifetime
            # (registering expires its prepared statements, so never per read)
            # (typeshed knows aggregates of one fixed argument only)
            db.create_aggregate(FUNCTION, -1, _current)  # type: ignore[arg-type]
            rows.items.clear()
            found = db.execute(sql, args).fetchone()
    finally:
        _HERE.rows = None
    if rows.error is not None:
        raise rows.error
    return int(found[1])
