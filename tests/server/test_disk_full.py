"""A full disk under the real ``friendship serve``: 507, not a 503 to retry for ever.

The server's database sits on a small tmpfs mounted for the test (the suite runs as
root, as CI does); a filler file takes the last free byte, so SQLite's own write fails
with "database or disk is full" exactly as on a real full disk. Freeing the space
lets the next write through: nothing was broken on the way.
"""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from .serve_cli import new_user, serve

TIMEOUT = 30.0


@contextmanager
def small_disk(where: Path, size: str = "4m") -> Iterator[Path]:
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def _fill(path: Path) -> int:
    """Write until the file system has no byte left; how many bytes that took."""
    written = 0
    block = b"\0" * 4096
    with path.open("wb", buffering=0) as out:
        while True:
            try:
                written += out.write(block)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                return written


def test_a_full_disk_is_507_without_retry_after(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        db = str(disk / "server.db")
        secret, _ = new_user(db, "pia")
        with serve(db, tmp_path / "serve.log") as served:
            h = {"Authorization": f"Bearer {secret}"}
            with httpx.Client(base_url=served.url, timeout=TIMEOUT, headers=h) as http:
                assert http.post("/xapi2/data/contact", json={"name": "fits"}).status_code == 201
                filler = disk / "filler"
                assert _fill(filler) > 0
                answer = None
                for i in range(2000):  # pages free inside the file are used up first
                    answer = http.post("/xapi2/data/contact", json={"name": f"c{i}" + "x" * 60})
                    if answer.status_code != 201:
                        break
                assert answer is not None
                assert answer.status_code == 507, answer.text
                assert "Retry-After" not in answer.headers
                error = answer.json()["error"]
                assert error["code"] == "insufficient_storage"
                assert "disk is full" in error["message"]
                # Room again: the next write is saved, and what was saved is all there.
                filler.unlink()
                again = http.post("/xapi2/data/contact", json={"name": "after"})
                assert again.status_code == 201, again.text
                listed = http.get("/xapi2/data/contact", params={"q": "fits"}).json()
                assert [c["name"] for c in listed["data"]] == ["fits"]
        assert "Traceback" not in served.log_text()
