"""``friendship today --notify`` / ``--install-timer``: the morning digest reaches a real
local ntfy-style HTTP server and a real SMTP server (aiosmtpd); a channel that cannot
deliver is exit status 5 and one line, bad settings exit 2 naming the key."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sync.server_process import free_port

from friendship_tui.io import digest_timer
from friendship_tui.store.local import LocalBackend

from .conftest import Run

ON = "2026-11-25"


async def book(backend: LocalBackend) -> None:
    await backend.create("contact", {"name": "Ann Birthday", "birthday": "1986-11-26"})


class Topic:
    """A local HTTP server standing in for an ntfy topic: records each POST."""

    def __init__(self, status: int = 200) -> None:
        self.posts: list[tuple[dict[str, str], str]] = []
        self.status = status
        topic = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(size).decode("utf-8")
                topic.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(topic.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/my-topic"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def topic() -> Iterator[Topic]:
    t = Topic()
    yield t
    t.close()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FRIENDSHIP_SETTINGS", str(path))


def test_ntfy_topic_gets_the_agenda(
    run: Run, seed: Any, topic: Topic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(book)
    settings(tmp_path, monkeypatch, f'[digest]\nvia = "ntfy"\nntfy_url = "{topic.url}"\n')
    result = run("today", "--notify", "--date", ON)
    assert result.exit_code == 0, result.output
    assert len(topic.posts) == 1
    headers, body = topic.posts[0]
    assert headers["title"] == "Friendship: today"
    assert "Ann Birthday: Birthday (turns 40), tomorrow" in body
    assert "digest sent: ntfy" in result.stdout


def test_ntfy_refusal_is_exit_5_and_one_line(
    run: Run, seed: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(book)
    broken = Topic(status=500)
    try:
        settings(tmp_path, monkeypatch, f'[digest]\nvia = "ntfy"\nntfy_url = "{broken.url}"\n')
        result = run("today", "--notify", "--date", ON)
    finally:
        broken.close()
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1 and "ntfy" in result.stderr and "500" in result.stderr
    assert len(broken.posts) == 1  # it was tried, and the failure was said, not swallowed


def test_email_over_smtp(
    run: Run,
    seed: Any,
    smtp: tuple[Controller, Inbox],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(book)
    controller, inbox = smtp
    settings(
        tmp_path,
        monkeypatch,
        '[digest]\nvia = ["email"]\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {controller.port}\nsmtp_security = "none"\n'
        'email_from = "me@example.org"\nemail_to = "me@example.org"\ndays = 3\n',
    )
    result = run("today", "--notify", "--date", ON)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    msg = message_from_bytes(inbox.messages[0])
    assert msg["Subject"] == "Friendship: today" and msg["To"] == "me@example.org"
    text = msg.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "next 3 days" in text and "Ann Birthday" in text


def test_unreachable_smtp_and_missing_notify_send_each_say_so(
    run: Run, seed: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(book)
    monkeypatch.setenv("PATH", str(tmp_path))  # no notify-send or gdbus to be found
    settings(
        tmp_path,
        monkeypatch,
        '[digest]\nvia = ["desktop", "email"]\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\n'
        'smtp_security = "none"\nemail_from = "a@b.c"\nemail_to = ["a@b.c"]\n',
    )
    result = run("today", "--notify", "--date", ON)
    assert result.exit_code == 5
    line = result.stderr.strip()
    assert "\n" not in line
    assert "desktop: neither notify-send nor gdbus is installed" in line
    assert "email: 127.0.0.1:1" in line


def test_bad_settings_name_the_key(
    run: Run, seed: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(book)
    settings(tmp_path, monkeypatch, '[digest]\nvia = "pigeon"\n')
    result = run("today", "--notify", "--date", ON)
    assert result.exit_code == 2
    assert "[digest] via must name some of desktop, ntfy, email" in result.stderr


def test_timer_files_and_crontab_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = digest_timer.timer_files("07:30", ["friendship", "today", "--notify"])
    assert "ExecStart=friendship today --notify" in files.service
    assert "Type=oneshot" in files.service
    assert "OnCalendar=*-*-* 07:30:00" in files.timer and "Persistent=true" in files.timer
    assert "WantedBy=timers.target" in files.timer
    written = digest_timer.install("06:05", directory=tmp_path / "units", enable=False)
    assert len(written) == 2
    timer = (tmp_path / "units" / "friendship-digest.timer").read_text()
    assert "OnCalendar=*-*-* 06:05:00" in timer
    service = (tmp_path / "units" / "friendship-digest.service").read_text()
    assert "today --notify" in service and "friendship_tui.cli.main" in service

    # Where systemd is absent the CLI prints the crontab line and touches nothing.
    monkeypatch.setenv("PATH", str(tmp_path))
    settings(tmp_path, monkeypatch, '[digest]\nat = "06:45"\n')
    result = run("today", "--install-timer")
    assert result.exit_code == 0, result.output
    assert "crontab -e" in result.stdout
    assert "45 6 * * * " in result.stdout and "today --notify" in result.stdout
    assert f"--db {tmp_path / 'book.db'} today" in result.stdout  # the same book


def test_desktop_notification_through_notify_send(
    run: Run, seed: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in notify-send (an external program, not ours) records what it is given;
    one that fails makes the digest fail with its message."""
    seed(book)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "notified.txt"
    tool = bin_dir / "notify-send"
    tool.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\n')
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    settings(tmp_path, monkeypatch, '[digest]\nvia = "desktop"\ntitle = "Morning"\n')
    result = run("today", "--notify", "--date", ON)
    assert result.exit_code == 0, result.output
    args = record.read_text().splitlines()
    assert args[:2] == ["--app-name=friendship", "Morning"]
    assert any("Ann Birthday" in a for a in args[2:])

    tool.write_text('#!/bin/sh\necho "Cannot connect to the session bus" >&2\nexit 1\n')
    result = run("today", "--notify", "--date", ON)
    assert result.exit_code == 5
    assert result.stderr.strip() == (
        "digest not delivered: desktop: notify-send failed: Cannot connect to the session bus"
    )
