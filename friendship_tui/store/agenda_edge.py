"""The key of a child panel's ``need``-th row (life events, reminders) on SQLite from
its covering index alone, without the join to the contact that the scan has (a lookup
per row, about a millisecond for fifty rows at 100k).

The join leaves out the rows of archived contacts; those are few, and read from the
archived contacts (``CHILD_COUNTS["archived_parent"]``), so the first ``need`` keys
plus as many as those rows, with their keys taken out, hold the edge exactly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .agenda_queries import CHILD_COUNTS, CHILD_WINDOW, ID_CHUNK, ORDER_COL

Row = tuple[Any, ...]
MAX_GONE = ID_CHUNK  # more rows of archived contacts than this: the join's own edge


@lru_cache(maxsize=256)  # constant text per (scan, clause): built once per process
def edge_sql(key: str, extra: str) -> tuple[str, str, str] | None:
    """(keys of the archived contacts' rows, the first ``:n`` keys of all rows, and
    the first key and the ``:skip``-th after it as one row: the edge when no row is
    gone) for scan ``key`` with ``extra``; None when the edge needs the join (not a
    child panel, or ``extra`` names the contact)."""
    if key not in CHILD_WINDOW or "c.id" in extra:
        return None
    alias, window = CHILD_WINDOW[key]
    col = ORDER_COL[key]
    texts = [
        CHILD_COUNTS[part].format(table=key, a=alias, window=window, EXTRA=extra)
        for part in ("archived_parent", "all")
    ]
    gone, keys = (t.replace("count(*)", col, 1) for t in texts)
    keys = f"{keys} ORDER BY {col}"
    first_and_nth = f"SELECT ({keys} LIMIT 1), ({keys} LIMIT 1 OFFSET :skip)"
    return f"{gone} LIMIT {MAX_GONE + 1}", f"{keys} LIMIT :n", first_and_nth


def edge_of_keys(keys: list[Row], gone: list[Row], need: int) -> Any:
    """The ``need``-th key once the rows ``gone`` are taken out, None when fewer are
    left. ``keys``: the first ``need + len(gone)`` keys of every row, in SQL's order
    (all of them when fewer); ``gone``: the keys of some of those rows, anywhere in
    the window. Equality only (no Python order): every row keyed before the last one
    read is in ``keys``, so a gone key not among them comes after; and at the last key
    at least ``need`` rows are left whenever ``keys`` was cut."""
    out: dict[Any, int] = {}
    for (k,) in gone:
        out[k] = out.get(k, 0) + 1
    left = 0
    i = 0
    while i < len(keys):
        k = keys[i][0]
        j = i
        while j < len(keys) and keys[j][0] == k:
            j += 1
        left += (j - i) - out.get(k, 0)
        if left >= need:
            return k
        i = j
    if len(keys) == need + len(gone) and keys:
        return keys[-1][0]
    return None
