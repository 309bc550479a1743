"""The project's real xapi2 server in a subprocess, so tests can stop, kill and restart it.

One helper for the tests and the benchmarks: it lives in the package
(``friendship_tui/server/child.py``) because that is the one place both can import.
Users and tokens are written straight into the server's database with ``Accounts``.
"""

from __future__ import annotations

from friendship_tui.server.child import ServerProcess, free_port, serve_command

__all__ = ["ServerProcess", "free_port", "serve_command"]
