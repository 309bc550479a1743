"""Deceased, partial contacts and first met survive a sync through a server that has
only the documented API: the project's real server behind a gate that answers 404 to
every extension (capabilities, agenda, archive, audit) and drops extension parameters
(``q``, ``updated_since``), so the client must fall back to the documented parts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

from friendship_tui.domain.reserved_edits import HOLDER, FactChange
from friendship_tui.domain.reserved_fields import facts_by_contact
from friendship_tui.io.fact_writes import save_facts
from friendship_tui.io.monica.importer import import_monica
from friendship_tui.remote import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.server.app import create_app
from friendship_tui.server.running import ThreadedServer
from friendship_tui.store.base import iter_all
from friendship_tui.store.local import Store
from friendship_tui.sync.backend import SyncBackend

from .doc_only import ALL, DocumentedOnly
from .standin import monica_dump


async def test_reserved_facts_round_trip_through_a_documented_only_server(
    tmp_path: Path,
) -> None:
    real = create_app(tmp_path / "server.db", rate_limit=None)
    accounts = real.state.server.accounts
    accounts.add_user("alice")
    _, token = accounts.create_token("alice", "t", ["*:*"])
    gate = DocumentedOnly(real)
    server = ThreadedServer(cast(Any, gate)).start()
    made: list[SyncBackend] = []
    made_remote: list[RemoteBackend] = []
    try:
        for name in ("laptop", "phone"):
            remote = RemoteBackend(server.url, token, max_retries=1)
            made.append(SyncBackend(Store.open(tmp_path / f"{name}.db"), remote, owns_store=True))
        laptop, phone = made
        report = await import_monica(laptop, monica_dump())
        assert report.created_by_type["contact"] == 7
        await laptop.sync_now()
        assert laptop.conflicts() == [] and report.failed == 0  # no archive was tried
        await phone.sync_now()
        assert "/xapi2/capabilities" in gate.refused  # the client met a doc-only server
        people = {c["name"].split()[0]: str(c["id"]) async for c in _all(phone, "contact")}
        assert len(people) == 7
        facts = facts_by_contact([cf async for cf in _all(phone, "custom_field")])
        assert facts[people["Makayla"]].deceased_on == "2020-05-04"
        assert facts[people["Oscar"]].partial and facts[people["Johnathon"]].partial
        assert facts[people["Ann"]].first_met == "--03-04"
        assert facts[people["Ann"]].first_met_through == people["Johnathon"]
        agenda = await phone.agenda(date(2026, 3, 15), 365)
        assert "Makayla" not in {r.contact_name for r in agenda.stay_in_touch}
        assert "Oscar" not in {r.contact_name for r in agenda.events}
        assert [c["name"] for c in await phone.search("Oscar")] == []
        # Facts edited as the form and the CLI edit them travel back the same way.
        introducer = people["Ann"]
        changes = [
            FactChange("deceased", HOLDER["deceased"], remove=True),
            FactChange("first_met", HOLDER["first_met"], "2019"),
            FactChange("first_met_through", HOLDER["first_met_through"], introducer),
        ]
        assert await save_facts(phone, people["Makayla"], changes) == {}
        await phone.sync_now()
        await laptop.sync_now()
        on_laptop = {c["name"].split()[0]: str(c["id"]) async for c in _all(laptop, "contact")}
        mak = facts_by_contact([cf async for cf in _all(laptop, "custom_field")])[
            on_laptop["Makayla"]
        ]
        assert not mak.deceased and mak.first_met == "2019"
        assert mak.first_met_through == on_laptop["Ann"]
        # The default list leaves the partial contacts out, in the copy and on a remote
        # profile of the same server, with totals and pages of what is shown.
        direct = RemoteBackend(server.url, token, max_retries=1)
        made_remote.append(direct)
        for backend in (phone, direct):
            shown = await _default_names(backend)
            assert len(shown) == 5 and not {"Oscar", "Johnathon"} & set(shown), shown
            page = await backend.list("contact", ListQuery(limit=2, offset=2))
            assert [c["name"].split()[0] for c in page.items] == shown[2:4] and page.total == 5
        assert not (await direct.probe_capabilities()).archive
        every = await direct.list("contact", ALL)
        assert {"Oscar", "Johnathon"} <= {c["name"].split()[0] for c in every.items}
    finally:
        for backend in made:
            await backend.close()
        for direct in made_remote:
            await direct.close()
        server.stop()


async def _default_names(backend: Any) -> list[str]:
    """The default contact list, read page by page as the app's list reads it."""
    names: list[str] = []
    offset = 0
    while True:
        page = await backend.list("contact", ListQuery(limit=2, offset=offset))
        names += [c["name"].split()[0] for c in page.items]
        if len(page.items) < 2:
            return names
        offset += 2


async def _all(backend: Any, type_: str) -> Any:
    from friendship_tui.schema import ListQuery

    async for obj in iter_all(
        backend, type_, ListQuery(filters={"is_archived": ["true", "false"]})
    ):
        yield obj
