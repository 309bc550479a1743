"""List reads an event loop may run itself, within a budget of SQLite steps, or not at all.

Handing a read to a thread and back costs more than the read when the read is short:
the thread is woken, the GIL changes hands (the loop is usually drawing a frame at the
same moment, so the read waits for it), the loop is woken again and the answer is one
more message away. A person typing into the contact list's filter at 100k contacts
waits through all of that on every keystroke for a query of a few milliseconds.

``read_briefly`` runs a caller's reads (``lister(type_, query)`` answers as
``Store.list`` does, through ``fast_reads`` on a plain ``sqlite3`` connection) in one
read transaction that gives up, having changed nothing, when it would wait for another
program's lock or run past ``steps`` of SQLite's virtual machine (``SqliteBook.
read_briefly``), or when a read is not one ``fast_reads`` spells. ``None`` then means:
read the ordinary way, in a thread (``Store.list``), which answers the same rows.
Unlike ``quick_reads`` (a server's loop) this serves searches too: their steps are
counted like any other, and the caller bounds what SQLite cannot count (FTS5 merging a
prefix's doclists happens inside one step) by the CPU time it measures.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from ..schema import ListQuery
from . import fast_reads
from .base import Page
from .sqlite_book import Deferred

if TYPE_CHECKING:
    from .local import Store

T = TypeVar("T")
Lister = Callable[[str, ListQuery], Page]


class SlowKinds:
    """Kinds of read that lately ran past their budget: the next ``skips`` of a kind go
    straight to a thread, then it is tried again, because one hiccup on a loaded
    machine must not send a kind away for good. Shared by the server's loop
    (``quick_reads``) and the app's (the contact list's filter)."""

    def __init__(self, skips: int = 8, remembered: int = 1024) -> None:
        self.skips = skips
        self.remembered = remembered
        self._left: dict[Hashable, int] = {}

    def skip(self, kind: Hashable) -> bool:
        """Whether to send this read to a thread without trying it here."""
        left = self._left.get(kind)
        if not left:
            return False
        self._left[kind] = left - 1
        return True

    def ran_slow(self, kind: Hashable) -> None:
        if len(self._left) >= self.remembered:
            self._left.clear()
        self._left[kind] = self.skips

    def clear(self) -> None:
        self._left.clear()


class _NotCovered(Exception):
    """A read ``fast_reads`` does not spell: the ordinary path answers it."""


def read_briefly(store: Store, owner: str, steps: int, reads: Callable[[Lister], T]) -> T | None:
    """``reads(lister)`` in one brief read transaction, or None (nothing was read)."""
    book = store.book
    if book is None:  # PostgreSQL, or a store made from an engine
        return None
    today = store.clock().date()
    try:
        with book.read_briefly(steps) as db:

            def lister(type_: str, query: ListQuery) -> Page:
                page = fast_reads.list_page(db, owner, type_, query, today)
                if page is None:
                    raise _NotCovered
                return page

            return reads(lister)
    except (Deferred, _NotCovered):
        return None
