"""The client side of xapi2: RemoteBackend over httpx and the live-channel client."""

from .backend import DOC_ONLY, RemoteBackend, error_for, parse_retry_after
from .live import LiveChannel

__all__ = ["DOC_ONLY", "LiveChannel", "RemoteBackend", "error_for", "parse_retry_after"]
