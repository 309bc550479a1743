"""schemathesis against the server's own OpenAPI document, in-process over ASGI.

Bounded (few examples per operation, a deadline) so it stays a quick CI test; it must
find no 5xx and no response that breaks the documented schema, status or content type.
The app is built at import (schemathesis needs the document to parametrise), on a
throw-away SQLite file.
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

_DIR = Path(tempfile.mkdtemp(prefix="xapi2-fuzz-"))
atexit.register(shutil.rmtree, _DIR, True)
APP = create_app(str(_DIR / "server.db"), rate_limit=None)
APP.state.server.accounts.add_user("fuzzer")
_, TOKEN = APP.state.server.accounts.create_token("fuzzer", "fuzz", ["*:*"])
AUTH = {"Authorization": f"Bearer {TOKEN}"}

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=5000,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_5xx_and_responses_match_the_document(case: Any) -> None:
    case.call_and_validate(headers=AUTH, checks=CHECKS)
