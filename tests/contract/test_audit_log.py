"""Every backend's ``audit()`` tells a contact's story the same way (Backend API only)."""

from __future__ import annotations

from friendship_tui.store.audit import AuditQuery, backend_audit, contact_history, describe
from friendship_tui.store.base import Backend

from .backends import ContractEnv
from .helpers import contact


async def test_history_of_a_contact(backend: Backend) -> None:
    ann = await contact(backend, "Ann Audit", company="Acme")
    await backend.update("contact", ann["id"], {"company": "Initech", "city": "Oslo"})
    note = await backend.create("note", {"parent_id": ann["id"], "body": "Likes tea"})
    await backend.delete("note", note["id"])
    await backend.set_archived("contact", ann["id"], True)

    entries = await contact_history(backend, ann["id"])
    assert [describe(e) for e in entries] == [
        "archived the contact",
        "deleted note “Likes tea”",
        "created note “Likes tea”",
        "changed company from Acme to Initech; set city to Oslo",
        "created contact “Ann Audit”",
    ]
    update = entries[3]
    assert update["changes"] == {
        "company": {"old": "Acme", "new": "Initech"},
        "city": {"old": None, "new": "Oslo"},
    }
    assert all(e["object_id"] in (ann["id"], note["id"]) for e in entries)
    assert entries[0]["at"] >= entries[-1]["at"]

    only_notes = await backend_audit(backend, AuditQuery(type="note", contact_id=ann["id"]))
    assert [e["action"] for e in only_notes.items] == ["delete", "create"]


async def test_owners_see_only_their_own_log(env: ContractEnv) -> None:
    if env.other is None:
        return
    mine = await contact(env.backend, "Mine Only")
    theirs = await backend_audit(env.other, AuditQuery(contact_id=mine["id"]))
    assert theirs.items == [] and theirs.total == 0
    assert (await backend_audit(env.backend, AuditQuery(object_id=mine["id"]))).total == 1
