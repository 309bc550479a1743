"""Where things live on disk: platformdirs paths and the database location.

Sits beside schema/ at the bottom of the layers: it imports nothing of ours.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "friendship-tui"
DB_ENV = "FRIENDSHIP_DB"
DB_FILENAME = "friendship.db"


def data_dir() -> Path:
    """The per-user data directory (created 0700 on first use by the store)."""
    import platformdirs  # here: ``--db PATH`` never needs it (~15 ms of imports)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path | str:
    """``--db PATH`` wins, then ``$FRIENDSHIP_DB``, then the platformdirs data dir. A
    SQLAlchemy URL (``postgresql+psycopg://...``) is returned as it is, not as a path."""
    chosen = explicit or os.environ.get(DB_ENV)
    if chosen:
        text = os.fspath(chosen)
        return text if "://" in text else Path(text).expanduser()
    return data_dir() / DB_FILENAME


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each 0700 (contact books are private).

    Directories that already exist are left as they are: they are the user's.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
        os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
