"""Running the app under uvicorn: in the foreground (``friendship serve``) or in a
background thread of the current process (tests, and anything embedding a server)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI

from .limits import Limits, guarded_protocol
from .logs import install_redaction


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def uvicorn_config(app: FastAPI, host: str, port: int, **kwargs: Any) -> uvicorn.Config:
    """uvicorn's settings for ``app``, with the app's ``Limits`` (header deadline, frame
    size) applied to the protocols."""
    limits = getattr(app.state, "limits", None) or Limits()
    kwargs.setdefault("ws", "websockets-sansio")  # the legacy websockets protocol is deprecated
    kwargs.setdefault("http", guarded_protocol(limits.header_timeout))
    kwargs.setdefault("ws_max_size", limits.ws_max_frame)
    config = uvicorn.Config(app, host=host, port=port, lifespan="on", **kwargs)
    install_redaction()  # after Config: it (re)configures uvicorn's loggers
    return config


def serve_forever(app: FastAPI, host: str = "127.0.0.1", port: int = 8765, **kwargs: Any) -> None:
    server = uvicorn.Server(uvicorn_config(app, host, port, **kwargs))
    install_redaction()
    server.run()


class ThreadedServer:
    """``with ThreadedServer(app) as srv: srv.url`` - a real server on 127.0.0.1.

    The app runs on its own event loop in a daemon thread; leaving the block shuts it
    down (the lifespan closes live-channel connections first).
    """

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.app = app
        self.host = host
        self.port = port or free_port(host)
        self.server = uvicorn.Server(uvicorn_config(app, host, self.port, log_level="warning"))
        # (uvicorn only installs signal handlers in the main thread)
        self.thread = threading.Thread(target=self._run, name="xapi2-server", daemon=True)
        self.loop: asyncio.AbstractEventLoop | None = None

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server thread died while starting")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in time")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def call_in_loop(self, fn: Any, *args: Any) -> None:
        """Run a plain function on the server's loop (e.g. ``hub.disconnect_all``)."""
        assert self.loop is not None
        self.loop.call_soon_threadsafe(fn, *args)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
