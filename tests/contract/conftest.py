"""The ``backend`` fixture: every contract test runs once per registered backend.

Register new backends in ``backends.py`` (see its docstring).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from friendship_tui.store.base import Backend

from .backends import BACKEND_FACTORIES, ContractEnv


@pytest.fixture(params=sorted(BACKEND_FACTORIES))
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ContractEnv]:
    async with BACKEND_FACTORIES[request.param](tmp_path) as made:
        yield made


@pytest.fixture
def backend(env: ContractEnv) -> Backend:
    return env.backend
