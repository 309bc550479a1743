"""The SQLite file: where it goes, its permissions, the PRAGMAs every connection gets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from friendship_tui.config import DB_ENV
from friendship_tui.store.local import Store, open_local


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_file_is_private_in_a_private_dir(tmp_path: Path) -> None:
    path = tmp_path / "new" / "nested" / "book.db"
    store = Store.open(path)
    try:
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
        assert _mode(path.parent.parent) == 0o700  # every directory we had to create
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            if side.exists():
                assert _mode(side) == 0o600
    finally:
        store.close()


def test_pragmas_on_every_connection(store: Store) -> None:
    for _ in range(2):
        with store.engine.connect() as conn:
            get = conn.exec_driver_sql
            assert get("PRAGMA foreign_keys").scalar() == 1
            assert get("PRAGMA journal_mode").scalar() == "wal"
            assert get("PRAGMA synchronous").scalar() == 2  # FULL
            assert get("PRAGMA busy_timeout").scalar() == 5000
            assert get("PRAGMA cache_size").scalar() == -32768


async def test_open_local_uses_env_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env" / "from-env.db"
    monkeypatch.setenv(DB_ENV, str(target))
    backend = open_local()
    try:
        made = await backend.create("contact", {"name": "Env Person"})
        assert made["owned_by"] == "me"
    finally:
        await backend.close()
    assert target.exists()
    again = open_local(target)
    try:
        assert (await again.get("contact", made["id"]))["name"] == "Env Person"
    finally:
        await again.close()


def test_sqlalchemy_url_is_accepted(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'url.db'}")
    try:
        assert store.create("me", "contact", {"name": "Via URL"})["name"] == "Via URL"
    finally:
        store.close()


def test_two_stores_on_one_file_write_concurrently(tmp_path: Path) -> None:
    """Two openers (the app and a cron ``friendship`` run) interleave writes without
    'database is locked': writes take BEGIN IMMEDIATE and wait on busy_timeout."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "shared.db"
    first, second = Store.open(path), Store.open(path)

    def write(store: Store, tag: str) -> None:
        for i in range(40):
            c = store.create("me", "contact", {"name": f"{tag}{i}"})
            store.create("me", "conversation", {"parent_id": c["id"], "occurred_at": "2026-01-01"})

    try:
        with ThreadPoolExecutor(4) as pool:
            jobs = [pool.submit(write, s, f"{s_i}-{t}-") for s_i, s in enumerate((first, second))
                    for t in range(2)]  # fmt: skip
            for job in jobs:
                job.result()
        assert first.list("me", "contact").total == 160
        assert second.list("me", "conversation").total == 160
    finally:
        first.close()
        second.close()
