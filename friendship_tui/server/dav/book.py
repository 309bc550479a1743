"""One user's address book as DAV sees it: contacts, their UIDs and hrefs, sync positions.

Read through the Store's synchronous API (the WSGI thread may block), always for one
owner. Nothing here adds a table or a column:

- a card's UID is the contact's ``vcard_uid`` custom field (as the vCard import keeps
  it), else a UID derived from the contact id (io/vcard_io.py);
- a card's href is the name the client chose when it created the card (``vcard_href``
  custom field, set only for cards a client created), else ``<contact id>.vcf``;
- a sync token is the audit log's sequence number: every committed write of every path
  (xapi2, the app, the CLI, DAV, imports, cascades) leaves a row there in the same
  transaction, so "what changed since token N" is "the rows after N".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ...io.vcard_io import UID_LABEL, derived_uid
from ...schema import ListQuery
from ...store.audit import audit_table
from ...store.base import Obj
from ...store.errors import NotFound, ValidationError
from ...store.local import Store
from ...store.tables import TABLES
from .context import guarded
from .extras import EXTRA_LABEL

HREF_LABEL = "vcard_href"
ALL_ROWS = {"is_archived": ["true", "false"]}
PAGE = 200  # the store's largest page


def iter_objects(
    store: Store, owner: str, type_: str, filters: dict[str, list[str]] | None = None
) -> Iterator[Obj]:
    """Every object of a type for one owner, in keyset pages (sync twin of ``iter_all``)."""
    after: str | None = None
    while True:
        q = ListQuery(filters=filters or {}, sort="created_at", limit=PAGE, after=after)
        with guarded():
            page = store.list(owner, type_, q)
        yield from page.items
        if len(page.items) < PAGE:
            return
        after = page.next_after or str(page.items[-1]["id"])


def default_href(contact_id: str) -> str:
    return f"{contact_id}.vcf"


@dataclass
class Entry:
    """A contact with the custom fields that tie it to its card."""

    contact: Obj
    uid: str
    href: str
    uid_field: Obj | None = None
    href_field: Obj | None = None
    extra_field: Obj | None = None  # the client's unmapped properties (extras.py)

    @property
    def extra(self) -> str:
        return str(self.extra_field["value"]) if self.extra_field else ""


@dataclass
class Book:
    entries: dict[str, Entry] = field(default_factory=dict)  # by href
    by_id: dict[str, Entry] = field(default_factory=dict)


def read_links(store: Store, owner: str) -> dict[str, dict[str, Obj]]:
    """The ``vcard_uid`` / ``vcard_href`` custom fields by contact id: four columns of a
    few rows, read straight from the table (a book of thousands stays cheap)."""
    t = TABLES["custom_field"]
    links: dict[str, dict[str, Obj]] = {}
    with guarded(), store.read() as conn:
        rows = conn.execute(
            select(t.c.id, t.c.parent_id, t.c.label, t.c.value)
            .where(t.c.owned_by == owner, t.c.label.in_([UID_LABEL, HREF_LABEL, EXTRA_LABEL]))
            .order_by(t.c.seq)
        ).all()
    for id_, parent, label, value in rows:
        if value:
            cf = {"id": id_, "parent_id": parent, "label": label, "value": value}
            links.setdefault(str(parent), {}).setdefault(str(label), cf)
    return links


def _entry(contact: Obj, mine: dict[str, Obj]) -> Entry:
    cid = str(contact["id"])
    uid_cf, href_cf = mine.get(UID_LABEL), mine.get(HREF_LABEL)
    return Entry(
        contact,
        str(uid_cf["value"]) if uid_cf else derived_uid(cid),
        str(href_cf["value"]) if href_cf else default_href(cid),
        uid_cf,
        href_cf,
        mine.get(EXTRA_LABEL),
    )


def read_book(store: Store, owner: str) -> Book:
    links = read_links(store, owner)
    book = Book()
    for contact in iter_objects(store, owner, "contact", ALL_ROWS):
        entry = _entry(contact, links.get(str(contact["id"]), {}))
        book.entries.setdefault(entry.href, entry)
        book.by_id[str(contact["id"])] = entry
    return book


def read_some(store: Store, owner: str, hrefs: Iterable[str]) -> Book:
    """Only the cards at these hrefs (a multiget of a few changed cards)."""
    links = read_links(store, owner)
    by_href = {str(m[HREF_LABEL]["value"]): cid for cid, m in links.items() if HREF_LABEL in m}
    book = Book()
    for href in hrefs:
        cid = by_href.get(href)
        if cid is None and href.endswith(".vcf"):
            cid = href[: -len(".vcf")]
            if HREF_LABEL in links.get(cid, {}):  # that contact lives at another href
                continue
        if cid is None:
            continue
        try:
            with guarded():
                contact = store.get(owner, "contact", cid)
        except (NotFound, ValidationError):
            continue
        entry = _entry(contact, links.get(cid, {}))
        book.entries[entry.href] = entry
        book.by_id[cid] = entry
    return book


# ------------------------------------------------------------------ sync positions


def position(store: Store, owner: str, types: Iterable[str]) -> int:
    """The newest audit row of these types for the owner (0 when there is none)."""
    with guarded(), store.read() as conn:
        value = conn.execute(
            select(func.max(audit_table.c.seq)).where(
                audit_table.c.owned_by == owner, audit_table.c.type.in_(list(types))
            )
        ).scalar()
    return int(value or 0)


@dataclass
class Changes:
    contact_ids: set[str] = field(default_factory=set)
    deleted_hrefs: dict[str, str] = field(default_factory=dict)  # contact id -> its href


def _old_value(changes: str | None, name: str) -> Any:
    try:
        pair = json.loads(changes or "{}").get(name)
    except ValueError:
        return None
    return pair[0] if isinstance(pair, list) and pair else None


def changes_since(store: Store, owner: str, seq: int) -> Changes:
    """The contacts whose card changed after audit row ``seq``; for deleted ones, the
    href they had (from the audit row of their deleted ``vcard_href`` field)."""
    t = audit_table.c
    out = Changes()
    with guarded(), store.read() as conn:
        rows = conn.execute(
            select(t.type, t.object_id, t.parent_id, t.action, t.changes)
            .where(t.owned_by == owner, t.seq > seq, t.type.in_(["contact", "custom_field"]))
            .order_by(t.seq)
        ).all()
    for type_, object_id, parent_id, action, changes in rows:
        if type_ == "contact":
            out.contact_ids.add(str(object_id))
            if action == "delete":
                out.deleted_hrefs.setdefault(str(object_id), default_href(str(object_id)))
        elif parent_id:
            out.contact_ids.add(str(parent_id))
            if action == "delete" and _old_value(changes, "label") == HREF_LABEL:
                old = _old_value(changes, "value")
                if old:
                    out.deleted_hrefs[str(parent_id)] = str(old)
    return out
