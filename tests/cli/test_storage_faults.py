"""A book that cannot be used is one line on stderr and exit 3, and the book is untouched.

Each test makes the fault for real (see faulty_books.py) and runs the real CLI in a
subprocess, as a cron job or a shell would. Before the store raised typed errors these
commands printed ~100-line tracebacks with SQL and contact data, said "Server
unavailable" for a local file, and created directories for a mistyped ``--db``.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .faulty_books import (
    CLI,
    LOCK_HOLDER,
    SECRET_NAME,
    assert_one_line_fault,
    digest,
    friendship,
    make_book,
    overwrite_middle,
)


def test_bytes_overwritten_in_the_middle(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    last_id = make_book(book)
    overwrite_middle(book)
    before = digest(book)
    for args in (
        ["contact", "list"],
        ["export"],
        ["contact", "create", "--name", "New Friend"],
        ["history", last_id],
    ):
        proc = friendship(book, *args)
        err = assert_one_line_fault(proc, book, "damaged", "doctor")
        assert err.startswith("Book damaged: ")
        assert digest(book) == before, args


def test_truncated_book(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    make_book(book, contacts=150)
    with open(book, "r+b") as f:
        f.truncate(100_000)
    before = digest(book)
    for args in (["contact", "list"], ["contact", "create", "--name", "New Friend"]):
        assert_one_line_fault(friendship(book, *args), book, "damaged")
        assert digest(book) == before


def test_damaged_header_is_not_a_server_problem(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    make_book(book, contacts=5)
    with open(book, "r+b") as f:
        f.write(b"\x00not sqlite\x00" * 8)
    before = digest(book)
    err = assert_one_line_fault(friendship(book, "contact", "list"), book, "not a friendship")
    assert "unavailable" not in err.lower()
    assert digest(book) == before


def test_missing_directory_is_not_a_new_book(tmp_path: Path) -> None:
    book = tmp_path / "no" / "such" / "dir" / "x.db"
    proc = friendship(book, "contact", "list")
    assert proc.returncode == 3
    assert len(proc.stderr.strip().splitlines()) == 1
    assert f"{tmp_path / 'no' / 'such' / 'dir'} does not exist" in proc.stderr
    assert not (tmp_path / "no").exists()


def test_a_new_book_is_announced_once(tmp_path: Path) -> None:
    book = tmp_path / "fresh.db"
    first = friendship(book, "contact", "list")
    assert first.returncode == 0
    assert first.stderr.strip() == f"Created a new book at {book}"
    again = friendship(book, "contact", "list")
    assert again.returncode == 0 and again.stderr == ""


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (tests run as root on this machine kind): a disk that really fills."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        check=True,
        capture_output=True,
    )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_full_during_a_local_import(tmp_path: Path, small_disk: Path) -> None:
    made = tmp_path / "made.db"  # seeded off the small disk, then copied on
    make_book(made, contacts=20)
    book = small_disk / "book.db"
    shutil.copyfile(made, book)
    rows = tmp_path / "many.csv"
    with rows.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "email", "notes"])
        for i in range(6000):
            writer.writerow([f"{SECRET_NAME} {i}", f"many{i}@example.org", "words " * 60])
    before = digest(book)
    proc = friendship(book, "import", str(rows))
    err = assert_one_line_fault(proc, book, "full", "not saved")
    assert err.startswith("Disk full: ")
    assert digest(book) == before
    listing = friendship(book, "contact", "list", "--json")
    assert listing.returncode == 0 and "many0@example.org" not in listing.stdout


def test_lock_held_past_the_busy_timeout(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    make_book(book, contacts=5)
    before = digest(book)
    holder = subprocess.Popen(
        [CLI[0], "-c", LOCK_HOLDER, str(book)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        proc = friendship(
            book,
            "contact",
            "create",
            "--name",
            "New Friend",
            env={"FRIENDSHIP_BUSY_TIMEOUT_MS": "200"},
        )
        err = assert_one_line_fault(proc, book, "locked by another program", "0.2 s")
        assert err.startswith("Book busy: ")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    assert digest(book) == before
    # once the other program lets go, the same command works
    assert friendship(book, "contact", "create", "--name", "New Friend").returncode == 0


def test_a_book_from_a_newer_release_is_named_and_left_alone(tmp_path: Path) -> None:
    """A book a newer release upgraded (another machine, a downgrade): one line saying
    so, no backup copy, no "Upgraded" notice, the file unchanged."""
    book = tmp_path / "book.db"
    make_book(book, contacts=5)
    with sqlite3.connect(book) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    db.close()
    before = digest(book)
    for args in (["contact", "list"], ["today"], ["contact", "create", "--name", "New Friend"]):
        proc = friendship(book, *args)
        err = assert_one_line_fault(proc, book, "newer release", "9999_from_the_future")
        assert err.startswith("Book from a newer release: ")
        assert "Upgraded" not in proc.stdout + proc.stderr
        assert digest(book) == before, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.db"]
