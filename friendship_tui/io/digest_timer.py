"""Running the digest every morning: a systemd user timer, or a crontab line.

``friendship today --install-timer`` writes ``friendship-digest.service`` and
``friendship-digest.timer`` into the systemd user unit directory and enables the timer
(``Persistent=true``: a laptop that was off at 07:30 gets its digest when it wakes).
Where systemd is absent it prints the crontab line instead of editing anyone's crontab.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

UNIT = "friendship-digest"


@dataclass(frozen=True)
class TimerFiles:
    service: str
    timer: str


def digest_command(global_args: list[str] | None = None) -> list[str]:
    """The command the timer runs: this very interpreter and CLI, on the same book
    (``--db`` / ``--profile`` as given to --install-timer), with --notify. A relative
    ``--db`` path is made absolute: the timer does not start in today's directory."""
    args = list(global_args or [])
    for i, arg in enumerate(args[:-1]):
        if arg == "--db" and "://" not in args[i + 1]:
            args[i + 1] = str(Path(args[i + 1]).expanduser().resolve())
    return [sys.executable, "-m", "friendship_tui.cli.main", *args, "today", "--notify"]


def timer_files(at: str, command: list[str] | None = None) -> TimerFiles:
    cmd = " ".join(shlex.quote(p) for p in (command or digest_command()))
    service = (
        "[Unit]\n"
        "Description=friendship-tui morning digest\n"
        "Wants=network-online.target\n"
        "After=network-online.target\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={cmd}\n"
    )
    timer = (
        "[Unit]\n"
        "Description=friendship-tui morning digest, daily\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {at}:00\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return TimerFiles(service, timer)


def crontab_line(at: str, command: list[str] | None = None) -> str:
    hh, mm = at.split(":")
    cmd = " ".join(shlex.quote(p) for p in (command or digest_command()))
    return f"{int(mm)} {int(hh)} * * * {cmd}"


def unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def has_systemd() -> bool:
    return shutil.which("systemctl") is not None and Path("/run/systemd/system").is_dir()


def install(
    at: str,
    directory: Path | None = None,
    enable: bool = True,
    command: list[str] | None = None,
) -> list[str]:
    """Write the units; enable them when systemd runs. Returns what was done, one line
    each. Raises OSError / CalledProcessError for the caller to report."""
    directory = directory or unit_dir()
    directory.mkdir(parents=True, exist_ok=True)
    files = timer_files(at, command)
    done = []
    for suffix, text in (("service", files.service), ("timer", files.timer)):
        path = directory / f"{UNIT}.{suffix}"
        path.write_text(text, encoding="utf-8")
        done.append(f"wrote {path}")
    if enable:
        for args in (["daemon-reload"], ["enable", "--now", f"{UNIT}.timer"]):
            subprocess.run(["systemctl", "--user", *args], check=True, capture_output=True)
        done.append(f"enabled {UNIT}.timer (daily at {at}); see: systemctl --user list-timers")
    return done
