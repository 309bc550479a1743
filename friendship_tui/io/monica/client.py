"""Reading a Monica instance through its REST API into one JSON-able dump.

The dump is what ``--save`` writes and ``--format monica-json`` reads, so a user can
fetch once and import offline. Monica pages every list as ``{"data", "links", "meta":
{"current_page", "last_page"}}``; a 429 is waited out per its ``Retry-After``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from ...store.errors import BackendError

DUMP_FORMAT = "monica-json"
PAGE_SIZE = 100
# Lists per contact (Monica v4: /api/contacts/{id}/<kind>).
PER_CONTACT = ("notes", "activities", "calls", "reminders", "gifts", "pets", "relationships")
# Lists of the whole account.
GLOBAL = ("lifeevents", "journal", "debts", "tasks", "addresses")
MAX_RETRY_AFTER = 60.0
MAX_429 = 8

Sleep = Callable[[float], Awaitable[None]]


class MonicaError(BackendError):
    """Monica refused or could not be reached; the message says what to fix."""

    title = "Monica import failed"
    code = "monica_error"


def api_base(url: str) -> str:
    """The instance address with ``/api`` (given or not), without a trailing slash."""
    base = url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise MonicaError(f"{url!r}: the Monica address must start with http:// or https://")
    return base if base.endswith("/api") else base + "/api"


class MonicaClient:
    def __init__(
        self, url: str, token: str, *, sleep: Sleep = asyncio.sleep, timeout: float = 30.0
    ) -> None:
        self.base = api_base(url)
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=timeout,
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def _get(self, path: str, params: dict[str, Any]) -> httpx.Response | None:
        """One GET, waiting out 429s; None for a 404 (an endpoint this Monica lacks)."""
        for _ in range(MAX_429):
            try:
                response = await self._http.get(self.base + path, params=params)
            except httpx.HTTPError as exc:
                raise MonicaError(f"cannot reach {self.base}: {exc}") from exc
            if response.status_code == 429:
                try:
                    wait = float(response.headers.get("Retry-After", "1"))
                except ValueError:
                    wait = 1.0
                await self._sleep(min(max(wait, 0.0), MAX_RETRY_AFTER))
                continue
            if response.status_code == 404:
                return None
            if response.status_code in (401, 403):
                raise MonicaError(
                    f"Monica refused the token ({response.status_code}): make a personal "
                    "access token under Settings > API and pass it with --token"
                )
            if response.status_code >= 400:
                raise MonicaError(f"GET {path}: Monica answered {response.status_code}")
            return response
        raise MonicaError(f"GET {path}: still rate limited after {MAX_429} waits")

    async def pages(self, path: str, extra: dict[str, Any] | None = None) -> list[Any] | None:
        """Every item of a paged list (None when the endpoint does not exist)."""
        items: list[Any] = []
        page = 1
        while True:
            params = {"page": page, "limit": PAGE_SIZE, **(extra or {})}
            response = await self._get(path, params)
            if response is None:
                return None if page == 1 else items
            try:
                body = response.json()
            except ValueError as exc:
                raise MonicaError(f"GET {path}: not JSON") from exc
            data = body.get("data") if isinstance(body, dict) else body
            if not isinstance(data, list):
                raise MonicaError(f"GET {path}: no list under 'data'")
            items += data
            meta = body.get("meta") if isinstance(body, dict) else None
            last = meta.get("last_page") if isinstance(meta, dict) else None
            current = meta.get("current_page", page) if isinstance(meta, dict) else page
            if not data or last is None or int(current) >= int(last):
                return items
            page = int(current) + 1


async def fetch_dump(url: str, token: str, *, sleep: Sleep = asyncio.sleep) -> dict[str, Any]:
    """Everything the importer needs from a Monica instance, as one dump."""
    client = MonicaClient(url, token, sleep=sleep)
    try:
        contacts = await client.pages("/contacts", {"with": "contactfields"})
        if contacts is None:
            raise MonicaError(f"{client.base}/contacts not found: is this a Monica address?")
        per_contact: dict[str, dict[str, list[Any]]] = {}
        missing: list[str] = []
        for c in contacts:
            if c.get("is_partial"):
                continue
            lists: dict[str, list[Any]] = {}
            for kind in PER_CONTACT:
                found = await client.pages(f"/contacts/{c['id']}/{kind}")
                if found is None:
                    if kind not in missing:
                        missing.append(kind)
                    continue
                lists[kind] = found
            per_contact[str(c["id"])] = lists
        account: dict[str, list[Any]] = {}
        for kind in GLOBAL:
            found = await client.pages(f"/{kind}")
            if found is None:
                missing.append(kind)
            else:
                account[kind] = found
        return {
            "format": DUMP_FORMAT,
            "version": 1,
            "source": client.base,
            "contacts": contacts,
            "per_contact": per_contact,
            "account": account,
            "missing": missing,
        }
    finally:
        await client.close()
