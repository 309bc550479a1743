"""Two clients of one user doing random writes across the 11 types, with random
disconnects and syncs. Checked after every sync: each write of that client is on the
server or in its conflict log. At the end: both caches and the server hold the same."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.schema import MODELS, DateKind, FieldType, ListQuery, Model
from friendship_tui.store.errors import NotFound, ValidationError
from friendship_tui.sync.backend import SyncBackend

from .conftest import open_client
from .helpers import assert_healthy, assert_same, dump
from .proxy import FaultProxy
from .server_process import ServerProcess

BOTH = {"is_archived": ["true", "false"]}
WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
TYPES = st.sampled_from(list(MODELS))
PICK = st.integers(0, 4)  # few objects, picked often: edits collide


def probe_field(model: Model) -> str:
    """A plain text field every object of the type can take any short word in."""
    texts = [
        f
        for f in model.fields
        if f.type is FieldType.STRING and f.patchable and f.date is None and f.ref is None
    ]
    optional = [f for f in texts if not f.required]
    return (optional or texts)[0].name


def payload(model: Model, word: str, refs: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = dict(refs)
    for f in model.fields:
        if f.required and f.ref is None:
            body[f.name] = "2026-05-01" if f.date is DateKind.FULL else f"{f.name}-{word}"
    body[probe_field(model)] = word
    return body


class Client:
    def __init__(self, name: str, backend: SyncBackend, proxy: FaultProxy) -> None:
        self.name = name
        self.backend = backend
        self.proxy = proxy
        # writes since this client's last successful sync: (type, id, field) -> value
        self.writes: dict[tuple[str, str, str], Any] = {}
        self.created: dict[str, str] = {}  # local id -> type, since the last sync
        self.deleted: set[str] = set()


class TwoClients(RuleBasedStateMachine):
    server: ServerProcess
    workdir: Path
    counter = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.token = self.server.new_user()
        n = next(self.counter)
        self.clients: list[Client] = []
        for name in ("a", "b"):
            proxy = self.run(FaultProxy(self.server.port).start())
            backend = open_client(
                self.workdir / f"{name}{n}.db",
                proxy.url,
                self.token,
                live=False,
                autostart=False,  # pushes happen inside the rules only: checks stay exact
            )
            self.clients.append(Client(name, backend, proxy))
        self.direct = RemoteBackend(self.server.url, self.token, max_retries=2)

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    async def _objects(self, client: Client, type_: str) -> list[dict[str, Any]]:
        page = await client.backend.list(type_, ListQuery(filters=dict(BOTH), limit=200))
        return page.items

    # ------------------------------------------------------------------ rules

    @initialize()
    def shared_start(self) -> None:
        """A few contacts with children both clients know, so their edits can collide."""
        a, b = self.clients

        async def go() -> None:
            ids = []
            for i in range(3):
                c = await a.backend.create("contact", {"name": f"seed{i}", "nickname": "n"})
                await a.backend.create("note", {"parent_id": c["id"], "body": "seed"})
                ids.append(c["id"])
            await a.backend.create(
                "relationship", {"parent_id": ids[0], "target_id": ids[1], "kind": "friend"}
            )
            assert (await b.backend.sync_now()).ok

        self.run(go())

    @rule(who=st.integers(0, 1), type_=TYPES, word=WORDS, pick=PICK)
    def create(self, who: int, type_: str, word: str, pick: int) -> None:
        client = self.clients[who]
        model = MODELS[type_]

        async def go() -> None:
            refs: dict[str, str] = {}
            if model.parent:
                contacts = await self._objects(client, "contact")
                if len(contacts) < (2 if type_ == "relationship" else 1):
                    return
                parent = contacts[pick % len(contacts)]
                refs["parent_id"] = parent["id"]
                if type_ == "relationship":
                    others = [c for c in contacts if c["id"] != parent["id"]]
                    refs["target_id"] = others[pick % len(others)]["id"]
            try:
                obj = await client.backend.create(type_, payload(model, word, refs))
            except ValidationError:
                # pushed at once and refused (its contact was deleted on the server):
                # the caller is told, and the refused create is in the log
                last = client.backend.conflicts(1)[0]
                assert (last.kind, last.type) == ("rejected", type_)
                return
            client.created[str(obj["id"])] = type_

        self.run(go())

    @rule(who=st.integers(0, 1), type_=TYPES, word=WORDS, pick=PICK)
    def update(self, who: int, type_: str, word: str, pick: int) -> None:
        client = self.clients[who]
        field = probe_field(MODELS[type_])

        async def go() -> None:
            objs = await self._objects(client, type_)
            if not objs:
                return
            target = objs[pick % len(objs)]
            oid = str(target["id"])
            client.writes[(type_, oid, field)] = word
            if type_ == "relationship":  # the pair shares its label: the last write wins
                for other in objs:
                    if (other["parent_id"], other["target_id"]) == (
                        target["target_id"],
                        target["parent_id"],
                    ):
                        client.writes.pop((type_, str(other["id"]), field), None)
            with contextlib.suppress(NotFound):  # deleted on the server: must be logged
                await client.backend.update(type_, oid, {field: word})

        self.run(go())

    async def _all_ids(self, client: Client) -> set[str]:
        ids: set[str] = set()
        for type_ in MODELS:
            ids.update(str(o["id"]) for o in await self._objects(client, type_))
        return ids

    @rule(who=st.integers(0, 1), type_=TYPES, pick=PICK)
    def delete(self, who: int, type_: str, pick: int) -> None:
        client = self.clients[who]

        async def go() -> None:
            objs = await self._objects(client, type_)
            if not objs:
                return
            before = await self._all_ids(client)
            oid = str(objs[pick % len(objs)]["id"])
            await client.backend.delete(type_, oid)
            # the object and what its delete took with it (children, the mirror)
            client.deleted |= before - await self._all_ids(client)

        self.run(go())

    @rule(who=st.integers(0, 1))
    def disconnect(self, who: int) -> None:
        self.clients[who].proxy.go_offline()

    @rule(who=st.integers(0, 1))
    def reconnect(self, who: int) -> None:
        self.clients[who].proxy.go_online()

    @precondition(lambda self: any(not c.proxy.offline for c in self.clients))
    @rule(who=st.integers(0, 1))
    def sync(self, who: int) -> None:
        client = self.clients[who]
        if client.proxy.offline:
            return
        summary = self.run(client.backend.sync_now())
        assert summary.error is None, summary

    @invariant()
    def pushed_writes_arrived(self) -> None:
        """A client with an empty outbox has pushed every write it made so far (just
        now: the other client has not acted since), so each must be on the server or
        in its conflict log."""
        for client in self.clients:
            if client.backend.outbox.count() == 0:
                self.run(self._check_writes(client))

    # ------------------------------------------------------------------ checks

    async def _check_writes(self, client: Client) -> None:
        """Every write since the last sync is on the server, or in the conflict log."""
        backend = client.backend
        remapped = backend.cache.remapped
        logged = {(e.obj_id, e.field, _key(e.local_value)) for e in backend.conflicts()}
        logged_ids = {e.obj_id for e in backend.conflicts()}
        gone = client.deleted | {remapped.get(i, i) for i in client.deleted}

        def is_logged(oid: str, field: str | None, value: Any) -> bool:
            ids = {oid, remapped.get(oid, oid)} | {k for k, v in remapped.items() if v == oid}
            if field is None:
                return bool(ids & logged_ids)
            return any((i, field, _key(value)) in logged for i in ids) or bool(
                ids & logged_ids and any(e.field is None for e in backend.conflicts())
            )

        for oid, type_ in client.created.items():
            sid = remapped.get(oid, oid)
            if oid in gone or sid in gone:
                continue
            try:
                await self.direct.get(type_, sid)
            except NotFound:
                assert is_logged(oid, None, None), ("create lost", type_, oid)
        for (type_, oid, field), value in client.writes.items():
            sid = remapped.get(oid, oid)
            if oid in gone or sid in gone:
                continue
            try:
                obj = await self.direct.get(type_, sid)
            except NotFound:
                assert is_logged(oid, None, None), ("edit of a vanished object not logged", oid)
                continue
            assert obj[field] == value or is_logged(oid, field, value), (
                "edit lost",
                type_,
                oid,
                field,
                value,
                obj[field],
            )
        client.writes.clear()
        client.created.clear()
        client.deleted.clear()

    def teardown(self) -> None:
        try:
            for c in self.clients:
                c.proxy.go_online()
            a, b = self.clients
            for client in (a, b, a, b):
                summary = self.run(client.backend.sync_now())
                assert summary.error is None, summary
                self.run(self._check_writes(client))
            on_server = self.run(dump(self.direct))
            assert_healthy(on_server)
            for client in (a, b):
                assert client.backend.status().pending == 0
                assert_same(self.run(dump(client.backend)), on_server)
        finally:
            for c in self.clients:
                self.run(c.backend.close())
                self.run(c.proxy.close())
            self.run(self.direct.close())
            self.loop.close()


def _key(value: Any) -> str:
    return repr(value)


def test_two_clients_random_offline_work_converges(server: ServerProcess, tmp_path: Path) -> None:
    TwoClients.server = server
    TwoClients.workdir = tmp_path
    run_state_machine_as_test(
        TwoClients,
        settings=settings(
            max_examples=int(os.environ.get("SYNC_SM_EXAMPLES", "6")),
            stateful_step_count=int(os.environ.get("SYNC_SM_STEPS", "25")),
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=False,
        ),
    )
