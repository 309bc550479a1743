"""The hot reads, answered right away or not at all: for a server's event loop.

A page of a list or one object usually takes a fraction of a millisecond, less than
handing it to a thread and back costs (waking the thread, the GIL changing hands
twice, waking the loop). So the server asks here first, on its loop: the read runs on
a plain ``sqlite3`` connection (``fast_reads``) with a budget of SQLite steps, and
gives up, having changed nothing, when it would wait for a lock, run past its budget
(a deep offset, a filter no index serves, a computed sort) or is not one ``fast_reads``
covers. A search never runs here (FTS5 can spend its time where SQLite cannot stop
it), and a kind of page that ran out of steps sends the next few of its kind straight
to a thread. ``None`` means exactly that: read the ordinary way (``Store.list`` /
``Store.get`` in a thread), which answers the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema import ListQuery
from . import fast_reads
from .base import Obj, Page
from .brief_reads import SlowKinds
from .sqlite_book import Deferred

if TYPE_CHECKING:
    from .local import Store

# SQLite steps a read may take on the loop before it goes to a thread instead: a page
# of 20 on an indexed sort takes ~1,000 (0.2-0.4 ms in all), one object ~50.
BUDGET = 20_000
SLOW = SlowKinds()  # kinds of page that ran out of steps lately go to a thread for a while


def _kind(type_: str, q: ListQuery) -> tuple[Any, ...]:
    """What decides a page's cost, roughly: its sort, which filters, the offset's
    order of magnitude."""
    filters = tuple(sorted(k for k, v in q.filters.items() if v))
    return (type_, q.sort, filters, q.offset.bit_length())


def list_now(
    store: Store, owner: str, type_: str, query: ListQuery | None, budget: int = BUDGET
) -> Page | None:
    """``store.list(owner, type_, query)`` if it can be read within ``budget``, else None."""
    book = store.book
    q = query or ListQuery()
    if book is None or q.q:  # a search can spend its time where SQLite cannot stop it
        return None
    kind = _kind(type_, q)
    if SLOW.skip(kind):
        return None
    today = store.clock().date()
    try:
        with book.read_briefly(budget, begin=False) as db:  # one statement (fast_reads)
            return fast_reads.list_page(db, owner, type_, q, today)
    except Deferred:
        SLOW.ran_slow(kind)
        return None


def get_now(store: Store, owner: str, type_: str, id_: str, budget: int = BUDGET) -> Obj | None:
    """``store.get(owner, type_, id_)`` if it can be read within ``budget``, else None
    (a missing object raises ``NotFound``, as ``store.get`` does)."""
    book = store.book
    if book is None:
        return None
    try:
        with book.read_briefly(budget, begin=False) as db:  # one statement
            return fast_reads.get(db, owner, type_, id_)
    except Deferred:
        return None
