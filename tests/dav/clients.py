"""Running the real DAV clients (vdirsyncer, khard) as the programs they are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run(program: str, *args: str, stdin: str = "") -> str:
    """Run a client from this venv; its failure fails the test with its own output."""
    done = subprocess.run(
        [str(BIN / program), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, f"{program} {args}: {done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def vdirsyncer_config(tmp: Path, url: str, user: str, token: str) -> Path:
    """A pair between a local vdir and the server, found from the server URL alone."""
    config = tmp / "vdirsyncer.conf"
    config.write_text(
        f"""[general]
status_path = "{tmp / "status"}/"

[pair book]
a = "book_local"
b = "book_remote"
collections = ["from b"]
conflict_resolution = "b wins"

[storage book_local]
type = "filesystem"
path = "{tmp / "vdir"}/"
fileext = ".vcf"

[storage book_remote]
type = "carddav"
url = "{url}/"
username = "{user}"
password = "{token}"
""",
        encoding="utf-8",
    )
    return config


def vdirsyncer_sync(config: Path, *, discover: bool = False) -> str:
    out = ""
    if discover:  # it asks before creating the local collection: answer yes
        out += run("vdirsyncer", "-c", str(config), "discover", "book", stdin="y\n" * 10)
    return out + run("vdirsyncer", "-c", str(config), "sync")


def khard_config(tmp: Path, book: Path) -> Path:
    config = tmp / "khard.conf"
    config.write_text(
        f"""[addressbooks]
[[friends]]
path = {book}/

[general]
default_action = list
editor = /bin/true
merge_editor = /bin/true
""",
        encoding="utf-8",
    )
    return config
