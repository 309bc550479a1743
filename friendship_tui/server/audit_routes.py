"""[ours] ``GET /xapi2/audit`` (the caller's audit log) and ``GET /xapi2/export`` (the
caller's own lossless JSON backup).

Both are owner-scoped like every data route: the token's user is the only owner they
can reach. The audit log has no write route at all; it is written by the store inside
each write transaction and can only be read here.
"""

from __future__ import annotations

import asyncio
import io
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import Response

from ..io.json_io import export_json
from ..schema import MODELS
from ..store.audit import MAX_PAGE, AuditQuery
from ..store.errors import ValidationError
from .responses import dumps, invalid
from .routes import COMMON, ERR, page_body
from .state import ServerState

AUDIT_SCOPE = ("audit", "list")

AUDIT_PARAMETERS: list[dict[str, Any]] = [
    {"name": "object_id", "in": "query", "schema": {"type": "string"},
     "description": "Only changes of this object."},
    {"name": "parent_id", "in": "query", "schema": {"type": "string"},
     "description": "Only changes of objects under this contact."},
    {"name": "contact_id", "in": "query", "schema": {"type": "string"},
     "description": "The contact itself or anything under it (its history)."},
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": list(MODELS)}},
    {"name": "since", "in": "query", "schema": {"type": "string"},
     "description": "ISO 8601; only changes at or after this time."},
    {"name": "limit", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
]  # fmt: skip

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "at": {"type": "string"},
        "owned_by": {"type": "string"},
        "actor": {"type": ["string", "null"]},
        "type": {"type": "string"},
        "object_id": {"type": "string"},
        "parent_id": {"type": ["string", "null"]},
        "action": {"type": "string", "enum": ["create", "update", "delete"]},
        "origin": {"type": "string", "enum": ["user", "hook", "cascade"]},
        "changes": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"old": {}, "new": {}},
            },
        },
    },
}


def add_audit_routes(app: FastAPI, state: ServerState) -> None:
    async def audit(request: Request) -> Response:
        principal = state.authorize(request, *AUDIT_SCOPE)
        params = dict(request.query_params.items())
        try:
            query = AuditQuery.from_params(params)
        except ValidationError as exc:
            raise invalid(exc.fields) from None
        page = await asyncio.to_thread(state.store.audit, principal.user, query)
        return Response(dumps(page_body(page)), media_type="application/json")

    async def export(request: Request) -> Response:
        principal = state.authorize_all(request, ((t, "list") for t in MODELS))
        out = io.StringIO()
        await export_json(state.backend_for(principal), out)
        return Response(
            out.getvalue().encode("utf-8"),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="friendship-export.json"'},
        )

    app.add_api_route(
        "/xapi2/audit",
        audit,
        methods=["GET"],
        operation_id="audit",
        summary="The caller's audit log, newest first [extension]",
        tags=["extensions"],
        response_model=None,
        responses={
            200: {
                "description": "A page of audit entries",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array", "items": ENTRY_SCHEMA},
                                "meta": {"type": "object"},
                            },
                        }
                    }
                },
            },
            400: {**ERR, "description": "Validation error"},
            **COMMON,
        },
        openapi_extra={"parameters": AUDIT_PARAMETERS},
    )
    app.add_api_route(
        "/xapi2/export",
        export,
        methods=["GET"],
        operation_id="export",
        summary="The caller's data as the lossless JSON backup [extension]",
        tags=["extensions"],
        response_model=None,
        responses={
            200: {
                "description": "The backup document (as `friendship export --format json`)",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            **COMMON,
        },
    )
