"""The gate in front of Radicale: who is asking, what they may do, and how a refusal reads.

Every DAV request passes here first, in the WSGI thread:

- HTTP Basic with the user name and a personal access token as the password (the token
  must belong to that user); the token's rate bucket is the same one xapi2 uses;
- a body over ``MAX_BODY`` is 413 before it is read; another user's path is 404 (it
  does not exist for this caller, as in xapi2);
- writes are attributed to the token's name in the audit log (``acting_as``);
- when the storage refused a write (validation, a missing scope), Radicale's bare status
  is replaced by a DAV error body that carries the reason.

Radicale's own auth and rights plugins (below) only read what the gate decided.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from radicale import auth as rauth
from radicale import pathutils
from radicale import rights as rrights

from ...store.audit import acting_as
from ..accounts import Accounts, Principal
from ..rate_limit import TokenBuckets, retry_after_header
from .context import DavRequest, begin, current, end

FEEDS = ("birthdays", "reminders")  # the calendars a feed URL may read
MAX_BODY = 1024 * 1024  # a vCard with a photo fits; a whole book is never one PUT
REALM = 'Basic realm="friendship", charset="UTF-8"'
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               409: "Conflict", 413: "Content Too Large", 429: "Too Many Requests",
               503: "Service Unavailable"}  # fmt: skip


def dav_error(status: int, reason: str, headers: dict[str, str] | None = None) -> Any:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<D:error xmlns:D="DAV:" xmlns:F="https://friendship-tui.invalid/ns">'
        f"<F:reason>{escape(reason)}</F:reason></D:error>\n"
    ).encode()
    out = [("Content-Type", "application/xml; charset=utf-8"), ("Content-Length", str(len(body)))]
    return f"{status} {STATUS_TEXT.get(status, 'Error')}", out + list((headers or {}).items()), body


def same_user(user: str, login: str) -> bool:
    """Phones capitalise the first letter of a typed user name ("Alice"); the token
    decides who it is, the name only has to agree, whatever its case."""
    return user.casefold() == login.casefold()


def basic_credentials(environ: dict[str, Any]) -> tuple[str, str] | None:
    header = str(environ.get("HTTP_AUTHORIZATION", ""))
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        login, sep, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (login, password) if sep else None


def feed_credentials(environ: dict[str, Any]) -> tuple[str, str] | None:
    """``GET /dav/<user>/birthdays/?token=pat_…``: a webcal feed for calendar apps that
    can only subscribe to a URL (no login dialog). Reading calendars only."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    token = parse_qs(str(environ.get("QUERY_STRING", ""))).get("token", [""])[0]
    parts = pathutils.strip_path(pathutils.sanitize_path(str(environ.get("PATH_INFO", "/"))))
    user, _, rest = parts.partition("/")
    if not token or rest.rstrip("/") not in FEEDS:
        return None
    return user, token


def subscribing(environ: dict[str, Any]) -> bool:
    """A GET of a whole calendar collection: a calendar app subscribing to a feed."""
    path = pathutils.strip_path(pathutils.sanitize_path(str(environ.get("PATH_INFO", "/"))))
    parts = path.split("/") if path else []
    reading = environ.get("REQUEST_METHOD") in ("GET", "HEAD")
    return reading and len(parts) == 2 and parts[1] in FEEDS


def vcard_version(environ: dict[str, Any]) -> str:
    """4.0 when the client asks for it (``Accept: text/vcard; version=4.0`` on a GET, or
    ``<address-data version="4.0"/>`` in a REPORT), else 3.0."""
    accept = str(environ.get("HTTP_ACCEPT", "")).replace(" ", "").lower()
    if "version=4.0" in accept:
        return "4.0"
    if environ.get("REQUEST_METHOD") == "REPORT":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0) or -1)
        environ["wsgi.input"] = io.BytesIO(body)  # Radicale reads it again
        environ["CONTENT_LENGTH"] = str(len(body))
        if re.search(rb"""address-data[^>]*version\s*=\s*["']4\.0""", body):
            return "4.0"
    return "3.0"


class Gate:
    def __init__(self, radicale: WsgiApp, accounts: Accounts, buckets: TokenBuckets) -> None:
        self.radicale = radicale
        self.accounts = accounts
        self.buckets = buckets

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        status, headers, body = self.check(environ)
        if status:
            start_response(status, headers)
            return [body]
        principal: Principal = body
        if principal.user and basic_credentials(environ) is None:  # a feed URL's token
            login = base64.b64encode(f"{principal.user}:feed".encode()).decode()
            environ["HTTP_AUTHORIZATION"] = f"Basic {login}"  # Radicale's auth reads the gate
        req = DavRequest(principal, vcard_version(environ), tasks_as_events=subscribing(environ))
        begin(req)
        try:
            with acting_as(principal.token_name or principal.token_id):
                captured: list[Any] = []

                def capture(status: str, headers: list[Any], exc_info: Any = None) -> Any:
                    captured[:] = [status, headers]
                    return lambda data: None

                answer = list(self.radicale(environ, capture))
            if req.refusal is not None:
                retry = {"Retry-After": "1"} if req.refusal.status == 503 else None
                status, headers, data = dav_error(req.refusal.status, req.refusal.reason, retry)
                start_response(status, headers)
                return [data]
            status, headers = captured
            if environ.get("REQUEST_METHOD") == "PUT":
                # The stored card is our mapping of the client's, not its octets, so no
                # ETag (RFC 6352 6.3.2.3): the client fetches what was kept.
                headers = [(k, v) for k, v in headers if k.lower() != "etag"]
            start_response(status, headers)
            return answer
        finally:
            end()

    def check(self, environ: dict[str, Any]) -> tuple[str, list[Any], Any]:
        """("", [], principal) to go on, or a ready answer (status, headers, body)."""
        creds = basic_credentials(environ) or feed_credentials(environ)
        if creds is None and environ.get("REQUEST_METHOD") == "OPTIONS":
            return "", [], Principal("", "", frozenset())  # Radicale answers without data
        if creds is None:
            why = "log in with your user name and a token"
            return dav_error(401, why, {"WWW-Authenticate": REALM})
        login, password = creds
        principal = self.accounts.authenticate(password)
        if principal is None or not same_user(principal.user, login):
            why = "the token is invalid or revoked" if principal is None else "not your token"
            return dav_error(401, why, {"WWW-Authenticate": REALM})
        wait = self.buckets.take(principal.token_id)
        if wait is not None:
            retry = {"Retry-After": retry_after_header(wait)}
            return dav_error(429, "too many requests; slow down", retry)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            return dav_error(413, f"the body is over {MAX_BODY} bytes")
        path = pathutils.strip_path(pathutils.sanitize_path(str(environ.get("PATH_INFO", "/"))))
        first = path.split("/", 1)[0] if path else ""
        if first and first != principal.user and not first.startswith(".well-known"):
            return dav_error(404, "no such collection")
        return "", [], principal


class Auth(rauth.BaseAuth):
    """The gate has checked the token; the login is the gate's principal or nobody."""

    def _login(self, login: str, password: str) -> str:
        req = current()
        if req is not None and req.principal.user and same_user(req.principal.user, login):
            return req.principal.user  # the account's spelling names the paths
        return ""


class Rights(rrights.BaseRights):
    """Read where the token may list and read; write the book where it may write contacts.

    Capital letters are the principal and root (no collections can be made there); small
    ones are the collections' items.
    """

    def authorization(self, user: str, user_groups: Any, path: str) -> str:
        req = current()
        if req is None or not user or user != req.principal.user:
            return ""
        p = req.principal
        parts = pathutils.strip_path(path).split("/") if pathutils.strip_path(path) else []
        if len(parts) <= 1:
            return "R"
        if len(parts) > 2 or parts[0] != user:
            return ""
        name = parts[1]
        if name == "contacts":
            rights = "r" if p.allows("contact", "list") and p.allows("contact", "read") else ""
            if rights and any(p.allows("contact", a) for a in ("create", "update", "delete")):
                rights += "w"
            return rights
        if name == "birthdays":
            return "r" if p.allows("contact", "list") else ""
        if name == "reminders":
            return "r" if p.allows("reminder", "list") else ""
        return ""
