"""One read of the contact list: a page of contacts and the snoozes of its due people.

The list's "● due" marker needs the snoozes of the page's overdue contacts. Read through
the backend that is two awaits, two trips to a worker thread and back to the event loop
per filter keystroke, the second one queued behind whatever the loop is drawing (the
keystroke's own echo). On a book on this machine both reads run in one thread trip;
elsewhere (a server, a sync profile's queued copy) through the documented list API.

A short read is cheaper still on the event loop itself (``read_contacts_now``): no
thread, no message, the rows land in the keystroke's own frame. It has a budget of
SQLite steps (``store/brief_reads.py``) and gives way to the thread when it would run
past it, wait for a lock, or ran slow lately.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date

from ...domain.snooze import SNOOZE_KIND, snooze_by_contact
from ...schema import ListQuery
from ...store.base import Backend, LocalBook, Obj, Page, iter_all
from ...store.brief_reads import SlowKinds, read_briefly
from ...store.errors import BookLocked
from ..display import overdue_days

SNOOZE_IDS_PER_READ = 50  # contact ids per custom-field list read (a short query string)
FIELDS_PER_READ = 200
# SQLite steps a read may take on the event loop: at 100k contacts a screenful of "m"
# (48k matches) takes ~115k, "mar" ~35k, "o" and "e" (every contact) 200k-300k, ~4 ms
# of CPU. A read sent to the thread reaches the screen only with a later frame: "o"
# took 33 ms from key to results in a real terminal with 150k steps (it went to the
# thread), 11 ms with this budget. A read slow anyway (``NOW_SLOW``) still sends its
# kind to the thread.
NOW_STEPS = 400_000
# CPU seconds past which an inline read counts as slow (FTS5 merges a prefix's doclists
# inside one step, which the budget does not see).
NOW_SLOW = 0.012
# After a kind of read ran out of steps or was slow, this many of its kind go straight
# to the thread (then it is tried again: one hiccup must not send it away for good).
SLOW = SlowKinds(skips=8, remembered=256)

Lister = Callable[[str, ListQuery], Page]


def due_ids(items: list[Obj], today: date) -> list[str]:
    """The ids of the contacts overdue for stay-in-touch: the only ones whose snooze
    changes what the list shows."""
    return [str(c["id"]) for c in items if overdue_days(c, today) is not None]


def _snooze_queries(contact_ids: list[str]) -> list[ListQuery]:
    return [
        ListQuery(filters={"kind": [SNOOZE_KIND], "parent_id": ids})
        for ids in (
            contact_ids[start : start + SNOOZE_IDS_PER_READ]
            for start in range(0, len(contact_ids), SNOOZE_IDS_PER_READ)
        )
    ]


async def snoozes_of(backend: Backend, contact_ids: list[str]) -> dict[str, date]:
    """{contact id: back-on date} of these contacts' snoozes, read through the documented
    list API (custom fields by ``kind`` and ``parent_id``), so every backend answers."""
    fields: list[Obj] = []
    for query in _snooze_queries(contact_ids):
        fields += [f async for f in iter_all(backend, "custom_field", query)]
    return snooze_by_contact(fields)


def _read_with(list_: Lister, query: ListQuery, today: date) -> tuple[Page, dict[str, date]]:
    """Both reads through ``list_`` (one path for the thread and the loop: same rows)."""
    page = list_("contact", query)
    fields: list[Obj] = []
    for base in _snooze_queries(due_ids(page.items, today)):
        offset = 0
        while True:
            part = list_(
                "custom_field",
                ListQuery(
                    filters=base.filters, sort="created_at", limit=FIELDS_PER_READ, offset=offset
                ),
            )
            fields += part.items
            if len(part.items) < FIELDS_PER_READ:
                break
            offset += FIELDS_PER_READ
    return page, snooze_by_contact(fields)


def _read_local(book: LocalBook, query: ListQuery, today: date) -> tuple[Page, dict[str, date]]:
    """Both reads on the store, in the calling (worker) thread."""
    return _read_with(
        lambda type_, q: book.store.list(book.owner, type_, q),
        query,
        today,
    )


def _kind(query: ListQuery) -> tuple[object, ...]:
    """What decides a read's cost, roughly: the sort, the filters, how many search words
    and the shortest one's length (one letter matches half the book)."""
    words = (query.q or "").split()
    shortest = min((len(w) for w in words), default=0)
    return (query.sort, tuple(sorted(query.filters)), len(words), min(shortest, 3))


def read_contacts_now(
    backend: Backend, query: ListQuery, today: date, steps: int | None = None
) -> tuple[Page, dict[str, date]] | None:
    """``read_contacts`` on the calling thread (the event loop) if the book is on this
    machine and the reads fit in ``steps`` (``NOW_STEPS``); None: nothing read, use
    ``read_contacts``."""
    steps = NOW_STEPS if steps is None else steps
    book = backend.local_book()
    if book is None or book.queued:
        return None
    kind = _kind(query)
    if SLOW.skip(kind):
        return None
    started = time.thread_time()
    read = read_briefly(
        book.store, book.owner, steps, lambda list_: _read_with(list_, query, today)
    )
    if read is None or time.thread_time() - started > NOW_SLOW:
        SLOW.ran_slow(kind)
    return read


WARM_STEPS = 1 << 40  # warming up runs in a thread: no budget to speak of


def warm_now(backend: Backend, query: ListQuery, today: date) -> None:
    """Open and warm the connection ``read_contacts_now`` reads on (in a worker thread,
    as the filter box gets focus): the book's schema parsed, the search index opened and
    the filter's statements prepared, which cost the first keystroke ~10 ms of CPU."""
    book = backend.local_book()
    if book is not None and not book.queued:
        read_briefly(
            book.store,
            book.owner,
            WARM_STEPS,
            lambda list_: _read_with(list_, query, today),
        )


async def read_contacts(
    backend: Backend, query: ListQuery, today: date
) -> tuple[Page, dict[str, date]]:
    """The contacts of ``query`` and {contact id: back-on date} of its due people."""
    book = backend.local_book()
    if book is not None and not book.queued:
        try:
            return await asyncio.to_thread(_read_local, book, query, today)
        except BookLocked:
            pass  # the backend's own reads wait for the lock (and say so: app on_busy)
    page = await backend.list("contact", query)
    return page, await snoozes_of(backend, due_ids(page.items, today))
