"""Saved profiles (local | remote | sync, server URL) and where their tokens live.

Profiles are plain JSON in the platformdirs config dir (``profiles.json``: no secrets).
A token goes to the system keyring when a usable backend exists; on a headless machine
keyring raises at once (NoKeyringError), and then tokens go to ``tokens.json`` beside
the profiles, created 0600. ``FRIENDSHIP_NO_KEYRING=1`` forces the file.

Sits beside config.py at the bottom of the layers: imports nothing above it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config import config_dir, ensure_private_dir

PROFILES_FILE = "profiles.json"
TOKENS_FILE = "tokens.json"
KEYRING_SERVICE = "friendship-tui"
NO_KEYRING_ENV = "FRIENDSHIP_NO_KEYRING"
MODES = ("local", "remote", "sync")
NAME_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ProfileError(ValueError):
    """A bad profile request, with the field and the rule in the message."""


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    mode: str
    url: str | None = None
    db: str | None = None  # local and sync: the book (sync: the cache) to use
    token_store: str = "none"  # "keyring" | "file" | "none": where the token went

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_profile(name: str, mode: str, url: str | None) -> None:
    if not NAME_RULE.match(name):
        raise ProfileError(
            "name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if mode not in MODES:
        raise ProfileError("mode must be one of: " + ", ".join(MODES))
    if mode != "local":
        if not url:
            raise ProfileError(f"--url is required for mode {mode}")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ProfileError("url must be an absolute http(s) URL, e.g. https://example.org")


# ---------------------------------------------------------------- token storage


def _tokens_path(directory: Path) -> Path:
    return directory / TOKENS_FILE


def _write_private(path: Path, data: dict[str, Any]) -> None:
    """Write JSON readable only by the owner; the file never exists with wider rights."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise ProfileError(f"{path} is not valid JSON: {exc}") from exc
    return data if isinstance(data, dict) else {}


def _keyring_allowed() -> bool:
    return os.environ.get(NO_KEYRING_ENV, "").strip() not in ("1", "true", "yes")


def _keyring_set(name: str, token: str) -> bool:
    if not _keyring_allowed():
        return False
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, token)
    except Exception:  # NoKeyringError, a locked or broken backend: fall back to the file
        return False
    return True


def _keyring_get(name: str) -> str | None:
    if not _keyring_allowed():
        return None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, name)
    except Exception:
        return None


def _keyring_delete(name: str) -> None:
    if not _keyring_allowed():
        return
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, name)
    except Exception:
        return


# ---------------------------------------------------------------- the profile book


class Profiles:
    """The saved profiles in ``directory`` (default: the platformdirs config dir)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()

    @property
    def path(self) -> Path:
        return self.directory / PROFILES_FILE

    @property
    def tokens_path(self) -> Path:
        return _tokens_path(self.directory)

    def _load(self) -> dict[str, dict[str, Any]]:
        raw = _read_json(self.path).get("profiles", {})
        return raw if isinstance(raw, dict) else {}

    def _save(self, profiles: dict[str, dict[str, Any]]) -> None:
        _write_private(self.path, {"profiles": profiles})

    def all(self) -> list[Profile]:
        out = []
        for name, data in sorted(self._load().items()):
            out.append(
                Profile(
                    name=name,
                    mode=str(data.get("mode", "local")),
                    url=data.get("url"),
                    db=data.get("db"),
                    token_store=str(data.get("token_store", "none")),
                )
            )
        return out

    def get(self, name: str) -> Profile:
        for profile in self.all():
            if profile.name == name:
                return profile
        known = ", ".join(p.name for p in self.all()) or "none yet"
        raise ProfileError(
            f"no profile named {name!r} (known: {known}); add one with `friendship profile add`"
        )

    def add(
        self,
        name: str,
        mode: str,
        url: str | None = None,
        token: str | None = None,
        db: str | None = None,
    ) -> Profile:
        """Save (or replace) a profile and its token; the token never enters profiles.json."""
        check_profile(name, mode, url)
        if mode != "local" and not token:
            raise ProfileError(f"a token is required for mode {mode}")
        store = "none"
        if token:
            store = "keyring" if _keyring_set(name, token) else "file"
            if store == "file":
                tokens = _read_json(self.tokens_path)
                tokens[name] = token
                _write_private(self.tokens_path, tokens)
            else:
                self._forget_file_token(name)
        profiles = self._load()
        profile = Profile(
            name=name, mode=mode, url=url.rstrip("/") if url else None, db=db, token_store=store
        )
        data = profile.to_json()
        del data["name"]
        profiles[name] = data
        self._save(profiles)
        return profile

    def remove(self, name: str) -> None:
        profiles = self._load()
        if name not in profiles:
            raise ProfileError(f"no profile named {name!r}")
        del profiles[name]
        self._save(profiles)
        _keyring_delete(name)
        self._forget_file_token(name)

    def _forget_file_token(self, name: str) -> None:
        tokens = _read_json(self.tokens_path)
        if name in tokens:
            del tokens[name]
            _write_private(self.tokens_path, tokens)

    def token(self, profile: Profile) -> str:
        """The profile's token, from wherever it was stored."""
        token: str | None = None
        if profile.token_store == "keyring":
            token = _keyring_get(profile.name)
        if token is None:
            value = _read_json(self.tokens_path).get(profile.name)
            token = value if isinstance(value, str) else None
        if not token:
            raise ProfileError(
                f"no token stored for profile {profile.name!r}; run `friendship profile add` again"
            )
        return token
