"""The project's own xapi2 server: FastAPI routes derived from schema/, PAT auth with
hashed tokens and scopes, the /xapi2/ch live channel. Storage is store/."""

from .app import create_app
from .rate_limit import RateLimit
from .running import ThreadedServer, free_port

__all__ = ["RateLimit", "ThreadedServer", "create_app", "free_port"]
