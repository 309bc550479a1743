"""``any_store``: the same store test on SQLite (the embedded default) and PostgreSQL.

A module opts in by naming it its ``store``::

    @pytest.fixture
    def store(any_store: Store) -> Store:
        return any_store
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
from postgres_cluster import fresh_database
from store_files import fresh_db

from friendship_tui.store.local import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    target = fresh_db(tmp_path / "friendship.db") if request.param == "sqlite" else fresh_database()
    opened = Store.open(target, clock=clock)
    yield opened
    opened.close()
