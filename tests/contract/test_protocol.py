"""Every backend has the whole Backend protocol: statically (mypy) and when asked.

The UI, io and the CLI call the protocol's members without probing (no ``getattr``), so a
backend lacking one must fail here, not in front of a user. Statically: mypy checks the
assignments below, each class against ``type[Backend]`` (a missing or mistyped member is
an error). Behaviourally: each real backend (a local file, a RemoteBackend against the
real server, a sync profile over it, and the app's RecordingBackend around each) answers
every member the protocol declares, as its ``capabilities`` say it will.
"""

from __future__ import annotations

import textwrap
import typing
from pathlib import Path

import pytest

from friendship_tui.app.undo import RecordingBackend, UndoJournal
from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.store.audit import AuditQuery
from friendship_tui.store.base import (
    Backend,
    Capabilities,
    LocalBook,
    Page,
    Status,
    SyncSummary,
)
from friendship_tui.store.bulk import ImportResult
from friendship_tui.store.errors import NotSupported
from friendship_tui.store.local import LocalBackend
from friendship_tui.sync.backend import SyncBackend

from .backends import ContractEnv

# Checked by mypy: each class must satisfy the protocol.
LOCAL: type[Backend] = LocalBackend
REMOTE: type[Backend] = RemoteBackend
SYNC: type[Backend] = SyncBackend
RECORDING: type[Backend] = RecordingBackend

PROTOCOL_MEMBERS = frozenset(typing._get_protocol_attrs(Backend))  # type: ignore[attr-defined]
ROOT = Path(__file__).resolve().parents[2]


def test_mypy_checks_each_backend_class_against_the_protocol(tmp_path: Path) -> None:
    """This file's assignments pass mypy; a class with only part of the protocol does not."""
    from mypy import api

    lacking = tmp_path / "lacking.py"
    lacking.write_text(
        textwrap.dedent(
            """
            from friendship_tui.store.base import Backend, Capabilities

            class Partial:
                mode = "partial"
                capabilities = Capabilities()

            BROKEN: type[Backend] = Partial
            """
        )
    )
    out, err, _ = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--follow-imports=silent",
            str(Path(__file__)),
            str(lacking),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert errors, out + err
    # mypy's cache may name the module's file from an earlier run's temporary directory
    assert all(line.split(":", 1)[0].endswith(lacking.name) for line in errors), out
    assert len(errors) == 1 and 'variable has type "type[Backend]"' in errors[0], out


@pytest.fixture(params=["as is", "recorded"])
def protocol_backend(request: pytest.FixtureRequest, env: ContractEnv) -> Backend:
    """The registered backend, and the app's RecordingBackend wrapping it."""
    if request.param == "recorded":
        return RecordingBackend(env.backend, UndoJournal())
    return env.backend


async def test_every_protocol_member_answers(protocol_backend: Backend) -> None:
    backend = protocol_backend
    asked: set[str] = set()

    def ask(name: str) -> None:
        assert name in PROTOCOL_MEMBERS, name
        asked.add(name)

    ask("mode")
    assert backend.mode in ("local", "remote", "sync")
    ask("warm_up")
    backend.warm_up()  # idempotent: a local book's engine may already be built
    ask("tz")
    from zoneinfo import ZoneInfo

    backend.tz = ZoneInfo("Pacific/Auckland")  # the app and the CLI set it when they open
    assert backend.tz == ZoneInfo("Pacific/Auckland")
    ask("capabilities")
    caps = backend.capabilities
    assert isinstance(caps, Capabilities)

    ask("on_busy")
    assert backend.on_busy is None
    backend.on_busy = lambda err, tries: False
    assert backend.on_busy is not None
    backend.on_busy = None

    ask("create")
    ann = await backend.create("contact", {"name": "Ann Protocol"})
    ask("get")
    assert (await backend.get("contact", ann["id"]))["name"] == "Ann Protocol"
    ask("update")
    assert (await backend.update("contact", ann["id"], {"city": "Oslo"}))["city"] == "Oslo"
    ask("list")
    page = await backend.list("contact", ListQuery(limit=5))
    assert [c["id"] for c in page.items] == [ann["id"]]
    ask("search")
    assert [c["id"] for c in await backend.search("Protocol")] == [ann["id"]]
    ask("agenda")
    from datetime import date

    agenda = await backend.agenda(date(2026, 3, 15), 30, limit=5)
    assert agenda.today == date(2026, 3, 15)
    ask("agenda_rows")
    rows = await backend.agenda_rows("reminders", date(2026, 3, 15), 30, 0, 5)
    assert rows == agenda.reminders
    ask("set_archived")
    if caps.archive:
        assert (await backend.set_archived("contact", ann["id"], True))["is_archived"] is True
    else:
        with pytest.raises(NotSupported):
            await backend.set_archived("contact", ann["id"], True)

    ask("audit")
    if caps.audit:
        assert isinstance(await backend.audit(AuditQuery(limit=5)), Page)
    else:
        with pytest.raises(NotSupported):
            await backend.audit(AuditQuery(limit=5))

    ask("status")
    assert isinstance(backend.status(), Status)
    ask("on_status")
    unsubscribe = backend.on_status(lambda status: None)
    unsubscribe()
    ask("server_capabilities")
    assert isinstance(await backend.server_capabilities(), Capabilities)

    ask("local_book")
    book = backend.local_book()
    if backend.mode == "remote":
        assert book is None
    else:
        assert isinstance(book, LocalBook)
        assert book.queued is caps.outbox

    ask("bulk_import")
    if caps.bulk_import:
        result = await backend.bulk_import([("contact", {"name": "Bulk Bea"})])
        assert isinstance(result, ImportResult)
        assert result.counts["contact"] == 1
    else:
        with pytest.raises(NotSupported):
            await backend.bulk_import([("contact", {"name": "Bulk Bea"})])

    ask("push_now")
    summary = await backend.push_now()
    assert isinstance(summary, SyncSummary)
    assert summary.pending == 0  # written through, or nothing to queue

    ask("delete")
    await backend.delete("contact", ann["id"])

    ask("changes")
    stream = backend.changes()
    assert hasattr(stream, "__anext__")
    await stream.aclose()  # type: ignore[attr-defined]

    assert asked == PROTOCOL_MEMBERS - {"close"}  # close: the fixture closes it
