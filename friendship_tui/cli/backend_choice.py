"""Turn the global options into an open Backend: local file, demo book, or a profile.

The one place that knows every backend kind; the app and every subcommand go through
``open_backend`` so ``--db``, ``--profile`` and ``--demo`` mean the same everywhere.

Profiles name a mode. Each mode has an opener in ``MODE_OPENERS``; the sync issue adds
``"sync"`` there (``register_mode("sync", opener)``) and builds its remote half with
``remote_backend_for(profile)``, exactly as mode ``"remote"`` does.
"""

from __future__ import annotations

from collections.abc import Callable

from ..profiles import Profile, ProfileError, Profiles
from ..store.base import Backend
from ..store.errors import ValidationError
from .options import GlobalOptions

ModeOpener = Callable[[Profile, GlobalOptions], Backend]


def remote_backend_for(profile: Profile, profiles: Profiles | None = None) -> Backend:
    """A RemoteBackend for a remote or sync profile (URL + stored token)."""
    from ..remote import RemoteBackend

    if not profile.url:
        raise ValidationError({"url": f"profile {profile.name!r} has no server URL"})
    token = (profiles or Profiles()).token(profile)
    return RemoteBackend(profile.url, token)


def _open_local_profile(profile: Profile, options: GlobalOptions) -> Backend:
    from ..store.local import open_local

    return open_local(options.db or profile.db)


def _open_remote_profile(profile: Profile, options: GlobalOptions) -> Backend:
    return remote_backend_for(profile)


def _open_sync_profile(profile: Profile, options: GlobalOptions) -> Backend:
    """A cache per profile in the data dir (or ``--db`` / the profile's ``db``)."""
    from ..sync.opening import cache_path_for, open_sync

    cache = cache_path_for(profile.name, options.db or profile.db)
    return open_sync(cache, remote_backend_for(profile))


MODE_OPENERS: dict[str, ModeOpener] = {
    "local": _open_local_profile,
    "remote": _open_remote_profile,
    "sync": _open_sync_profile,
}


def register_mode(mode: str, opener: ModeOpener) -> None:
    """Let another area (sync) add how a profile of ``mode`` is opened."""
    MODE_OPENERS[mode] = opener


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

    return open_local(options.db)
