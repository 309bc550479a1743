"""Cards in and out: the io/ vCard mapping, and a client's PUT or DELETE as store writes.

A card a client writes is read with the import's reader (io/vcard_read.py) and becomes
one write transaction through the store (hooks, audit, live events, as any xapi2 write).
The fields a vCard carries are replaced by what the card says (a property the client
removed clears its field); every other field of the contact (stay-in-touch, how we met,
food preferences, colour...) is left as it was, so a phone editing a card never loses
what a card cannot hold. A card the reader would have to cut or drop a value from is
refused with the reason rather than stored with less.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from ...io.vcard_io import UID_LABEL, contact_vcard, derived_uid
from ...io.vcard_read import MappedCard, read_vcards
from ...store import writes
from ...store.base import Obj
from ...store.errors import BackendError, NotFound, PermissionDenied, ValidationError
from ...store.local import Store
from ..accounts import Principal
from .book import HREF_LABEL, Entry, default_href
from .context import UNAVAILABLE, refuse
from .extras import EXTRA_LABEL, extra_lines, with_extras

# The contact fields contact_vcard() writes and read_vcards() reads back.
CARD_FIELDS = (
    "name", "nickname", "email", "secondary_email", "phone", "secondary_phone", "company",
    "job_title", "address_line", "city", "country", "birthday", "anniversary", "website",
    "linkedin", "twitter", "notes", "tags", "favorite", "gender", "pronouns",
)  # fmt: skip
EMPTY: dict[str, Any] = {"tags": [], "favorite": False}


def card_text(entry: Entry, version: str) -> str:
    return with_extras(contact_vcard(entry.contact, entry.uid, version), entry.extra)


def read_card(text: str) -> MappedCard:
    """The one card of a PUT body, or a refusal naming what is wrong with it."""
    items = list(read_vcards(text))
    if len(items) != 1:
        raise refuse(400, f"a PUT holds exactly one vCard (this one holds {len(items)})")
    item = items[0]
    if isinstance(item, tuple):
        raise refuse(403, f"card not accepted: {item[2]}")
    if item.dropped_fields:
        reasons = "; ".join(f"{k} {v}" for k, v in item.dropped_fields.items())
        raise refuse(403, f"card not accepted: {reasons}")
    if item.problems:  # a value the reader would cut or could not read: say so, keep nothing
        raise refuse(403, "card not accepted: " + "; ".join(item.problems))
    return item


def card_patch(card: MappedCard, current: Obj | None) -> dict[str, Any]:
    """The vCard fields as the card says them; only those that differ from ``current``."""
    new = {f: card.fields.get(f, EMPTY.get(f)) for f in CARD_FIELDS}
    if current is None:
        return {k: v for k, v in new.items() if v not in (None, [], False)}
    return {k: v for k, v in new.items() if _differs(current.get(k), v)}


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, list) or isinstance(new, list):
        return list(old or []) != list(new or [])
    return (old or None) != (new or None)


def _need(principal: Principal, action: str) -> None:
    if not principal.allows("contact", action):
        raise refuse(403, f"the token lacks the scope contact:{action}")


def put_card(
    store: Store, principal: Principal, href: str, text: str, existing: Entry | None
) -> str:
    """Create or update the contact behind ``href``; returns the contact id."""
    card = read_card(text)
    owner = principal.user
    try:
        return _write_card(store, principal, owner, href, card, extra_lines(text), existing)
    except OperationalError:
        raise refuse(503, UNAVAILABLE) from None


def _write_card(
    store: Store,
    principal: Principal,
    owner: str,
    href: str,
    card: MappedCard,
    extra: str,
    existing: Entry | None,
) -> str:
    try:
        if existing is not None:
            _need(principal, "update")
            cid = str(existing.contact["id"])
            patch = card_patch(card, existing.contact)
            with store.write(owner) as tx:
                if patch:
                    writes.update(tx, "contact", cid, patch)
                if card.uid and card.uid != existing.uid:
                    _link(tx, cid, UID_LABEL, card.uid, existing.uid_field)
                if extra != existing.extra:
                    _keep_extra(tx, cid, extra, existing.extra_field)
            return cid
        _need(principal, "create")
        with store.write(owner) as tx:
            created = writes.create(tx, "contact", card_patch(card, None))
            cid = str(created["id"])
            if card.uid and card.uid != derived_uid(cid):
                _link(tx, cid, UID_LABEL, card.uid, None)
            if href != default_href(cid):
                _link(tx, cid, HREF_LABEL, href, None)
            if extra:
                _link(tx, cid, EXTRA_LABEL, extra, None)
        return cid
    except ValidationError as exc:
        raise refuse(403, f"card not accepted: {exc}") from None
    except (NotFound, PermissionDenied) as exc:
        raise refuse(exc.http_status, str(exc)) from None
    except BackendError as exc:
        raise refuse(exc.http_status, str(exc)) from None


def _link(tx: writes.Tx, cid: str, label: str, value: str, current: Obj | None) -> None:
    if current is not None:
        writes.update(tx, "custom_field", str(current["id"]), {"value": value})
        return
    data = {"parent_id": cid, "label": label, "value": value, "kind": "text"}
    writes.create(tx, "custom_field", data)


def _keep_extra(tx: writes.Tx, cid: str, extra: str, current: Obj | None) -> None:
    if extra:
        _link(tx, cid, EXTRA_LABEL, extra, current)
    elif current is not None:  # the client removed them: so do we
        writes.delete(tx, "custom_field", str(current["id"]))


def delete_card(store: Store, principal: Principal, entry: Entry) -> None:
    _need(principal, "delete")
    try:
        store.delete(principal.user, "contact", str(entry.contact["id"]))
    except BackendError as exc:
        raise refuse(exc.http_status, str(exc)) from None
    except OperationalError:
        raise refuse(503, UNAVAILABLE) from None
