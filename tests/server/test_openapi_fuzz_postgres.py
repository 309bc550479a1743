"""The schemathesis run of test_openapi_fuzz.py against a server storing in PostgreSQL:
no 5xx there either (PostgreSQL is stricter than SQLite about what text it stores).

The document (the same whatever the database) comes from test_openapi_fuzz.py's server;
the requests go to a server on PostgreSQL that a fixture makes on first use, so
collecting the suite never starts PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from postgres_cluster import fresh_database

from .test_openapi_fuzz import CHECKS, FUZZ_SETTINGS, fuzz_app, schema


@pytest.fixture(scope="module")
def postgres_server() -> tuple[Any, dict[str, str]]:
    return fuzz_app(fresh_database())


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_5xx_on_postgres(case: Any, postgres_server: tuple[Any, dict[str, str]]) -> None:
    app, auth = postgres_server
    case.call_and_validate(app=app, headers=auth, checks=CHECKS)
