"""The morning digest: the agenda sent where you will see it (desktop, ntfy, email).

Configured under ``[digest]`` in the settings file (``settings.toml`` in the config
directory, or ``$FRIENDSHIP_SETTINGS``)::

    [digest]
    via = ["desktop", "ntfy", "email"]   # one or more (desktop: notify-send or D-Bus)
    days = 7                              # how far ahead the agenda looks
    at = "07:30"                          # when --install-timer runs it
    ntfy_url = "https://ntfy.sh/my-secret-topic"
    ntfy_token = ""                       # for a protected topic (optional)
    smtp_host = "smtp.example.org"
    smtp_port = 587
    smtp_security = "starttls"            # starttls | ssl | none
    smtp_user = "me@example.org"
    smtp_password = "..."
    email_from = "me@example.org"
    email_to = "me@example.org"

Every channel either delivers or raises ``DeliveryError`` with one line saying which
channel failed and why: a digest is never lost silently. This module reads no textual
and no store; the CLI hands it the text.
"""

from __future__ import annotations

import os
import shutil
import smtplib
import ssl
import subprocess
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from ..config import config_dir

SETTINGS_ENV = "FRIENDSHIP_SETTINGS"
SETTINGS_FILE = "settings.toml"
CHANNELS = ("desktop", "ntfy", "email")
SECURITY = ("starttls", "ssl", "none")
TIMEOUT = 20.0  # seconds for one network delivery


class DigestError(ValueError):
    """The ``[digest]`` settings are missing or wrong (names the key and the rule)."""


class DeliveryError(RuntimeError):
    """A channel could not deliver: one line, naming the channel."""


def settings_path() -> Path:
    chosen = os.environ.get(SETTINGS_ENV)
    return Path(chosen).expanduser() if chosen else config_dir() / SETTINGS_FILE


@dataclass(frozen=True)
class DigestSettings:
    via: tuple[str, ...] = ("desktop",)
    days: int = 7
    at: str = "07:30"
    title: str = "Friendship: today"
    ntfy_url: str = ""
    ntfy_token: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_password: str = ""
    email_from: str = ""
    email_to: tuple[str, ...] = field(default_factory=tuple)


def _text(table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise DigestError(f"[digest] {key} must be a string")
    return value


def _int(table: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise DigestError(f"[digest] {key} must be a whole number from {low} to {high}")
    return value


def _list(table: dict[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = table.get(key, list(default))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DigestError(f"[digest] {key} must be a string or a list of strings")
    return tuple(value)


def parse_settings(table: dict[str, Any]) -> DigestSettings:
    via = _list(table, "via", ("desktop",))
    unknown = [v for v in via if v not in CHANNELS]
    if unknown or not via:
        raise DigestError(f"[digest] via must name some of {', '.join(CHANNELS)}")
    at = _text(table, "at", "07:30")
    hh, _, mm = at.partition(":")
    if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60 and len(mm) == 2):
        raise DigestError("[digest] at must be a time of day like 07:30")
    s = DigestSettings(
        via=via,
        days=_int(table, "days", 7, 0, 366),
        at=f"{int(hh):02d}:{mm}",
        title=_text(table, "title", "Friendship: today"),
        ntfy_url=_text(table, "ntfy_url", ""),
        ntfy_token=_text(table, "ntfy_token", ""),
        smtp_host=_text(table, "smtp_host", ""),
        smtp_port=_int(table, "smtp_port", 587, 1, 65535),
        smtp_security=_text(table, "smtp_security", "starttls"),
        smtp_user=_text(table, "smtp_user", ""),
        smtp_password=_text(table, "smtp_password", ""),
        email_from=_text(table, "email_from", ""),
        email_to=_list(table, "email_to", ()),
    )
    if "ntfy" in via and not s.ntfy_url.startswith(("http://", "https://")):
        raise DigestError("[digest] ntfy_url must be the topic's http(s) URL")
    if "email" in via:
        if not s.smtp_host or not s.email_to or not s.email_from:
            raise DigestError("[digest] email needs smtp_host, email_from and email_to")
        if s.smtp_security not in SECURITY:
            raise DigestError(f"[digest] smtp_security must be one of {', '.join(SECURITY)}")
    return s


def load_settings(path: Path | None = None) -> DigestSettings:
    """The ``[digest]`` table of the settings file; defaults when the file or table is
    absent (a desktop notification), a DigestError when it is unreadable or wrong."""
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DigestSettings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DigestError(f"cannot read {path}: {exc}") from None
    table = data.get("digest", {})
    if not isinstance(table, dict):
        raise DigestError(f"{path}: digest must be a table ([digest])")
    return parse_settings(table)


# ------------------------------------------------------------------ channels


def _desktop_command(s: DigestSettings, body: str) -> list[str] | None:
    """notify-send where present, else D-Bus through gdbus (GNOME's, also on KDE)."""
    exe = shutil.which("notify-send")
    if exe is not None:
        return [exe, "--app-name=friendship", s.title, body]
    gdbus = shutil.which("gdbus")
    if gdbus is not None:
        return [
            gdbus, "call", "--session", "--dest", "org.freedesktop.Notifications",
            "--object-path", "/org/freedesktop/Notifications",
            "--method", "org.freedesktop.Notifications.Notify",
            "friendship", "0", "", s.title, body, "[]", "{}", "-1",
        ]  # fmt: skip
    return None


def send_desktop(s: DigestSettings, body: str) -> str:
    command = _desktop_command(s, body)
    if command is None:
        raise DeliveryError(
            "desktop: neither notify-send nor gdbus is installed (package libnotify-bin)"
        )
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DeliveryError(f"desktop: {Path(command[0]).name} failed: {exc}") from None
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()
        reason = why[0] if why else f"exit status {done.returncode}"
        raise DeliveryError(f"desktop: {Path(command[0]).name} failed: {reason}")
    return "desktop notification"


def send_ntfy(s: DigestSettings, body: str) -> str:
    import httpx

    headers = {"Title": s.title.encode("utf-8").decode("latin-1"), "Tags": "calendar"}
    if s.ntfy_token:
        headers["Authorization"] = f"Bearer {s.ntfy_token}"
    try:
        r = httpx.post(s.ntfy_url, content=body.encode("utf-8"), headers=headers, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"ntfy: {s.ntfy_url}: {exc}") from None
    if r.status_code >= 300:
        raise DeliveryError(f"ntfy: {s.ntfy_url} answered {r.status_code} {r.text[:120].strip()}")
    return f"ntfy {s.ntfy_url}"


def send_email(s: DigestSettings, body: str) -> str:
    msg = EmailMessage()
    msg["Subject"] = s.title
    msg["From"] = s.email_from
    msg["To"] = ", ".join(s.email_to)
    msg.set_content(body)
    try:
        smtp: smtplib.SMTP
        if s.smtp_security == "ssl":
            ctx = ssl.create_default_context()
            smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=TIMEOUT, context=ctx)
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=TIMEOUT)
        with smtp:
            if s.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
            refused = smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"email: {s.smtp_host}:{s.smtp_port}: {exc}") from None
    if refused:
        raise DeliveryError(f"email: refused for {', '.join(refused)}")
    return f"email to {', '.join(s.email_to)}"


SENDERS = {"desktop": send_desktop, "ntfy": send_ntfy, "email": send_email}


def deliver(s: DigestSettings, body: str) -> list[str]:
    """Send through every configured channel; all are tried, and if any failed the
    DeliveryError lists each failure (the others still got the digest)."""
    done: list[str] = []
    failed: list[str] = []
    for channel in s.via:
        try:
            done.append(SENDERS[channel](s, body))
        except DeliveryError as exc:
            failed.append(str(exc))
    if failed:
        raise DeliveryError("; ".join(failed))
    return done
