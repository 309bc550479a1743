"""Turn the global options into an open Backend: local file, demo book, or a profile.

The one place that knows every backend kind; the app and every subcommand go through
``open_backend`` so ``--db``, ``--profile`` and ``--demo`` mean the same everywhere.

Profiles name a mode (local, remote or sync); each mode has its opener in
``MODE_OPENERS``. A sync profile builds its remote half with ``remote_backend_for(profile)``,
exactly as mode ``"remote"`` does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..config import data_dir, default_db_path
from ..profiles import Profile, ProfileError, Profiles
from ..store.base import Backend
from ..store.errors import BookMissing, ValidationError
from .options import GlobalOptions

ModeOpener = Callable[[Profile, GlobalOptions], Backend]


def remote_backend_for(profile: Profile, profiles: Profiles | None = None) -> Backend:
    """A RemoteBackend for a remote or sync profile (URL + stored token)."""
    from ..remote import RemoteBackend

    if not profile.url:
        raise ValidationError({"url": f"profile {profile.name!r} has no server URL"})
    token = (profiles or Profiles()).token(profile)
    return RemoteBackend(profile.url, token)


def book_file(target: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a target names (None for a database URL), after checking that a
    new book would land in a directory that exists.

    A mistyped ``--db`` (or ``$FRIENDSHIP_DB``, or a profile's ``db``) in a cron line
    must fail, not quietly start a second, empty book in new directories. Only the
    default data dir (and folders inside it) is created for the user.
    """
    chosen = default_db_path(target)
    if isinstance(chosen, str):
        return None
    path = chosen.absolute()
    parent = path.parent
    home = data_dir().absolute()
    if not parent.is_dir() and parent != home and home not in parent.parents:
        why = "is not a directory" if parent.exists() else "does not exist"
        raise BookMissing(
            str(chosen),
            f"there is no book at {chosen}: {parent} {why}. "
            f"Check the path, or create the directory first (mkdir -p {parent}).",
        )
    return chosen


def open_book(target: str | os.PathLike[str] | None, opener: Callable[[], Backend]) -> Backend:
    """Check ``target``'s directory, open it, and say once on stderr if a book was made."""
    path = book_file(target)
    existed = path is None or path.exists()
    backend = opener()
    if not existed:
        sys.stderr.write(f"Created a new book at {path}\n")
    return backend


def _open_local_profile(profile: Profile, options: GlobalOptions) -> Backend:
    from ..store.local import open_local

    target = options.db or profile.db
    return open_book(target, lambda: open_local(target))


def _open_remote_profile(profile: Profile, options: GlobalOptions) -> Backend:
    return remote_backend_for(profile)


def _open_sync_profile(profile: Profile, options: GlobalOptions) -> Backend:
    """A cache per profile in the data dir (or ``--db`` / the profile's ``db``)."""
    from ..sync.opening import cache_path_for, open_sync

    cache = cache_path_for(profile.name, options.db or profile.db)
    return open_book(cache, lambda: open_sync(cache, remote_backend_for(profile)))


MODE_OPENERS: dict[str, ModeOpener] = {
    "local": _open_local_profile,
    "remote": _open_remote_profile,
    "sync": _open_sync_profile,
}


def open_backend(options: GlobalOptions) -> Backend:
    """Open what the options select: ``--profile NAME`` if given, else the local book."""
    if options.profile:
        try:
            profile = Profiles().get(options.profile)
        except ProfileError as exc:
            raise ValidationError({"profile": str(exc)}) from exc
        opener = MODE_OPENERS.get(profile.mode)
        if opener is None:
            raise ValidationError(
                {"profile": f"mode {profile.mode!r} is not available in this build"}
            )
        try:
            return opener(profile, options)
        except ProfileError as exc:
            raise ValidationError({"profile": str(exc)}) from exc
    from ..store.local import open_local

    return open_book(options.db, lambda: open_local(options.db))
