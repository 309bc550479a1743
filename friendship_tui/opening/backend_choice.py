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
from typing import TYPE_CHECKING

from ..config import data_dir, default_db_path
from ..store.base import Backend
from ..store.errors import BookMissing, ValidationError
from .options import GlobalOptions

if TYPE_CHECKING:  # imported where a profile is used: a plain --db never reads them
    from ..profiles import Profile, Profiles

ModeOpener = Callable[["Profile", GlobalOptions], Backend]


def remote_backend_for(profile: Profile, profiles: Profiles | None = None) -> Backend:
    """A RemoteBackend for a remote or sync profile (URL + stored token)."""
    from ..remote import RemoteBackend

    if not profile.url:
        raise ValidationError({"url": f"profile {profile.name!r} has no server URL"})
    from ..profiles import Profiles

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
    if parent.is_dir():
        return chosen
    home = data_dir().absolute()
    if parent != home and home not in parent.parents:
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


DEMO_CONTACTS = 50
DEMO_SEED = 7
DEMO_MODE = "demo (throw-away book)"  # what the header and the CLI say it is


def open_demo_backend(options: GlobalOptions, *, announce: bool = True) -> Backend:
    """A new book of sample contacts in a temp dir, removed when the process ends.

    ``--demo`` wins over ``--db`` and ``--profile``: a demo command can never touch a
    real book (``--demo contact delete ID --yes`` deletes from the sample only).
    """
    import atexit
    import shutil
    import sys
    import tempfile
    from pathlib import Path

    from ..store.local import LocalBackend, Store

    folder = Path(tempfile.mkdtemp(prefix="friendship-demo-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "demo.db"
    _fill_demo(path, options)  # on a thread: the caller may already run an event loop
    # A fresh backend for the caller: nothing in it is bound to the filling thread's loop.
    backend = LocalBackend(Store.open(str(path)), "me", owns_store=True)
    backend.mode = DEMO_MODE
    if announce:  # on stderr: stdout stays the command's own (JSON, CSV, a table)
        sys.stderr.write(
            f"Demo book: a throw-away book of {DEMO_CONTACTS} sample contacts; "
            "nothing here touches your real data and it is deleted on exit.\n"
        )
    return backend


def _fill_demo(path: object, options: GlobalOptions) -> None:
    import asyncio
    import threading

    from ..store.local import Store
    from ..store.sample_data import populate

    failure: list[BaseException] = []

    def fill() -> None:
        store = Store.open(str(path))
        try:
            asyncio.run(
                populate(store.backend("me"), DEMO_CONTACTS, options.clock.today(), DEMO_SEED)
            )
        except BaseException as exc:  # handed to the caller below
            failure.append(exc)
        finally:
            store.close()

    worker = threading.Thread(target=fill, name="demo-book")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


def open_backend(options: GlobalOptions) -> Backend:
    """Open what the options select: ``--demo``, ``--profile NAME``, else the local book."""
    if options.demo:
        return open_demo_backend(options)
    if options.profile:
        from ..profiles import ProfileError, Profiles

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
