"""Re-importing relationships and journal entries edited in Monica: the importer against
the Monica stand-in (real HTTP on 127.0.0.1), into a local book, the real server, a sync
profile, and two sync copies of a server with only the documented API. A relationship
whose type changed in Monica is updated with its mirror; an edited journal entry is
updated; nothing is added and the journal entry shows nothing of Monica's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from friendship_tui.io.monica.client import fetch_dump
from friendship_tui.io.monica.importer import import_monica
from friendship_tui.remote import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend, iter_all
from friendship_tui.store.local import LocalBackend, Store
from friendship_tui.sync.backend import SyncBackend

from .doc_only import documented_only_server
from .standin import TOKEN, Standin, monica_standin

ALL = ListQuery(filters={"is_archived": ["true", "false"]})
Rel = tuple[str, str, str, str | None]


async def _all(b: Backend, type_: str) -> list[dict[str, Any]]:
    return [o async for o in iter_all(b, type_, ALL)]


def _edit_in_monica(standin: Standin) -> None:
    """Ann's son Oscar becomes her nephew (embedded in the contact), Filler0 turns from
    colleague into her boss (the relationships list), and the journal entry is
    rewritten."""
    ann = standin.book["contacts"][0]
    [son] = ann["information"]["relationships"]["family"]["contacts"]
    son["relationship"]["name"] = "nephew"
    [colleague] = standin.book["per_contact"][1]["relationships"]
    colleague["relationship_type"]["name"] = "boss"
    [entry] = standin.book["account"]["journal"]
    entry["title"], entry["post"] = "A great week", "Saw Ann and Oscar."


async def _links(b: Backend) -> tuple[set[Rel], list[dict[str, Any]]]:
    """Relationships as (from, to, kind, label) by first name, and the journal."""
    names = {str(c["id"]): str(c["name"]).split()[0] for c in await _all(b, "contact")}
    rels = await _all(b, "relationship")
    shown = {(names[r["parent_id"]], names[r["target_id"]], r["kind"], r.get("label"))
             for r in rels}  # fmt: skip
    assert len(shown) == len(rels)  # no two alike
    return shown, await _all(b, "journal_entry")


BEFORE = {
    ("Ann", "Oscar", "child", None), ("Oscar", "Ann", "parent", None),
    ("Ann", "Makayla", "friend", None), ("Makayla", "Ann", "friend", None),
    ("Ann", "Filler0", "colleague", None), ("Filler0", "Ann", "colleague", None),
}  # fmt: skip
AFTER = {
    ("Ann", "Oscar", "relative", "nephew"), ("Oscar", "Ann", "relative", "nephew"),
    ("Ann", "Makayla", "friend", None), ("Makayla", "Ann", "friend", None),
    ("Ann", "Filler0", "manager", None), ("Filler0", "Ann", "report", None),
}  # fmt: skip


def _check_journal(journal: list[dict[str, Any]], title: str, body: str) -> None:
    [entry] = journal
    assert (entry["title"], entry["body"], entry["entry_date"]) == (title, body, "2026-02-02")
    assert not entry.get("tags") and not entry.get("mood")  # nothing of Monica's shows
    assert "41" not in f"{entry['title']} {entry['body']}"


async def _edit_relationships_and_journal(b: Backend) -> None:
    with monica_standin() as standin:
        first = await import_monica(b, await fetch_dump(standin.url, TOKEN))
        assert first.failed == 0, first.failures
        rels, journal = await _links(b)
        assert rels == BEFORE
        _check_journal(journal, "A good week", "Saw Ann.")
        ids = {o["id"] for o in await _all(b, "relationship")} | {journal[0]["id"]}
        _edit_in_monica(standin)
        report = await import_monica(b, await fetch_dump(standin.url, TOKEN))
        # two relationships and the journal entry updated (mirrors follow, uncounted)
        assert (report.created, report.updated, report.failed) == (0, 3, 0), report.to_json()
        rels, journal = await _links(b)
        assert rels == AFTER
        _check_journal(journal, "A great week", "Saw Ann and Oscar.")
        assert {o["id"] for o in await _all(b, "relationship")} | {journal[0]["id"]} == ids
        again = await import_monica(b, await fetch_dump(standin.url, TOKEN))
    assert (again.created, again.updated, again.failed) == (0, 0, 0), again.to_json()
    assert (await _links(b))[0] == AFTER


async def test_relationships_and_journal_edited_in_monica_update_a_local_book(
    local: LocalBackend,
) -> None:
    await _edit_relationships_and_journal(local)


async def test_relationships_and_journal_edited_in_monica_update_the_real_server(
    sandbox: Any, users: tuple[str, str]
) -> None:
    await _edit_relationships_and_journal(sandbox.backend(users[0]))


async def test_relationships_and_journal_edited_in_monica_update_a_sync_profile(
    tmp_path: Path,
) -> None:
    from contract.backends import sync_env

    async with sync_env(tmp_path) as env:
        await _edit_relationships_and_journal(env.backend)


async def test_the_ids_survive_a_documented_only_server(tmp_path: Path) -> None:
    """The laptop imports and syncs; the phone, whose ids the server gave, re-imports
    the edited account: it updates (the ids came across in plain custom fields), and
    the laptop sees the same after its next sync."""
    made: list[SyncBackend] = []
    with documented_only_server(tmp_path) as (url, token, gate), monica_standin() as standin:
        try:
            for name in ("laptop", "phone"):
                remote = RemoteBackend(url, token, max_retries=1)
                made.append(SyncBackend(Store.open(tmp_path / f"{name}.db"), remote,
                                        owns_store=True))  # fmt: skip
            laptop, phone = made
            first = await import_monica(laptop, await fetch_dump(standin.url, TOKEN))
            assert first.failed == 0, first.failures
            await laptop.sync_now()
            await phone.sync_now()
            assert "/xapi2/capabilities" in gate.refused  # a documented-only server
            assert (await _links(phone))[0] == BEFORE
            _edit_in_monica(standin)
            report = await import_monica(phone, await fetch_dump(standin.url, TOKEN))
            assert (report.created, report.updated, report.failed) == (0, 3, 0), report.to_json()
            await phone.sync_now()
            await laptop.sync_now()
            for copy in (phone, laptop):
                rels, journal = await _links(copy)
                assert rels == AFTER
                _check_journal(journal, "A great week", "Saw Ann and Oscar.")
            assert laptop.conflicts() == [] and phone.conflicts() == []
        finally:
            for backend in made:
                await backend.close()
