"""The hot reads (GET a page of a type, GET one object) answered before the framework.

A request through FastAPI passes its middleware stack (error middleware, exception
middleware, the body limit, the exit stack) and the router's regex scan before our
handler runs, and most of that does nothing for a bodiless GET. ``ServerApp`` hands
such requests straight to the very handlers the router would pick (the same
authorization, validation, reads and encoding); anything they raise becomes the answer
the app's own exception handlers give. Everything else (other methods, other paths, a
GET that carries a body, a type that does not exist) goes the usual way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

Handler = Callable[..., Awaitable[Response]]
PREFIX = "/xapi2/data/"


def has_body(scope: Scope) -> bool:
    """Whether the request declares a body (the body limit must see it then)."""
    return any(name in (b"content-length", b"transfer-encoding") for name, _ in scope["headers"])


class ServerApp(FastAPI):
    """FastAPI with a short way for the hot reads (see the module doc)."""

    fast_handlers: Mapping[str, Mapping[str, Handler]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not self.root_path:
            handler = self._fast_handler(scope)
            if handler is not None:
                await self._answer(handler, scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def _fast_handler(self, scope: Scope) -> Handler | None:
        path: str = scope["path"]
        if not path.startswith(PREFIX) or scope.get("root_path"):
            return None
        parts = path[len(PREFIX) :].split("/")
        handlers = self.fast_handlers.get(parts[0])
        if handlers is None or len(parts) > 2 or (len(parts) == 2 and not parts[1]):
            return None  # the router's answer (404, a redirect) is the right one
        if has_body(scope):
            return None
        params = {"type": parts[0]} if len(parts) == 1 else {"type": parts[0], "id": parts[1]}
        scope["path_params"] = params
        scope["app"] = self
        return handlers["list" if len(parts) == 1 else "read"]

    async def _answer(self, handler: Handler, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await handler(request)
        except Exception as exc:
            response = await self._handled(request, exc)
        await response(scope, receive, send)

    async def _handled(self, request: Request, exc: Exception) -> Response:
        """The app's own exception handler's answer to ``exc`` (the most specific)."""
        handlers: dict[Any, Callable[..., Any]] = self.exception_handlers
        for cls in type(exc).__mro__:
            found = handlers.get(cls)
            if found is not None:
                response = await found(request, exc)
                assert isinstance(response, Response)
                return response
        raise exc
