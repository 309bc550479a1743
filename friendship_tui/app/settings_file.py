"""The settings file: what the app remembers between runs.

``settings.toml`` in the platformdirs config directory (``$FRIENDSHIP_SETTINGS`` names
another), read once at start:

    theme = "textual-light"      # any Textual theme; ``t`` switches and saves it here
    start_screen = "dashboard"   # dashboard | contacts | journal | checkin
    horizon_days = 14            # how far ahead the dashboard looks (0..366)

    [keys]                       # Textual keymap: binding id = "key[,key]"
    "everywhere.undo" = "ctrl+z"
    "dashboard.snooze" = "s"

A wrong value never stops the app: it is left out and named in one notification
("horizon_days: must be a whole number 0..366"). A file that is not valid TOML is read
as empty and never overwritten (it is the user's); ``t`` then keeps the theme for the
session only.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import config_dir, ensure_private_dir
from .settings import AppSettings

SETTINGS_ENV = "FRIENDSHIP_SETTINGS"
SETTINGS_FILENAME = "settings.toml"
START_SCREENS = ("dashboard", "contacts", "journal", "checkin")
KNOWN = ("theme", "start_screen", "horizon_days", "keys")
# Read lazily: most starts have no settings file, and the parser (tomllib) and the
# writer (json) would cost ~4 ms of CPU before the first screen for nothing.
_BARE_KEY = r"[A-Za-z0-9_-]+"


def settings_path() -> Path:
    chosen = os.environ.get(SETTINGS_ENV)
    return Path(chosen).expanduser() if chosen else config_dir() / SETTINGS_FILENAME


@dataclass(slots=True)
class FileSettings:
    """What a settings file holds, checked; ``problems`` names each value left out."""

    theme: str | None = None
    start_screen: str | None = None
    horizon_days: int | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    readable: bool = True  # False: not TOML; never written over


def _raw(path: Path) -> tuple[dict[str, Any], str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except OSError as err:
        return {}, f"{path}: cannot be read ({err.strerror})"
    import tomllib  # only for a file that exists

    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as err:
        return {}, f"{path}: not valid TOML ({err}); using the defaults"


def read_settings_file(path: Path) -> FileSettings:
    raw, problem = _raw(path)
    out = FileSettings(readable=problem is None)
    if problem:
        out.problems.append(problem)
    theme = raw.get("theme")
    if theme is not None:
        from textual.theme import BUILTIN_THEMES  # only for a file that names a theme

        if isinstance(theme, str) and theme.strip() in BUILTIN_THEMES:
            out.theme = theme.strip()
        else:
            out.problems.append(f"theme: not a theme (e.g. {', '.join(list(BUILTIN_THEMES)[:4])})")
    start = raw.get("start_screen")
    if start is not None:
        if start in START_SCREENS:
            out.start_screen = str(start)
        else:
            out.problems.append(f"start_screen: must be one of {', '.join(START_SCREENS)}")
    horizon = raw.get("horizon_days")
    if horizon is not None:
        if isinstance(horizon, int) and not isinstance(horizon, bool) and 0 <= horizon <= 366:
            out.horizon_days = horizon
        else:
            out.problems.append("horizon_days: must be a whole number 0..366")
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        out.problems.append('keys: must be a table of binding id = "key"')
        keys = {}
    for binding, key in _flat(keys).items():
        if isinstance(key, str) and key.strip():
            out.keys[str(binding)] = key.replace(" ", "")
        else:
            out.problems.append(f'keys.{binding}: must be a key string like "ctrl+z"')
    for name in raw:
        if name not in KNOWN:
            out.problems.append(f"{name}: not a setting (known: {', '.join(KNOWN)})")
    return out


def with_file(settings: AppSettings, path: Path | None = None) -> AppSettings:
    """``settings`` with the file's values on top, remembering where to save the theme."""
    where = path or settings_path()
    found = read_settings_file(where)
    changes: dict[str, Any] = {
        "settings_file": where if found.readable else None,
        "keymap": dict(found.keys),
        "settings_problems": tuple(found.problems),
    }
    if found.theme:
        changes["theme"] = found.theme
    if found.start_screen and settings.start_screen is None:
        changes["start_screen"] = found.start_screen
    if found.horizon_days is not None:
        changes["horizon_days"] = found.horizon_days
    return replace(settings, **changes)


def _toml_value(value: Any) -> str:
    import json  # only when the file is written

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml_key(key: str) -> str:
    import json

    return key if re.fullmatch(_BARE_KEY, key) else json.dumps(key, ensure_ascii=False)


def render_toml(doc: dict[str, Any]) -> str:
    """The settings as TOML: plain keys first, then one table per dict."""
    plain = {k: v for k, v in doc.items() if not isinstance(v, dict)}
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in plain.items()]
    for name, table in doc.items():
        if isinstance(table, dict):
            lines += ["", f"[{_toml_key(name)}]"]
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in _flat(table).items()]
    return "\n".join(lines) + "\n"


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"everywhere": {"undo": "ctrl+z"}}`` (an unquoted dotted key) as
    ``{"everywhere.undo": "ctrl+z"}``."""
    out: dict[str, Any] = {}
    for k, v in table.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def save_setting(path: Path, name: str, value: Any) -> bool:
    """Set one value in the file, keeping the others; False when the file is not TOML
    (left untouched). Written to a temporary file then renamed: never half a file."""
    raw, problem = _raw(path)
    if problem:
        return False
    raw[name] = value
    ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_toml(raw), encoding="utf-8")
    os.replace(tmp, path)
    return True


async def save_theme(path: Path, theme: str) -> None:
    """``t``: remember the theme (in a thread: a file write is I/O)."""
    import asyncio

    await asyncio.to_thread(save_setting, path, "theme", theme)
