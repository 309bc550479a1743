"""Fixtures shared by every test area: a settable clock, a real store on a temp file, and
the project's real server on 127.0.0.1 (one per test module) with fresh users per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
from server_sandbox import Sandbox, start_sandbox
from store_files import fresh_db

from friendship_tui.store.local import LocalBackend, Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    opened = Store.open(fresh_db(tmp_path / "friendship.db"), clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def local(store: Store) -> LocalBackend:
    return store.backend("me")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The real xapi2 server on a free port, with its own database, for one test module."""
    made = start_sandbox(Path(tmp_path_factory.mktemp("server")), users=())
    try:
        yield made
    finally:
        made.stop()


@pytest.fixture
def users() -> tuple[str, str]:
    """Two fresh user names: owners are isolated, so a shared server is safe."""
    tag = uuid.uuid4().hex[:10]
    return (f"alice-{tag}", f"bob-{tag}")
