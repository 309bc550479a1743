"""Tolerant reading of what an xapi2 server sends back (API.md "Tolerant reading").

Third-party servers differ in envelopes: a list may be a bare array or sit under
``data``, ``items`` or ``results``; an object may nest its fields under ``data``;
``meta`` may be missing. These functions turn any of those into our flat dicts and
``Page``s, keeping fields they do not know.
"""

from __future__ import annotations

from typing import Any

from ..store.base import Action, ChangeEvent, Obj, Page

LIST_KEYS = ("data", "items", "results")
EVENT_KEYS = ("event", "action", "type")
ACTIONS: dict[str, Action] = {
    "create": "create",
    "created": "create",
    "insert": "create",
    "update": "update",
    "updated": "update",
    "patch": "update",
    "delete": "delete",
    "deleted": "delete",
    "remove": "delete",
}


def read_object(body: Any) -> Obj:
    """A flat object from a response body (envelope and nested ``data`` undone)."""
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    # {"data": {...object...}} envelope around a single object
    inner = body.get("data")
    if "id" not in body and isinstance(inner, dict):
        body = {**{k: v for k, v in body.items() if k != "data"}, **inner}
        inner = body.get("data")
    # {"id": ..., "created_at": ..., "data": {fields}}: fields nested under data
    if isinstance(inner, dict):
        flat = {k: v for k, v in body.items() if k != "data"}
        for key, value in inner.items():
            flat.setdefault(key, value)
        return flat
    return dict(body)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def read_page(body: Any, *, limit: int, offset: int) -> Page:
    """A Page from a list response of any of the known shapes.

    Without ``meta`` the page's ``limit`` is the number of items received, so paging
    continues until an empty page even when the server capped the page size silently.
    """
    items_raw: Any = None
    meta: dict[str, Any] = {}
    if isinstance(body, list):
        items_raw = body
    elif isinstance(body, dict):
        for key in LIST_KEYS:
            if isinstance(body.get(key), list):
                items_raw = body[key]
                break
        m = body.get("meta") or body.get("pagination") or {}
        meta = m if isinstance(m, dict) else {}
        for key in ("limit", "offset", "total", "next_after", "count"):
            if key in body and key not in meta:
                meta[key] = body[key]
    if items_raw is None:
        raise ValueError("expected a list, or an object with data, items or results")
    items = [read_object(x) for x in items_raw if isinstance(x, dict)]
    if meta:
        page_limit = _int(meta.get("limit")) or limit
        total = _int(meta.get("total"))
        if total is None:
            total = _int(meta.get("count"))
        next_after = meta.get("next_after")
        return Page(
            items=items,
            limit=page_limit,
            offset=_int(meta.get("offset")) or offset,
            total=total,
            next_after=str(next_after) if next_after else None,
        )
    return Page(items=items, limit=max(len(items), 1) if items else limit, offset=offset)


def read_event(frame: dict[str, Any]) -> ChangeEvent | None:
    """A ChangeEvent from an event frame, or None when the frame is not one we understand."""
    name = None
    for key in EVENT_KEYS:
        value = frame.get(key)
        if isinstance(value, str) and value.lower() in ACTIONS:
            name = ACTIONS[value.lower()]
            break
    data_type = frame.get("dataType") or frame.get("data_type") or frame.get("model")
    raw = frame.get("object")
    if raw is None:
        raw = frame.get("data")
    if name is None or not isinstance(data_type, str) or not isinstance(raw, dict):
        return None
    obj = read_object(raw)
    origin = frame.get("origin")
    return ChangeEvent(
        type=data_type,
        action=name,
        object=obj,
        owner=obj.get("owned_by") if isinstance(obj.get("owned_by"), str) else None,
        origin=origin if origin in ("user", "hook", "cascade") else "user",
    )


def error_fields(body: Any) -> tuple[str, dict[str, str]]:
    """(message, field map) from an error body in API.md's shape or a few common others."""
    if not isinstance(body, dict):
        return ("", {})
    err = body.get("error", body)
    if isinstance(err, str):
        return (err, {})
    if not isinstance(err, dict):
        return ("", {})
    message = err.get("message") or err.get("detail") or body.get("detail") or ""
    fields_raw = err.get("fields") or err.get("errors") or {}
    fields: dict[str, str] = {}
    if isinstance(fields_raw, dict):
        fields = {str(k): str(v) for k, v in fields_raw.items()}
    return (str(message) if not isinstance(message, str) else message, fields)
