"""schemathesis against the server's own OpenAPI document, in-process over ASGI.

Bounded (few examples per operation, a deadline) so it stays a quick CI test; it must
find no 5xx and no response that breaks the documented schema, status or content type.
The app is built at import (schemathesis needs the document to parametrise), on a
throw-away SQLite file (test_openapi_fuzz_postgres.py: the same on PostgreSQL).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from friendship_tui.server import create_app

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]

FUZZ_SETTINGS = settings(
    max_examples=3,
    deadline=5000,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def fuzz_app(db: str) -> tuple[Any, dict[str, str]]:
    """The server's ASGI app on ``db`` and the headers of a ``*:*`` token."""
    app = create_app(db, rate_limit=None)
    app.state.server.accounts.add_user("fuzzer")
    _, token = app.state.server.accounts.create_token("fuzzer", "fuzz", ["*:*"])
    return app, {"Authorization": f"Bearer {token}"}


def fuzz_target(db: str) -> tuple[Any, dict[str, str]]:
    """The schemathesis schema of a server on ``db`` and the headers of a ``*:*`` token."""
    app, auth = fuzz_app(db)
    return schemathesis.openapi.from_asgi("/openapi.json", app), auth


_DIR = Path(tempfile.mkdtemp(prefix="xapi2-fuzz-"))
atexit.register(shutil.rmtree, _DIR, True)
schema, AUTH = fuzz_target(str(_DIR / "server.db"))


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_5xx_and_responses_match_the_document(case: Any) -> None:
    case.call_and_validate(headers=AUTH, checks=CHECKS)
