"""[ours] ``GET /xapi2/agenda`` (the dashboard's three panels, their first rows and exact
totals) and ``GET /xapi2/agenda/{panel}`` (one panel's rows from an offset, as it scrolls).

The caller's zone comes as ``tz`` (an IANA name or a UTC offset such as ``+13:00``): due
dates count from the user's local day of the last talk, which the server cannot know.
Without ``tz`` the server counts in UTC. A doc-only server has neither route; the remote
client then computes the agenda itself (remote/backend.py).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, tzinfo
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import Response

from ..domain.agenda import PANELS, PanelName
from ..domain.clock import parse_zone
from .responses import dumps, invalid
from .routes import COMMON, ERR, EXTENSION_TAGS
from .state import ServerState

MAX_DAYS = 366
MAX_PANEL_PAGE = 500  # rows of one panel per request
SCOPES = (("contact", "list"), ("life_event", "list"), ("reminder", "list"))

WINDOW_PARAMETERS: list[dict[str, Any]] = [
    {"name": "today", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "days", "in": "query",
     "schema": {"type": "integer", "minimum": 0, "maximum": MAX_DAYS}},
    {"name": "tz", "in": "query", "schema": {"type": "string"},
     "description": "The user's zone: an IANA name (Pacific/Auckland) or a UTC offset "
                    "(+13:00); due dates count from the local day of the last talk. "
                    "Default UTC."},
]  # fmt: skip


def _int(
    errors: dict[str, str], params: Any, name: str, default: int | None, lo: int, hi: int
) -> int | None:
    text = params.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        errors[name] = "must be an integer"
        return default
    if not lo <= value <= hi:
        errors[name] = f"must be between {lo} and {hi}"
    return value


def _window(request: Request, state: ServerState) -> tuple[dict[str, str], date, int, tzinfo]:
    """today, days and tz from the query, with every problem by name."""
    params = request.query_params
    errors: dict[str, str] = {}
    today = state.today()
    if today_text := params.get("today"):
        try:
            today = date.fromisoformat(today_text)
        except ValueError:
            errors["today"] = "must be a date YYYY-MM-DD"
    days = _int(errors, params, "days", 30, 0, MAX_DAYS) or 0
    tz: tzinfo = UTC
    if tz_text := params.get("tz"):
        try:
            tz = parse_zone(tz_text)
        except ValueError as exc:
            errors["tz"] = str(exc)
    return errors, today, days, tz


def add_agenda_routes(app: FastAPI, state: ServerState) -> None:
    async def agenda(request: Request) -> Response:
        principal = state.authorize_all(request, SCOPES)
        errors, today, days, tz = _window(request, state)
        limit = _int(errors, request.query_params, "limit", None, 0, MAX_PANEL_PAGE)
        if errors:
            raise invalid(errors)
        result = await asyncio.to_thread(
            state.store.agenda, principal.user, today, days, tz=tz, limit=limit
        )
        return Response(dumps(result.to_json()), media_type="application/json")

    async def agenda_panel(request: Request) -> Response:
        principal = state.authorize_all(request, SCOPES)
        panel = request.path_params["panel"]
        errors, today, days, tz = _window(request, state)
        if panel not in PANELS:
            errors["panel"] = "must be one of: " + ", ".join(PANELS)
        offset = _int(errors, request.query_params, "offset", 0, 0, 10**9) or 0
        limit = _int(errors, request.query_params, "limit", 50, 1, MAX_PANEL_PAGE) or 0
        if errors:
            raise invalid(errors)
        name: PanelName = panel
        rows = await asyncio.to_thread(
            state.store.agenda_rows, principal.user, name, today, days, offset, limit, tz=tz
        )
        body = {"panel": panel, "offset": offset, "data": [r.to_json() for r in rows]}
        return Response(dumps(body), media_type="application/json")

    app.add_api_route(
        "/xapi2/agenda",
        agenda,
        methods=["GET"],
        operation_id="agenda",
        summary="The dashboard agenda: stay in touch, dates, reminders [extension]",
        tags=EXTENSION_TAGS,
        response_model=None,
        responses={
            200: {
                "description": "Agenda: each panel's rows (its first `limit` when given) "
                "and `totals`, the exact number of rows each panel has",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            400: {**ERR, "description": "Validation error"},
            **COMMON,
        },
        openapi_extra={
            "parameters": [
                *WINDOW_PARAMETERS,
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 0, "maximum": MAX_PANEL_PAGE},
                },
            ]
        },
    )
    app.add_api_route(
        "/xapi2/agenda/{panel}",
        agenda_panel,
        methods=["GET"],
        operation_id="agenda_panel",
        summary="Rows [offset, offset+limit) of one agenda panel, in panel order [extension]",
        tags=EXTENSION_TAGS,
        response_model=None,
        responses={
            200: {
                "description": "Rows of the panel",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            400: {**ERR, "description": "Validation error"},
            **COMMON,
        },
        openapi_extra={
            "parameters": [
                {
                    "name": "panel",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": list(PANELS)},
                },
                *WINDOW_PARAMETERS,
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PANEL_PAGE},
                },
            ]
        },
    )
