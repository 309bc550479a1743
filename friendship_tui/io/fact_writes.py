"""Writing a contact's reserved facts (``domain.reserved_edits``) on any backend: read
the contact's custom fields, plan the writes, send them, and say per field what failed.

Used by the contact form and ``contact create/update``, right after the contact itself
is saved. A failure of one fact does not stop the others, and planning again after a
failure writes only what is still missing, so the form can simply be saved again.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.reserved_edits import FactChange, plan_writes
from ..schema import ListQuery
from ..store.base import Backend, iter_all
from ..store.errors import BackendError, Unauthorized, Unavailable


async def save_facts(
    backend: Backend, contact_id: str, changes: Sequence[FactChange]
) -> dict[str, str]:
    """Apply ``changes`` to ``contact_id``'s reserved custom fields; returns what failed,
    per field name ({} when all landed). Losing the server stops the rest, each of
    them named as not saved: the caller has saved the contact and must know."""
    if not changes:
        return {}
    query = ListQuery(filters={"parent_id": [contact_id]})
    rows = [cf async for cf in iter_all(backend, "custom_field", query)]
    failed: dict[str, str] = {}
    lost: BackendError | None = None
    for w in plan_writes(contact_id, rows, changes):
        if lost is not None:
            failed.setdefault(w.name, f"was not saved: {lost}")
            continue
        try:
            if w.op == "create":
                await backend.create("custom_field", dict(w.data or {}))
            elif w.op == "update":
                await backend.update("custom_field", str(w.id), dict(w.data or {}))
            else:
                await backend.delete("custom_field", str(w.id))
        except (Unavailable, Unauthorized) as exc:
            lost = exc
            failed[w.name] = f"was not saved: {exc}"
        except BackendError as exc:
            fields = getattr(exc, "fields", None)
            detail = "; ".join(f"{k} {v}" for k, v in fields.items()) if fields else str(exc)
            failed[w.name] = f"was not saved: {detail}"
    return failed
