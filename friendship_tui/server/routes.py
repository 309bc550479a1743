"""The five endpoints for every model, made in one loop over ``schema.MODELS``.

Handlers take the raw ``Request`` and do their own parsing and validation (schema/
rules, API.md's 400 body); the per-type pydantic models only describe the operations
in OpenAPI through ``responses=`` and ``openapi_extra``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.routing import Route

from ..schema import MODELS, Model, SchemaError, check_query, query_from_params
from ..store.base import Page
from .accounts import Principal
from .fast_path import ServerApp
from .idempotency import MAX_KEY_LENGTH, StoredAnswer
from .openapi_models import TYPE_MODELS, ErrorBody
from .responses import ApiError, JSONBody, dumps, invalid, parse_object
from .state import ServerState

EXTENSION_TAGS: list[str | Enum] = ["extensions"]
FLAGS = {"type": "object", "additionalProperties": {"type": "boolean"}}
MAX_OFFSET = 2**53  # SQL integers are 64-bit; no list is this long

Handler = Callable[..., Awaitable[Response]]

ERR: dict[str, Any] = {"model": ErrorBody}
RETRY_HEADERS = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
AUTH_HEADERS = {
    "WWW-Authenticate": {"description": "Bearer challenge", "schema": {"type": "string"}}
}
Responses = dict[int | str, dict[str, Any]]
COMMON: Responses = {
    401: {**ERR, "description": "No, invalid or revoked token", "headers": AUTH_HEADERS},
    403: {**ERR, "description": "The token lacks the scope"},
    405: {**ERR, "description": "Method not allowed on this path"},
    429: {**ERR, "description": "Rate limited", "headers": RETRY_HEADERS},
}
WRITE_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Retrying a write with the same key returns the first answer.",
    "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
}


def page_body(page: Page) -> dict[str, Any]:
    return {
        "data": page.items,
        "meta": {
            "limit": page.limit,
            "offset": page.offset,
            "next_after": page.next_after,
            "total": page.total,
        },
    }


def list_parameters(model: Model) -> list[dict[str, Any]]:
    """The list operation's query parameters, as OpenAPI sees them."""
    sorts = [*model.sort_keys, *("-" + k for k in model.sort_keys)]
    params: list[dict[str, Any]] = [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1},
         "description": f"Page size (default {model.default_page_size}, capped at "
         f"{model.max_page_size})."},
        {"name": "offset", "in": "query",
         "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}},
        {"name": "after", "in": "query", "schema": {"type": "string"},
         "description": "Keyset cursor (an id) for created_at-sorted lists."},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": sorts}},
        {"name": "q", "in": "query", "schema": {"type": "string"},
         "description": "Full-text search [extension]."},
        {"name": "updated_since", "in": "query", "schema": {"type": "string"},
         "description": "ISO 8601; only objects changed since then [extension]."},
        {"name": "include_deleted", "in": "query", "schema": {"type": "boolean"},
         "description": "With updated_since: include deletion tombstones [extension]."},
    ]  # fmt: skip
    for key in model.filter_keys:
        params.append(
            {
                "name": key,
                "in": "query",
                "schema": {"type": "array", "items": {"type": "string"}},
                "style": "form",
                "explode": True,
                "description": "Filter; repeat the key for any-of.",
            }
        )
    return params


def _body_ref(name: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        },
        "parameters": [WRITE_HEADER],
    }


def _object_response(state: ServerState, obj: dict[str, Any], status: int = 200) -> Response:
    return JSONBody(obj, status_code=status)


async def _idempotent(
    state: ServerState,
    request: Request,
    principal: Principal,
    run: Callable[[], Awaitable[Response]],
) -> Response:
    """Replay the stored answer for a repeated Idempotency-Key, or run and remember."""
    key = request.headers.get("idempotency-key")
    if not key:
        return await run()
    if len(key) > MAX_KEY_LENGTH:
        raise invalid({"Idempotency-Key": f"must be at most {MAX_KEY_LENGTH} characters"})
    stored = await asyncio.to_thread(state.idempotency.lookup, principal.user, key)
    path = request.url.path
    if stored is not None:
        if stored.method != request.method or stored.path != path:
            raise ApiError(409, "conflict", "this Idempotency-Key was used for another request")
        return Response(
            stored.body,
            status_code=stored.status,
            media_type="application/json" if stored.body is not None else None,
            headers={"Idempotent-Replayed": "true"},
        )
    response = await run()
    if 200 <= response.status_code < 300:
        body = bytes(response.body).decode("utf-8") if response.body else None
        answer = StoredAnswer(request.method, path, response.status_code, body)
        await asyncio.to_thread(state.idempotency.remember, principal.user, key, answer)
    return response


def add_model_routes(
    doc: FastAPI, state: ServerState, model: Model, dispatch: dict[str, dict[str, Handler]]
) -> None:
    """Make the type's handlers (into ``dispatch``) and document them on ``doc``."""
    t = model.name
    models = TYPE_MODELS[t]
    base = f"/xapi2/data/{t}"
    tags: list[str | Enum] = [t]

    async def list_objects(request: Request) -> Response:
        principal = state.authorize(request, t, "list")
        try:
            query = check_query(model, query_from_params(request.query_params.multi_items()))
        except SchemaError as exc:
            raise invalid(exc.fields) from None
        if query.offset > MAX_OFFSET:
            raise invalid({"offset": f"must be at most {MAX_OFFSET}"})
        cache = state.read_cache
        if cache is None:
            page = await state.read_page(principal, t, query)
            return Response(dumps(page_body(page)), media_type="application/json")
        key = f"list:{t}:{request.url.query}"
        cached = cache.get(principal.user, key)
        if cached is not None:
            return Response(cached, media_type="application/json")
        generation = cache.generation(principal.user)
        body = dumps(page_body(await state.read_page(principal, t, query)))
        cache.put(principal.user, key, generation, body)
        return Response(body, media_type="application/json")

    async def read_object(request: Request) -> Response:
        id = request.path_params["id"]
        principal = state.authorize(request, t, "read")
        cache = state.read_cache
        if cache is None:
            return Response(
                dumps(await state.read_one(principal, t, id)), media_type="application/json"
            )
        key = f"get:{t}:{id}"
        cached = cache.get(principal.user, key)
        if cached is not None:
            return Response(cached, media_type="application/json")
        generation = cache.generation(principal.user)
        body = dumps(await state.read_one(principal, t, id))
        cache.put(principal.user, key, generation, body)
        return Response(body, media_type="application/json")

    async def create_object(request: Request) -> Response:
        principal = state.authorize(request, t, "create")
        body = parse_object(await request.body())

        async def run() -> Response:
            obj = await state.backend_for(principal).create(t, body)
            return _object_response(state, obj, 201)

        return await _idempotent(state, request, principal, run)

    async def update_object(request: Request) -> Response:
        id = request.path_params["id"]
        principal = state.authorize(request, t, "update")
        body = parse_object(await request.body())

        async def run() -> Response:
            obj = await state.backend_for(principal).update(t, id, body)
            return _object_response(state, obj)

        return await _idempotent(state, request, principal, run)

    async def delete_object(request: Request) -> Response:
        id = request.path_params["id"]
        principal = state.authorize(request, t, "delete")

        async def run() -> Response:
            await state.backend_for(principal).delete(t, id)
            return Response(status_code=204)

        return await _idempotent(state, request, principal, run)

    def archiver(archived: bool) -> Handler:
        async def set_archived(request: Request) -> Response:
            id = request.path_params["id"]
            principal = state.authorize(request, t, "update")

            async def run() -> Response:
                obj = await state.backend_for(principal).set_archived(t, id, archived)
                return _object_response(state, obj)

            return await _idempotent(state, request, principal, run)

        return set_archived

    not_found: Responses = {404: {**ERR, "description": "Missing, or not the caller's"}}
    bad: Responses = {400: {**ERR, "description": "Validation error"}}
    conflict: Responses = {
        409: {**ERR, "description": "Idempotency-Key reused for another request"}
    }
    dispatch[t] = {
        "list": list_objects,
        "create": create_object,
        "read": read_object,
        "update": update_object,
        "delete": delete_object,
        "archive": archiver(True),
        "unarchive": archiver(False),
    }
    route = doc.add_api_route
    route(
        base,
        _doc_only,
        methods=["GET"],
        name=f"list_{t}",
        operation_id=f"list_{t}",
        summary=f"List {model.title.lower()}",
        tags=tags,
        response_model=None,
        responses={200: {"model": models.page, "description": "A page"}, **bad, **COMMON},
        openapi_extra={"parameters": list_parameters(model)},
    )
    route(
        base + "/{id}",
        _doc_only_id,
        methods=["GET"],
        name=f"read_{t}",
        operation_id=f"read_{t}",
        summary=f"Read one {t}",
        tags=tags,
        response_model=None,
        responses={200: {"model": models.obj, "description": "The object"}, **not_found, **COMMON},
    )
    route(
        base,
        _doc_only,
        methods=["POST"],
        name=f"create_{t}",
        operation_id=f"create_{t}",
        summary=f"Create a {t}",
        tags=tags,
        status_code=201,
        response_model=None,
        responses={
            201: {"model": models.obj, "description": "Created"},
            **bad,
            **conflict,
            **COMMON,
        },
        openapi_extra=_body_ref(models.create.__name__),
    )
    route(
        base + "/{id}",
        _doc_only_id,
        methods=["PATCH"],
        name=f"update_{t}",
        operation_id=f"update_{t}",
        summary=f"Update a {t} (only the fields sent)",
        tags=tags,
        response_model=None,
        responses={
            200: {"model": models.obj, "description": "Updated"},
            **bad,
            **not_found,
            **conflict,
            **COMMON,
        },
        openapi_extra=_body_ref(models.patch.__name__),
    )
    route(
        base + "/{id}",
        _doc_only_id,
        methods=["DELETE"],
        name=f"delete_{t}",
        operation_id=f"delete_{t}",
        summary=f"Delete a {t}",
        tags=tags,
        status_code=204,
        response_model=None,
        responses={204: {"description": "Deleted"}, **bad, **not_found, **conflict, **COMMON},
        openapi_extra={"parameters": [WRITE_HEADER]},
    )
    for verb in ("archive", "unarchive"):
        route(
            base + "/{id}/" + verb,
            _doc_only_id,
            methods=["POST"],
            name=f"{verb}_{t}",
            operation_id=f"{verb}_{t}",
            summary=f"{verb.capitalize()} a {t} [extension]",
            tags=tags,
            response_model=None,
            responses={
                200: {"model": models.obj, "description": "The object"},
                **bad,
                **not_found,
                **conflict,
                **COMMON,
            },
            openapi_extra={"parameters": [WRITE_HEADER]},
        )


def add_extension_routes(
    doc: FastAPI, state: ServerState, dispatch: dict[str, dict[str, Handler]]
) -> None:
    """[ours] endpoints a doc-only server lacks; the remote client falls back without them."""

    async def capabilities(request: Request) -> Response:
        return Response(dumps(state.capabilities()), media_type="application/json")

    dispatch["_extensions"] = {"capabilities": capabilities}
    doc.add_api_route(
        "/xapi2/capabilities",
        _doc_only,
        methods=["GET"],
        operation_id="capabilities",
        summary="Which [extension] features this server has",
        tags=EXTENSION_TAGS,
        response_model=None,
        responses={
            200: {"description": "Flags", "content": {"application/json": {"schema": FLAGS}}}
        },
    )


async def _doc_only(request: Request) -> Response:  # pragma: no cover - never routed
    raise AssertionError("documentation-only route")


async def _doc_only_id(request: Request, id: str) -> Response:  # pragma: no cover
    raise AssertionError("documentation-only route")


def add_all_routes(app: FastAPI, state: ServerState) -> FastAPI:
    """Serve every operation through a handful of generic routes; return the app that
    documents them one operation per type.

    Routing in Starlette is a linear scan with a regex per route: 80-odd per-type
    routes cost more than the store read of a cached page. So the served app has seven
    routes that look the type up in a dict, while a never-served FastAPI app holds the
    per-type routes, made by the same loop, purely to produce the OpenAPI document.
    """
    doc = FastAPI()
    dispatch: dict[str, dict[str, Handler]] = {}
    for model in MODELS.values():
        add_model_routes(doc, state, model, dispatch)
    add_extension_routes(doc, state, dispatch)
    extensions = dispatch.pop("_extensions")

    def handlers(request: Request) -> dict[str, Handler]:
        found = dispatch.get(request.path_params["type"])
        if found is None:
            raise ApiError(404, "not_found", "no such data type; use one of: " + ", ".join(MODELS))
        return found

    async def collection(request: Request) -> Response:
        return await handlers(request)["list" if request.method in ("GET", "HEAD") else "create"](
            request
        )

    async def item(request: Request) -> Response:
        op = {"GET": "read", "HEAD": "read", "PATCH": "update", "DELETE": "delete"}[request.method]
        return await handlers(request)[op](request)

    async def action(request: Request) -> Response:
        verb = request.path_params["verb"]
        if verb not in ("archive", "unarchive"):
            raise ApiError(404, "not_found", "unknown action; use archive or unarchive")
        return await handlers(request)[verb](request)

    served = [
        Route("/xapi2/data/{type}", collection, methods=["GET", "POST"]),
        Route("/xapi2/data/{type}/{id}", item, methods=["GET", "PATCH", "DELETE"]),
        Route("/xapi2/data/{type}/{id}/{verb}", action, methods=["POST"]),
        Route("/xapi2/capabilities", extensions["capabilities"], methods=["GET"]),
    ]
    app.router.routes[0:0] = served
    if isinstance(app, ServerApp):  # GET a page / one object without the framework
        app.fast_handlers = dispatch
    return doc
