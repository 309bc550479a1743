"""Turn the global options into an open Backend: local file, demo book, or a profile.

The one place that knows every backend kind; the app and every subcommand go through
``open_backend`` so ``--db``, ``--profile`` and ``--demo`` mean the same everywhere.
"""

from __future__ import annotations

from ..store.base import Backend
from .options import GlobalOptions


def open_backend(options: GlobalOptions) -> Backend:
    """Open what the options select. Profiles (remote/sync) are added by their issues."""
    from ..store.local import open_local

    return open_local(options.db)
