"""Fixtures shared by every test area: a settable clock and a real store on a temp file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
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
