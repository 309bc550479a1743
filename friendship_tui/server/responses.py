"""JSON in and out, and API.md's error body, without pydantic on the hot path.

Bodies are read by hand so that every bad body is our 400 (never FastAPI's 422, never
a 500): malformed JSON, a body that is not an object, text that is not valid Unicode
(anywhere, keys included: no encoder can write a lone surrogate back). Numbers are left
to the schema: a number field has a declared range, and an unknown key is ignored
whatever it holds (API.md), even an integer no database column could take.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

_orjson: Any
try:  # optional speed-up (the "server" extra); the stdlib encoder is the fallback.
    # Imported by name so type-checking reads the same with or without it installed.
    _orjson = importlib.import_module("orjson")
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

MAX_DEPTH = 32


def dumps(value: Any) -> bytes:
    if _orjson is not None:
        try:
            return bytes(_orjson.dumps(value))
        except TypeError:
            # An integer beyond 64 bits or a lone surrogate (orjson writes neither), e.g.
            # in a row older than the schema's ranges: escaped JSON beats a 500.
            return json.dumps(value, separators=(",", ":")).encode("ascii")
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


class ApiError(Exception):
    """An HTTP error with API.md's body; raised anywhere in a route."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = dict(fields) if fields is not None else None
        self.headers = dict(headers or {})


def error_body(code: str, message: str, fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    detail: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        detail["fields"] = dict(fields)
    return {"error": detail}


def error_response(err: ApiError) -> Response:
    return JSONBody(
        error_body(err.code, err.message, err.fields), status_code=err.status, headers=err.headers
    )


def invalid(fields: Mapping[str, str], message: str | None = None) -> ApiError:
    summary = "; ".join(f"{k} {v}" for k, v in fields.items())
    return ApiError(400, "validation_error", message or summary or "invalid input", fields)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _bad_value(value: Any, depth: int = 0) -> str | None:
    """Why a decoded JSON value cannot be stored, or None."""
    if depth > MAX_DEPTH:
        return "is nested too deeply"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "must be valid Unicode text (it holds a lone surrogate such as \\ud800)"
        return None
    if isinstance(value, list):
        for item in value:
            reason = _bad_value(item, depth + 1)
            if reason:
                return reason
    if isinstance(value, dict):
        for k, item in value.items():
            reason = _bad_value(k, depth + 1) or _bad_value(item, depth + 1)
            if reason:
                return reason
    return None


# Deeper JSON is refused before it is parsed: how deep the parser gets before a
# RecursionError depends on the interpreter's recursion limit (which a library may have
# raised) and the thread's stack, so the answer would too.
MAX_PARSE_DEPTH = 512
_JSON_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")


def _too_deep(raw: bytes) -> bool:
    """Whether brackets outside strings nest deeper than ``MAX_PARSE_DEPTH``."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_PARSE_DEPTH:
        return False  # cannot be deeper than it has openings
    depth = 0
    for byte in _NOT_BRACKETS.sub(b"", _JSON_STRINGS.sub(b"", raw)):
        depth += 1 if byte in (0x5B, 0x7B) else -1
        if depth > MAX_PARSE_DEPTH:
            return True
    return False


def parse_object(raw: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 naming what is wrong with it."""
    if not raw.strip():
        raise invalid({"body": "must be a JSON object"}, "the request body is empty")
    if _too_deep(raw):
        raise invalid({"body": "is nested too deeply"}, "the JSON is nested too deeply")
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise invalid({"body": "is not valid JSON"}, f"malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise invalid({"body": "must be a JSON object"}, "the body must be a JSON object")
    bad = {
        printable_key(k): r for k, v in data.items() if (r := _bad_value(k)) or (r := _bad_value(v))
    }
    if bad:
        raise invalid(bad)
    return data


def printable_key(key: str) -> str:
    """``key`` as text any encoder can write: a lone surrogate becomes ``\\ud800``, so
    the 400 naming a bad key can itself be sent."""
    return key.encode("utf-8", "backslashreplace").decode("utf-8")
