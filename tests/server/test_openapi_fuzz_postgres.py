"""The schemathesis run of test_openapi_fuzz.py against a server storing in PostgreSQL:
no 5xx there either (PostgreSQL is stricter than SQLite about what text it stores)."""

from __future__ import annotations

from typing import Any

from postgres_cluster import fresh_database

from .test_openapi_fuzz import CHECKS, FUZZ_SETTINGS, fuzz_target

schema, AUTH = fuzz_target(fresh_database())


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_5xx_on_postgres(case: Any) -> None:
    case.call_and_validate(headers=AUTH, checks=CHECKS)
