"""One page of a list, as every backend returns it.

Its own module, still importable from store/base.py: a dataclass costs ~0.5 ms to
create, and the app's first screen (the dashboard) reads no list page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Page:
    """One page of a list. ``next_after`` is the keyset cursor for the next page."""

    items: list[dict[str, Any]]
    limit: int
    offset: int = 0
    total: int | None = None
    next_after: str | None = None
