"""CardDAV and CalDAV under ``/dav/`` on ``friendship serve`` (Radicale over our store).

``add_dav(app, state)`` mounts the DAV server and the well-known discovery URLs, so a
phone or Thunderbird given only the server's address finds the book and calendars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import RedirectResponse

from .mount import DAV_PREFIX, DavMount

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ..state import ServerState


def add_dav(app: FastAPI, state: ServerState) -> None:
    async def well_known() -> RedirectResponse:
        return RedirectResponse(DAV_PREFIX + "/", status_code=301)

    for name in ("carddav", "caldav"):
        app.add_api_route(
            f"/.well-known/{name}",
            well_known,
            methods=["GET", "HEAD", "PROPFIND", "OPTIONS"],
            include_in_schema=False,
        )
    # A client given only the server's address asks its root (iOS, the caldav library)
    app.add_api_route("/", well_known, methods=["PROPFIND"], include_in_schema=False)
    app.mount(DAV_PREFIX, DavMount(state))


__all__ = ["add_dav"]
