"""A third-party-style xapi2 server: only the documented parts, and nothing more.

No ``/xapi2/capabilities``, no ``updated_since``, no live channel, and it ignores
``Idempotency-Key``: a repeated POST makes a second object. Lists are bare arrays in
creation order (newest first with ``sort=-created_at``), paged by ``after``/``limit``.
It runs in a thread (stdlib HTTP server) so the real CLI in a subprocess can talk to it
while the test watches its counts.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


class ThirdPartyServer:
    def __init__(self) -> None:
        self.objects: dict[str, dict[str, dict[str, Any]]] = {}
        self.lock = threading.Lock()
        self.refuse: set[str] = set()  # names a POST is refused for (400)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return None

            def _send(self, status: int, payload: Any) -> None:
                body = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> Any:
                size = int(self.headers.get("content-length") or 0)
                return json.loads(self.rfile.read(size) or b"{}")

            def do_GET(self) -> None:
                self._send(*owner.get(self.path))

            def do_POST(self) -> None:
                self._send(*owner.post(self.path, self._body()))

            def do_PATCH(self) -> None:
                self._send(*owner.patch(self.path, self._body()))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> ThirdPartyServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, type_: str) -> int:
        with self.lock:
            return len(self.objects.get(type_, {}))

    @staticmethod
    def _split(path: str) -> tuple[list[str], dict[str, str]]:
        parts = urlsplit(path)
        return parts.path.strip("/").split("/"), dict(parse_qsl(parts.query))

    def get(self, path: str) -> tuple[int, Any]:
        segs, query = self._split(path)
        if segs[:2] != ["xapi2", "data"] or len(segs) not in (3, 4):
            return 404, {"error": {"message": "no such endpoint"}}
        with self.lock:
            rows = list(self.objects.get(segs[2], {}).values())
        if len(segs) == 4:
            found = [o for o in rows if o["id"] == segs[3]]
            return (200, found[0]) if found else (404, {"error": {"message": "not found"}})
        if query.get("sort") == "-created_at":
            rows.reverse()  # the documented sort key; filters are not needed here
        if "after" in query:
            ids = [o["id"] for o in rows]
            rows = rows[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
        return 200, rows[: min(int(query.get("limit") or 50), 100)]

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        segs, _ = self._split(path)
        if segs[:2] != ["xapi2", "data"] or len(segs) != 3:
            return 404, {"error": {"message": "no such endpoint"}}
        if body.get("name") in self.refuse:  # a rule of this server's own
            fields = {"name": "is not accepted by this server"}
            return 400, {"error": {"code": "validation_error", "message": "bad", "fields": fields}}
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        obj = {**body, "id": uuid.uuid4().hex, "created_at": now, "updated_at": now}
        with self.lock:
            self.objects.setdefault(segs[2], {})[obj["id"]] = obj
        return 201, obj

    def patch(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        segs, _ = self._split(path)
        with self.lock:
            obj = self.objects.get(segs[2], {}).get(segs[3]) if len(segs) == 4 else None
            if obj is None:
                return 404, {"error": {"message": "not found"}}
            obj.update(body)
        return 200, obj
